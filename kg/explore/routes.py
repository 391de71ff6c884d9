"""The explorer's HTTP routes (mounted by :func:`kg.serve.app.create_app`).

=====================================  ==================================================
``GET /``                              the explorer page
``GET /api/graph``                     ``{nodes, edges, truncated}``: focus, depth, from, to,
                                       country, actor, type, limit (capped at max_nodes)
``GET /api/node?iri=``                 properties, claims and evidence of one node
``GET /api/search?q=``                 nodes by name, alias, acronym, title or file name
``GET /api/timeline``, ``/api/map``    incidents (same filters), map points and outlines
``GET /api/legend``                    node shapes and colours
``GET /documents/{id}?start=&end=``    a document's text with the span highlighted
``GET /static/...``                    the page's script and style; vis-network from pyvis
=====================================  ==================================================

Bad parameters answer 400 with a one-line message; unknown nodes or documents 404. Every
response carries the Content-Security-Policy :data:`~kg.explore.page.SERVER_CSP`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import KgError, ParameterError
from kg.explore import details, geo, nodes, page, panels, selection
from kg.store import KgStore

_HEADERS = {"Content-Security-Policy": page.SERVER_CSP, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer"}
_DOC_ID = re.compile(r"^[0-9a-f]{16}$")

Handler = Callable[[Request], Awaitable[Response]]


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
    """Turn the library's errors into 400 with one line, and add the security headers."""

    async def endpoint(request: Request) -> Response:
        try:
            response = await handler(request)
        except KgError as err:
            response = PlainTextResponse(f"{err}\n", status_code=400)
        except ValueError as err:
            response = PlainTextResponse(f"bad parameter: {err}\n", status_code=400)
        return _secure(response)

    return endpoint


def routes(store: KgStore, settings) -> list[BaseRoute]:  # noqa: ANN001 - ServeSettings (avoid a cycle)
    """The explorer's routes over ``store``; ``settings.max_nodes`` caps every answer."""
    max_nodes = settings.max_nodes

    def filters_of(request: Request, allow_walk: bool = True) -> selection.Filters:
        params = dict(request.query_params)
        if not allow_walk:
            for name in ("focus", "depth"):
                if name in params:
                    raise ParameterError(f"parameter '{name}' applies to /api/graph only")
        return selection.parse_filters(params, max_nodes)

    async def index(request: Request) -> Response:
        del request
        return HTMLResponse(page.render_explorer())

    async def graph(request: Request) -> Response:
        return JSONResponse(selection.select_graph(store, filters_of(request)).as_json())

    async def node(request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not iri:
            raise ParameterError("parameter 'iri' is required (a node's IRI)")
        if not selection.IRI_PATTERN.match(iri):
            raise ParameterError(f"parameter 'iri' must be an IRI, got {iri!r}")
        found = details.node_details(store, iri)
        if found is None:
            return PlainTextResponse(f"no node {iri} in the store\n", status_code=404)
        return JSONResponse(found)

    async def search(request: Request) -> Response:
        q = request.query_params.get("q", "").strip()
        if not q or len(q) > 200:
            raise ParameterError("parameter 'q' must be 1 to 200 characters")
        return JSONResponse({"results": panels.search(store, q)})

    async def timeline(request: Request) -> Response:
        return JSONResponse({"incidents": panels.incidents(store, filters_of(request, allow_walk=False))})

    async def map_points(request: Request) -> Response:
        found = panels.incidents(store, filters_of(request, allow_walk=False))
        return JSONResponse({"incidents": [i for i in found if i["position"]], "outlines": geo.outlines(),
                             "box": geo.SAHEL_BOX})

    async def legend(request: Request) -> Response:
        del request
        return JSONResponse({"legend": nodes.legend(), "maxNodes": max_nodes})

    async def document(request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        if not _DOC_ID.match(doc_id):
            raise ParameterError(f"document id must be 16 hexadecimal digits, got {doc_id!r}")
        start, end = _offset(request, "start"), _offset(request, "end")
        view = details.document_view(store, doc_id, start, end)
        if view is None:
            return PlainTextResponse(f"no document {doc_id} in the store\n", status_code=404)
        return HTMLResponse(page.render_document(view, start, end))

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
