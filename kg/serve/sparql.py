"""The SPARQL 1.1 Protocol at ``/sparql`` (and ``/sparql/``), and this module's routes.

``GET``/``POST`` a query (see :mod:`kg.serve.protocol` for the accepted forms): the result
in the negotiated format (:mod:`kg.serve.formats`), within the timeout and row cap
(:mod:`kg.serve.runner`). ``GET`` without a query: the service description (a browser
asking for HTML is sent to the editor instead). ``POST`` an update: 403 unless the server
was started with a write token and the request carries ``Authorization: Bearer TOKEN``.

Status codes: 400 malformed request or SPARQL (the parser's message, one line), 403
update refused, 405 method, 406 no acceptable format, 413 body too large, 415 wrong media
type or charset, 429 the client already has ``--per-client`` requests in flight
(:mod:`kg.serve.limits`), 500 the query's worker process died, 503 past the timeout.

:func:`routes` also mounts the named queries (:mod:`kg.serve.named`) and the editor;
:func:`runner_for` makes the runner they share.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from pyoxigraph import serialize
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from kg.errors import KgError
from kg.namespaces import PREFIXES
from kg.serve import formats, named, responses
from kg.serve.formats import Negotiation, NotAcceptable
from kg.serve.limits import ClientLimit, TooManyRequests
from kg.serve.protocol import Operation, ProtocolError, parse_request
from kg.serve.runner import QueryTimeout, Runner, WorkerFailed
from kg.serve.service import description
from kg.store import KgStore

if TYPE_CHECKING:
    from kg.serve.app import ServeSettings


def runner_for(store: KgStore, settings: ServeSettings) -> Runner:
    """The runner of ``settings``' limits over ``store``: worker processes when the store is
    on disk and ``settings.query_processes``, else worker threads."""
    path = store.path if settings.query_processes else None
    return Runner(store.oxigraph, timeout_s=settings.timeout_s, row_cap=settings.row_cap, path=path,
                  workers=settings.workers, memory_mb=settings.worker_memory_mb or None)


def routes(store: KgStore, settings: ServeSettings, runner: Runner | None = None) -> list[BaseRoute]:
    """``/sparql``, ``/queries``, ``/queries/{name}``, ``/editor`` and the editor's assets,
    over ``runner`` (default: :func:`runner_for`; its owner closes it)."""
    runner = runner or runner_for(store, settings)
    limit = ClientLimit(settings.per_client)
    endpoint = Endpoint(runner, settings, limit)
    library = named.NamedQueries(runner, limit)
    return [
        Route("/sparql", endpoint.handle, methods=["GET", "POST"]),
        Route("/sparql/", endpoint.handle, methods=["GET", "POST"]),
        *library.routes(),
        Route("/editor", named.editor, methods=["GET"]),
        Mount("/editor/assets", app=StaticFiles(directory=responses.STATIC), name="editor-assets"),
    ]


class Endpoint:
    """The ``/sparql`` handler over one runner."""

    def __init__(self, runner: Runner, settings: ServeSettings, limit: ClientLimit) -> None:
        self.runner = runner
        self.settings = settings
        self.limit = limit

    async def handle(self, request: Request) -> Response:
        """Answer one protocol request (see the module docstring)."""
        try:
            operation = await parse_request(request)
            if operation.kind == "describe-service":
                return self.describe(request, operation)
            with self.limit.slot(responses.client_address(request)):
                if operation.kind == "update":
                    return await self.update(request, operation)
                result = await self.runner.query(
                    operation.text, operation.dataset,
                    Negotiation(request.headers.get("accept"), operation.formats),
                    base_iri=responses.endpoint_url(request))
            return responses.answer(result)
        except ProtocolError as err:
            return responses.error(err.status, str(err))
        except KgError as err:
            return responses.error(400, str(err))
        except NotAcceptable as err:
            return responses.error(406, str(err))
        except TooManyRequests as err:
            return responses.error(429, str(err), {"Retry-After": "1"})
        except QueryTimeout as err:
            return responses.error(503, str(err), {"Retry-After": "60"})
        except WorkerFailed as err:
            return responses.error(500, str(err))
        except OSError as err:
            return responses.error(500, f"the store failed: {err}")

    def describe(self, request: Request, operation: Operation) -> Response:
        """The service description, or the editor for a browser."""
        accept = request.headers.get("accept")
        if not operation.formats and formats.prefers_html(accept):
            return RedirectResponse(str(request.url_for("editor")), status_code=303)
        fmt = formats.choose("construct", accept=accept, short=operation.formats)
        limits = (f"Each query may run {self.settings.timeout_s:g} s; a result holds at most "
                  f"{self.settings.row_cap} rows (X-KG-Truncated: true when cut); {self.settings.workers} "
                  f"queries run at once; a client may have {self.settings.per_client} requests in "
                  "flight (429 beyond).")
        triples = description(responses.endpoint_url(request), self.runner.store,
                              writable=self.settings.writable, limits=limits)
        body = serialize(triples, format=fmt.oxigraph, prefixes={"sd": PREFIXES.get("sd", _SD)})
        return Response(body, media_type=fmt.content_type, headers={**responses.NOSNIFF, "Vary": "Accept"})

    async def update(self, request: Request, operation: Operation) -> Response:
        """Run an update if the server is writable and the request bears its token."""
        token = self.settings.write_token
        if token is None:
            return responses.error(403, "this server is read-only: updates are refused (start it with "
                                        "'kg serve --allow-update TOKEN' to accept updates bearing TOKEN)")
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            return responses.error(403, "update refused: send 'Authorization: Bearer TOKEN' with the "
                                        "token this server was started with")
        await self.runner.update(operation.text, operation.dataset, base_iri=responses.endpoint_url(request))
        return Response(status_code=204, headers=responses.NOSNIFF)


_SD = "http://www.w3.org/ns/sparql-service-description#"
