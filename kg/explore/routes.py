"""The explorer's HTTP routes (mounted by :func:`kg.serve.app.create_app`).

=====================================  ==================================================
``GET /``                              the explorer page
``GET /api/graph``                     ``{nodes, edges, truncated}``: focus, depth, from, to,
                                       country, actor, type, claims, limit (capped)
``GET /api/node?iri=``                 properties, claims and evidence of one node
``GET /api/search?q=``                 nodes by name, alias, acronym, title or file name
``GET /api/timeline``, ``/api/map``    incidents (same filters), map points and outlines
``GET /api/legend``                    node shapes and colours
``GET /documents/{id}?start=&end=``    a document's text with the span highlighted
``GET /static/...``                    the page's script and style; vis-network from pyvis
=====================================  ==================================================

Bad parameters answer 400 with a one-line message; unknown nodes or documents 404. Every
response carries the Content-Security-Policy :data:`~kg.explore.page.SERVER_CSP`.

The store is never queried on the event loop: every endpoint that reads it runs that part
in one of :data:`WORKERS` threads (:mod:`kg.serve.workers`, a pool of its own, apart from
the SPARQL endpoint's), within the server's ``timeout_s`` like a SPARQL query. Past it,
or when no worker frees up before it, the client gets 503 with a one-line message, and
the server goes on answering other requests; pyoxigraph cannot stop a running query, so
its thread keeps computing until the query ends.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import KgError, ParameterError
from kg.explore import details, geo, nodes, page, panels, selection
from kg.serve.workers import Stopping, TimedOut, Workers
from kg.store import KgStore

WORKERS = 4

_HEADERS = {"Content-Security-Policy": page.SERVER_CSP, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer"}
_DOC_ID = re.compile(r"^[0-9a-f]{16}$")

Handler = Callable[[Request], Awaitable[Response]]
T = TypeVar("T")


def _secure(response: Response) -> Response:
    response.headers.update(_HEADERS)
    return response


class _SecureHeaders:
    """ASGI wrapper adding the security headers to every response of a mounted app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"],
                                      *((k.lower().encode(), v.encode()) for k, v in _HEADERS.items())]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _guarded(handler: Handler) -> Handler:
    """Turn the library's errors into 400 and a timeout into 503, each with one line, and
    add the security headers."""

    async def endpoint(request: Request) -> Response:
        try:
            response = await handler(request)
        except KgError as err:
            response = PlainTextResponse(f"{err}\n", status_code=400)
        except ValueError as err:
            response = PlainTextResponse(f"bad parameter: {err}\n", status_code=400)
        except TimedOut as err:
            response = PlainTextResponse(f"{err}\n", status_code=503, headers={"Retry-After": "60"})
        return _secure(response)

    return endpoint


def routes(store: KgStore, settings) -> list[BaseRoute]:  # noqa: ANN001 - ServeSettings (avoid a cycle)
    """The explorer's routes over ``store``; ``settings.max_nodes`` caps every answer and
    ``settings.timeout_s`` bounds the time of each."""
    max_nodes, timeout_s = settings.max_nodes, settings.timeout_s
    workers = Workers(WORKERS, name="kg-explore")

    async def off_loop(function: Callable[..., T], *args: object) -> T:
        """``function(*args)`` in a worker; TimedOut (503) with the message for the client."""
        try:
            return await workers.call(timeout_s, function, *args)
        except Stopping:
            raise
        except TimedOut:
            raise TimedOut(f"the request ran longer than this server's limit of {timeout_s:g} s (kg serve "
                           "--timeout); retry later, or narrow it (from, to, country, actor, type, limit)") from None

    def filters_of(request: Request, allow_walk: bool = True) -> selection.Filters:
        params = dict(request.query_params)
        if not allow_walk:
            for name in ("focus", "depth", "claims"):
                if name in params:
                    raise ParameterError(f"parameter '{name}' applies to /api/graph only")
        return selection.parse_filters(params, max_nodes)

    async def index(request: Request) -> Response:
        del request
        return HTMLResponse(page.render_explorer())

    async def graph(request: Request) -> Response:
        filters = filters_of(request)
        return JSONResponse(await off_loop(lambda: selection.select_graph(store, filters).as_json()))

    async def node(request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not iri:
            raise ParameterError("parameter 'iri' is required (a node's IRI)")
        if not selection.IRI_PATTERN.match(iri):
            raise ParameterError(f"parameter 'iri' must be an IRI, got {iri!r}")
        found = await off_loop(details.node_details, store, iri)
        if found is None:
            return PlainTextResponse(f"no node {iri} in the store\n", status_code=404)
        return JSONResponse(found)

    async def search(request: Request) -> Response:
        q = request.query_params.get("q", "").strip()
        if not q or len(q) > 200:
            raise ParameterError("parameter 'q' must be 1 to 200 characters")
        return JSONResponse({"results": await off_loop(panels.search, store, q)})

    async def timeline(request: Request) -> Response:
        filters = filters_of(request, allow_walk=False)
        return JSONResponse({"incidents": await off_loop(panels.incidents, store, filters)})

    async def map_points(request: Request) -> Response:
        filters = filters_of(request, allow_walk=False)

        def points() -> dict:
            found = panels.incidents(store, filters)
            return {"incidents": [i for i in found if i["position"]], "outlines": geo.outlines(),
                    "box": geo.SAHEL_BOX}

        return JSONResponse(await off_loop(points))

    async def legend(request: Request) -> Response:
        del request
        return JSONResponse({"legend": nodes.legend(), "maxNodes": max_nodes})

    async def document(request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        if not _DOC_ID.match(doc_id):
            raise ParameterError(f"document id must be 16 hexadecimal digits, got {doc_id!r}")
        start, end = _offset(request, "start"), _offset(request, "end")

        def rendered() -> str | None:
            view = details.document_view(store, doc_id, start, end)
            return None if view is None else page.render_document(view, start, end)

        html = await off_loop(rendered)
        if html is None:
            return PlainTextResponse(f"no document {doc_id} in the store\n", status_code=404)
        return HTMLResponse(html)

    return [
        Route("/", _guarded(index), methods=["GET"]),
        Route("/api/graph", _guarded(graph), methods=["GET"]),
        Route("/api/node", _guarded(node), methods=["GET"]),
        Route("/api/search", _guarded(search), methods=["GET"]),
        Route("/api/timeline", _guarded(timeline), methods=["GET"]),
        Route("/api/map", _guarded(map_points), methods=["GET"]),
        Route("/api/legend", _guarded(legend), methods=["GET"]),
        Route("/documents/{doc_id}", _guarded(document), methods=["GET"]),
        Mount("/static/vendor", app=_SecureHeaders(StaticFiles(directory=page.vis_folder()))),
        Mount("/static", app=_SecureHeaders(StaticFiles(directory=page.STATIC))),
    ]


def _offset(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ParameterError(f"parameter '{name}' must be a non-negative integer, got {raw!r}") from None
    if value < 0:
        raise ParameterError(f"parameter '{name}' must be a non-negative integer, got {value}")
    return value
