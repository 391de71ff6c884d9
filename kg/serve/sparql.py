"""Placeholder for the SPARQL 1.1 Protocol routes (built on another branch; replaced at merge).

Only ``GET /sparql`` answering an empty boolean result, so that the explorer's live-server
tests can tell when ``kg serve`` is up. Do not build on it.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route


def routes(store, settings) -> list[BaseRoute]:  # noqa: ANN001 - placeholder signature
    """One route: GET /sparql -> 200 with an empty SPARQL JSON boolean result."""
    del store, settings

    async def ping(request: Request) -> JSONResponse:
        del request
        return JSONResponse({"head": {}, "boolean": False}, media_type="application/sparql-results+json")

    return [Route("/sparql", ping, methods=["GET"])]
