"""Rendering: the explorer page, the document view, and the self-contained file of ``kg viz``.

Jinja2 with autoescaping on for every template: text from documents (names, quotes,
titles) is always escaped. The server's pages load every script and style from the
server (``/static/...``) under :data:`SERVER_CSP`; the file of ``kg viz`` inlines them and
allows exactly those inline blocks by their sha256 hashes. The data of the file sits in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` written as
``\\u003c``, ``\\u003e``, ``\\u0026``, so that no text can close the block.

>>> json_for_script({"quote": "</script><b>"})
'{"quote": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from kg.explore.details import DocumentView

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TITLE = "sahel-kg explorer"
#: What the server's pages may load: only from the server itself, no inline script or style.
SERVER_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
              "frame-ancestors 'none'; form-action 'self'")

_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=False, keep_trailing_newline=True)


def vis_folder() -> Path:
    """The folder of vis-network's files inside the installed pyvis package."""
    spec = find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise RuntimeError("pyvis is not installed; it ships vis-network (pip install pyvis)")
    return Path(spec.origin).parent / "lib" / "vis-9.1.2"


def json_for_script(data: object) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` block."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_explorer(depth: int = 2, focus: str = "") -> str:
    """The explorer page as the server sends it (scripts and styles by address)."""
    return _env.get_template("explorer.html").render(inline=False, title=TITLE, depth=depth, focus=focus)


def is_web_address(url: str) -> bool:
    """True for an http(s) address: the only kind the document view turns into a link."""
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def render_document(view: DocumentView, start: int | None, end: int | None) -> str:
    """The document view: text escaped, the span in ``<mark>``, the address a link only
    when it is an http(s) address."""
    return _env.get_template("document.html").render(view=view, start=start, end=end,
                                                     safe_url=is_web_address(view.url))


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render_file(data: dict, depth: int = 2, focus: str = "") -> str:
    """One self-contained HTML file: the explorer with its scripts, styles and ``data``
    inline, and a CSP that allows only those inline blocks and no network at all."""
    vis = vis_folder()
    vis_js = (vis / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (vis / "vis-network.css").read_text(encoding="utf-8")
    explorer_js = (STATIC / "explorer.js").read_text(encoding="utf-8")
    explorer_css = (STATIC / "explorer.css").read_text(encoding="utf-8")
    csp = (f"default-src 'none'; script-src {_sha256(vis_js)} {_sha256(explorer_js)}; "
           f"style-src {_sha256(vis_css)} {_sha256(explorer_css)}; img-src data:; "
           "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'")
    return _env.get_template("explorer.html").render(
        inline=True, title=TITLE, depth=depth, focus=focus, csp=csp, vis_js=vis_js, vis_css=vis_css,
        explorer_js=explorer_js, explorer_css=explorer_css, data_json=json_for_script(data))
