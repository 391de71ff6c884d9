"""Responses shared by the ``kg serve`` routes: one-line errors, results, HTML pages.

Every response says ``X-Content-Type-Options: nosniff``. An HTML page also gets a
Content-Security-Policy that allows scripts from this server only (no inline script, no
CDN), no framing, and no connection to any other host. Templates autoescape everything:
text from documents is untrusted.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from kg.serve.runner import Answer

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
VENDOR = STATIC / "vendor"
NOSNIFF = {"X-Content-Type-Options": "nosniff"}
# YASGUI sets style attributes in the markup it builds, hence 'unsafe-inline' for styles
# only; scripts come from this server alone.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
PAGE_HEADERS = {**NOSNIFF, "Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer",
                "X-Frame-Options": "DENY"}
_TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A one-line plain-text error."""
    return PlainTextResponse(message.splitlines()[0] + "\n", status_code=status,
                             headers={**NOSNIFF, **(headers or {})})


def answer(result: Answer) -> Response:
    """A serialised SPARQL result; ``X-KG-Truncated: true`` when the row cap cut it."""
    headers = {**NOSNIFF, "Vary": "Accept"}
    if result.truncated:
        headers["X-KG-Truncated"] = "true"
    return Response(result.body, media_type=result.format.content_type, headers=headers)


def page(request: Request, template: str, **context: object) -> HTMLResponse:
    """An HTML page from ``templates/``, with the security headers."""
    root = request.scope.get("root_path", "") + "/"
    html = _TEMPLATES.get_template(template).render(root=root, assets=root + "editor/assets", **context)
    return HTMLResponse(html, headers=PAGE_HEADERS)


def client_address(request: Request) -> str:
    """The client's address, as the per-client limit counts it."""
    return request.client.host if request.client else "unknown"


def endpoint_url(request: Request) -> str:
    """The absolute URL of the request's path (the base IRI of a query sent there)."""
    return str(request.url.replace(query="", fragment=""))
