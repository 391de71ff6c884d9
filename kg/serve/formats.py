"""Result formats of the SPARQL endpoint and the choice among them (content negotiation).

Every query form has its formats: SELECT the four W3C results formats (JSON first, the
default), ASK JSON and XML (the W3C defines no CSV/TSV boolean), CONSTRUCT and DESCRIBE
Turtle (the default), N-Triples, JSON-LD and RDF/XML. :func:`choose` picks one:

- from ``format=`` (which wins: links and plain HTML forms cannot set headers): a short
  name or a media type, read for the query form at hand, so that the names clients send
  whatever the query mean what they say: ``xml`` is SPARQL XML results for SELECT/ASK and
  RDF/XML for CONSTRUCT/DESCRIBE, ``json`` SPARQL JSON or JSON-LD. Several values (as
  SPARQLWrapper sends: ``format=rdf+xml&format=application/rdf+xml``): the first that the
  form has. A format of another form only (``format=csv`` on an ASK) gives way to the
  ``Accept`` header when the request has one that can be honoured; a name no form knows
  is refused, so that a typo is not silently answered in another format;
- else from the ``Accept`` header, by quality then by the server's order; ``*/*`` or no
  header gives the default.

Nothing acceptable is a :class:`NotAcceptable` naming what is.

>>> choose("select", accept="text/csv;q=0.5, application/sparql-results+xml").name
'xml'
>>> choose("construct", accept="*/*").name
'turtle'
>>> choose("select", short="xml").name, choose("construct", short="xml").name
('xml', 'rdfxml')
>>> choose("construct", accept="application/rdf+xml", short=("rdf+xml", "application/rdf+xml")).name
'rdfxml'
>>> choose("ask", short="csv")
Traceback (most recent call last):
...
kg.serve.formats.NotAcceptable: format 'csv' is not available for an ASK result; choose one of json, xml
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat


@dataclass(frozen=True)
class Format:
    """One output format: short name (``format=``), media types it answers to (the first is
    the one sent), the pyoxigraph format that writes it, and the other names clients give
    it in ``format=``."""

    name: str
    media_types: tuple[str, ...]
    oxigraph: QueryResultsFormat | RdfFormat
    aliases: tuple[str, ...] = ()

    def __reduce__(self) -> tuple:
        # Sent to and from worker processes by name: pyoxigraph's format enums do not pickle.
        return named, (self.name,)

    def answers_to(self, value: str) -> bool:
        """True when ``format=value`` (a short name or a media type) names this format."""
        return value in self.media_types if "/" in value else value == self.name or value in self.aliases

    @property
    def content_type(self) -> str:
        """The Content-Type header value (text types say UTF-8)."""
        media = self.media_types[0]
        return f"{media}; charset=utf-8" if media.startswith("text/") else media


JSON = Format("json", ("application/sparql-results+json", "application/json"), QueryResultsFormat.JSON,
              ("srj", "sparql-results+json"))
XML = Format("xml", ("application/sparql-results+xml", "application/xml", "text/xml"), QueryResultsFormat.XML,
             ("srx", "sparql-results+xml"))
CSV = Format("csv", ("text/csv",), QueryResultsFormat.CSV)
TSV = Format("tsv", ("text/tab-separated-values",), QueryResultsFormat.TSV)
TURTLE = Format("turtle", ("text/turtle", "application/x-turtle", "application/turtle"), RdfFormat.TURTLE,
                ("ttl", "n3"))   # Turtle is N3 too: SPARQLWrapper's N3 asks for Turtle first
NTRIPLES = Format("ntriples", ("application/n-triples", "text/plain"), RdfFormat.N_TRIPLES,
                  ("nt", "n-triples", "nt11"))
JSONLD = Format("jsonld", ("application/ld+json", "application/json", "application/x-json+ld"), RdfFormat.JSON_LD,
                ("json-ld", "json"))
RDFXML = Format("rdfxml", ("application/rdf+xml", "application/xml"), RdfFormat.RDF_XML,
                ("rdf+xml", "rdf", "xml", "rdf/xml"))

#: The formats of each query form, the default first.
BY_FORM: dict[str, tuple[Format, ...]] = {
    "select": (JSON, XML, CSV, TSV),
    "ask": (JSON, XML),
    "construct": (TURTLE, NTRIPLES, JSONLD, RDFXML),
}
#: Every format by its short name (names are unique across forms).
BY_NAME: dict[str, Format] = {fmt.name: fmt for forms in BY_FORM.values() for fmt in forms}


def named(name: str) -> Format:
    """The format called ``name`` (a key of :data:`BY_NAME`)."""
    return BY_NAME[name]


class NotAcceptable(Exception):
    """No format of this query form matches the request (HTTP 406)."""


@dataclass(frozen=True)
class Negotiation:
    """What a request asks for: its ``Accept`` header and its ``format=`` values. Called with
    a query form, the format to answer with (a plain value, so that it can be sent to a
    worker process with the query)."""

    accept: str | None = None
    short: tuple[str, ...] = ()

    def __call__(self, form: str) -> Format:
        return choose(form, accept=self.accept, short=self.short)


def choose(form: str, *, accept: str | None = None, short: str | Sequence[str] | None = None) -> Format:
    """The format to answer a ``form`` result with ("select", "ask" or "construct"); see the
    module docstring for the rules. NotAcceptable when none is."""
    formats = BY_FORM[form]
    wanted = [_normal(value) for value in ((short,) if isinstance(short, str) else short or ())]
    wanted = [value for value in wanted if value]
    for value in wanted:
        for fmt in formats:
            if fmt.answers_to(value):
                return fmt
    if wanted and (accept is None or not all(_known(value) for value in wanted)):
        shown = next(value for value in wanted if not _known(value)) if accept is not None else wanted[0]
        raise NotAcceptable(f"format '{shown}' is not available for {_a(form)} result; "
                            f"choose one of {', '.join(f.name for f in formats)}")
    # No format=, or one that names formats of other query forms only: the Accept header decides.
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
        raise NotAcceptable(f"none of the accepted media types ({accept}) is available for "
                            f"{_a(form)} result; accepted are {offered}")
    return best[2]


def _a(form: str) -> str:
    """"an ASK", "a SELECT", "a CONSTRUCT"."""
    return f"{'an' if form == 'ask' else 'a'} {form.upper()}"


def _normal(value: str) -> str:
    """A ``format=`` value as compared: lower case, without media type parameters."""
    return value.split(";")[0].strip().lower()


def _known(value: str) -> bool:
    """True when some query form has a format named ``value``."""
    return any(fmt.answers_to(value) for fmt in BY_NAME.values())


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
