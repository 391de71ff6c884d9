"""Result formats of the SPARQL endpoint and the choice among them (content negotiation).

Every query form has its formats: SELECT the four W3C results formats (JSON first, the
default), ASK JSON and XML (the W3C defines no CSV/TSV boolean), CONSTRUCT and DESCRIBE
Turtle (the default), N-Triples, JSON-LD and RDF/XML. :func:`choose` picks one from a
``format=`` short name (which wins: links and plain HTML forms cannot set headers) or
else from the ``Accept`` header, by quality then by the server's order; ``*/*`` or no
header gives the default. Nothing acceptable is a :class:`NotAcceptable` naming what is.

>>> choose("select", accept="text/csv;q=0.5, application/sparql-results+xml").name
'xml'
>>> choose("construct", accept="*/*").name
'turtle'
>>> choose("ask", short="csv")
Traceback (most recent call last):
...
kg.serve.formats.NotAcceptable: format 'csv' is not available for an ASK result; choose one of json, xml
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat


@dataclass(frozen=True)
class Format:
    """One output format: short name (``format=``), media types it answers to (the first is
    the one sent), and the pyoxigraph format that writes it."""

    name: str
    media_types: tuple[str, ...]
    oxigraph: QueryResultsFormat | RdfFormat

    @property
    def content_type(self) -> str:
        """The Content-Type header value (text types say UTF-8)."""
        media = self.media_types[0]
        return f"{media}; charset=utf-8" if media.startswith("text/") else media


JSON = Format("json", ("application/sparql-results+json", "application/json"), QueryResultsFormat.JSON)
XML = Format("xml", ("application/sparql-results+xml", "application/xml", "text/xml"), QueryResultsFormat.XML)
CSV = Format("csv", ("text/csv",), QueryResultsFormat.CSV)
TSV = Format("tsv", ("text/tab-separated-values",), QueryResultsFormat.TSV)
TURTLE = Format("turtle", ("text/turtle", "application/x-turtle"), RdfFormat.TURTLE)
NTRIPLES = Format("ntriples", ("application/n-triples", "text/plain"), RdfFormat.N_TRIPLES)
JSONLD = Format("jsonld", ("application/ld+json", "application/json"), RdfFormat.JSON_LD)
RDFXML = Format("rdfxml", ("application/rdf+xml", "application/xml"), RdfFormat.RDF_XML)

#: The formats of each query form, the default first.
BY_FORM: dict[str, tuple[Format, ...]] = {
    "select": (JSON, XML, CSV, TSV),
    "ask": (JSON, XML),
    "construct": (TURTLE, NTRIPLES, JSONLD, RDFXML),
}
ALIASES = {"ttl": "turtle", "nt": "ntriples", "json-ld": "jsonld", "rdf": "rdfxml"}


class NotAcceptable(Exception):
    """No format of this query form matches the request (HTTP 406)."""


def choose(form: str, *, accept: str | None = None, short: str | None = None) -> Format:
    """The format to answer a ``form`` result with ("select", "ask" or "construct")."""
    formats = BY_FORM[form]
    if short:
        wanted = ALIASES.get(short.lower(), short.lower())
        for fmt in formats:
            if fmt.name == wanted:
                return fmt
        raise NotAcceptable(f"format '{short}' is not available for an {form.upper()} result; "
                            f"choose one of {', '.join(f.name for f in formats)}")
    ranges = parse_accept(accept or "*/*")
    best: tuple[float, int, Format] | None = None
    for order, fmt in enumerate(formats):
        # Wildcards (text/*, */*) reach a format by its main media type only: text/* asks for
        # CSV or TSV, not for XML under its alias text/xml.
        quality = max([_quality(fmt.media_types[0], ranges),
                       *(q for alias in fmt.media_types[1:] for media, q in ranges if media == alias)])
        if quality > 0 and (best is None or (quality, -order) > (best[0], -best[1])):
            best = (quality, order, fmt)
    if best is None:
        offered = ", ".join(fmt.media_types[0] for fmt in formats)
        raise NotAcceptable(f"none of the accepted media types ({accept}) is available for an "
                            f"{form.upper()} result; accepted are {offered}")
    return best[2]


def parse_accept(header: str) -> list[tuple[str, float]]:
    """``Accept`` header -> [(media range, quality)], malformed parts skipped.

    >>> parse_accept("text/csv;q=0.5, */*;q=0.1, text/html")
    [('text/csv', 0.5), ('*/*', 0.1), ('text/html', 1.0)]
    """
    ranges = []
    for part in header.split(","):
        media, *params = [piece.strip() for piece in part.split(";")]
        if "/" not in media:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges


def prefers_html(accept: str | None) -> bool:
    """True when ``text/html`` is explicitly accepted at least as well as anything else
    (a browser navigating), so that a page can answer instead of data."""
    ranges = parse_accept(accept or "")
    html = max((q for media, q in ranges if media in ("text/html", "application/xhtml+xml")), default=0.0)
    return html > 0 and html >= max((q for media, q in ranges if media != "*/*"), default=0.0)


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The quality the client gives ``media``: the most specific matching range wins."""
    kind = media.split("/")[0]
    best_specificity, quality = -1, 0.0
    for pattern, q in ranges:
        if pattern == media:
            specificity = 2
        elif pattern == f"{kind}/*":
            specificity = 1
        elif pattern == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best_specificity, quality = specificity, q
    return quality
