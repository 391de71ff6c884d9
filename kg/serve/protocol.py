"""An HTTP request to ``/sparql`` -> the SPARQL operation it asks for (SPARQL 1.1 Protocol).

The three ways the protocol allows, and nothing else:

- ``GET`` with ``query=`` (and ``default-graph-uri`` / ``named-graph-uri``) in the URL;
- ``POST`` ``application/x-www-form-urlencoded`` with ``query=`` or ``update=`` (and the
  dataset parameters) in the body or the URL;
- ``POST`` ``application/sparql-query`` or ``application/sparql-update`` with the
  SPARQL text as the body, the dataset parameters in the URL.

Bodies and parameters must be UTF-8. Anything else is a :class:`ProtocolError` carrying
the HTTP status (400 malformed, 413 too large, 415 wrong media type or charset) and a
one-line message. A ``GET`` with neither ``query`` nor ``update`` asks for the service
description (``Operation.kind == "describe-service"``). ``format=`` (and ``output=``, which
some clients send instead) may be given several times: every value is kept, in order, for
:func:`kg.serve.formats.choose`.

>>> parse_parts("GET", None, b"", "query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fg").dataset
Dataset(default_graphs=('http://g',), named_graphs=())
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

if TYPE_CHECKING:   # the query worker processes unpickle a Dataset without loading Starlette
    from starlette.requests import Request

MAX_BODY = 1 << 20  # 1 MiB of SPARQL is far beyond any hand-written query
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
_QUERY_DATASET = ("default-graph-uri", "named-graph-uri")
_UPDATE_DATASET = ("using-graph-uri", "using-named-graph-uri")
_FORMAT = ("format", "output")


class ProtocolError(Exception):
    """A request the protocol does not allow: ``status`` and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset the request names; empty means the server's default (the union of
    all named graphs as default graph, every named graph available)."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True)
class Operation:
    """What to do: ``kind`` is "query", "update" or "describe-service"; ``text`` the SPARQL;
    ``formats`` the ``format=`` / ``output=`` values (an extension for links, forms and the
    clients that send them), empty ones left out."""

    kind: str
    text: str = ""
    dataset: Dataset = field(default_factory=Dataset)
    formats: tuple[str, ...] = ()


async def parse_request(request: Request) -> Operation:
    """Read and check ``request``; ProtocolError if the protocol does not allow it."""
    body = b""
    if request.method == "POST":
        size = request.headers.get("content-length")
        if size and size.isdigit() and int(size) > MAX_BODY:
            raise ProtocolError(413, f"request body over {MAX_BODY} bytes")
        body = await request.body()
        if len(body) > MAX_BODY:
            raise ProtocolError(413, f"request body over {MAX_BODY} bytes")
    query_string = request.scope.get("query_string", b"").decode("latin-1")
    return parse_parts(request.method, request.headers.get("content-type"), body, query_string)


def parse_parts(method: str, content_type: str | None, body: bytes, query_string: str) -> Operation:
    """The protocol's rules over the raw parts of a request (see the module docstring)."""
    url_params = _form(query_string, "the URL's query string")
    if method == "GET":
        if "update" in url_params:
            raise ProtocolError(400, "updates must be sent with POST, not GET")
        if "query" not in url_params:
            return Operation("describe-service", formats=_formats(url_params))
        return _operation("query", url_params)
    media, charset = _media_type(content_type)
    if media == FORM:
        params = _form(_utf8(body, charset), "the form body")
        for name, values in url_params.items():
            params.setdefault(name, []).extend(values)
        kinds = [kind for kind in ("query", "update") if kind in params]
        if len(kinds) != 1:
            raise ProtocolError(400, "a form POST needs exactly one of 'query=' or 'update='")
        return _operation(kinds[0], params)
    if media in (QUERY, UPDATE):
        kind = "query" if media == QUERY else "update"
        for name in ("query", "update"):
            if name in url_params:
                raise ProtocolError(400, f"a {media} POST carries the SPARQL text in its body, "
                                         f"not in a '{name}=' URL parameter")
        return _operation(kind, {**url_params, kind: [_utf8(body, charset)]})
    shown = content_type or "no Content-Type"
    raise ProtocolError(415, f"a POST to /sparql needs Content-Type {FORM}, {QUERY} or {UPDATE} "
                             f"(got {shown})")


def _operation(kind: str, params: dict[str, list[str]]) -> Operation:
    text = _one(params, kind)
    allowed, other = (_QUERY_DATASET, _UPDATE_DATASET) if kind == "query" else (_UPDATE_DATASET, _QUERY_DATASET)
    for name in other:
        if name in params:
            raise ProtocolError(400, f"'{name}' does not apply to a {kind}; "
                                     f"use {' / '.join(allowed)}")
    dataset = Dataset(tuple(params.get(allowed[0], [])), tuple(params.get(allowed[1], [])))
    return Operation(kind, text, dataset, _formats(params))


def _formats(params: dict[str, list[str]]) -> tuple[str, ...]:
    return tuple(value for name in _FORMAT for value in params.get(name, []) if value.strip())


def _one(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name, [])
    if len(values) > 1:
        raise ProtocolError(400, f"'{name}' is given {len(values)} times; give it once")
    if not values:
        raise ProtocolError(400, f"'{name}' is missing")
    if not values[0].strip():
        raise ProtocolError(400, f"'{name}' is empty")
    return values[0]


def _form(encoded: str, where: str) -> dict[str, list[str]]:
    """``a=1&a=2&b=3`` -> {"a": ["1", "2"], "b": ["3"]}; percent-escapes must be UTF-8."""
    params: dict[str, list[str]] = {}
    try:
        pairs = parse_qsl(encoded, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"{where} is not UTF-8") from None
    for name, value in pairs:
        params.setdefault(name, []).append(value)
    return params


def _media_type(content_type: str | None) -> tuple[str | None, str | None]:
    """``application/sparql-query; charset=UTF-8`` -> ("application/sparql-query", "utf-8")."""
    if not content_type:
        return None, None
    media, *params = [part.strip() for part in content_type.split(";")]
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


def _utf8(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8", "us-ascii"):
        raise ProtocolError(415, f"the body must be UTF-8 (the request says charset={charset})")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not UTF-8") from None
