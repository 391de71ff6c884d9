"""One SPARQL query evaluated on one pyoxigraph Store, cut at the row cap, serialised.

This is the body of a query, wherever it runs: in a worker process of
:mod:`kg.serve.processes` (over an on-disk store) or in a worker thread of the server
(over an in-memory one); :mod:`kg.serve.runner` decides which.

- **Dataset.** A query runs over the union of all named graphs (the project's default),
  unless the request names a dataset (``default-graph-uri`` / ``named-graph-uri``, which
  win) or the query has its own ``FROM``. The project's prefixes are predeclared; relative
  IRIs resolve against the endpoint's URL (``base_iri``). ``SERVICE`` and ``LOAD`` are
  refused (:func:`kg.serve.sparqltext.forbid_network`).
- **Row cap.** A SELECT returns at most ``row_cap`` rows, a CONSTRUCT/DESCRIBE at most
  ``row_cap`` triples; :attr:`Answer.truncated` says when more were cut.
- **Errors.** QueryError for bad SPARQL or an evaluation error (one line), NotAcceptable
  when ``choose`` has no format for the result's form, QueryTimeout when ``deadline``
  passes or ``cancelled`` is set between two rows.

>>> from pyoxigraph import Store
>>> answer = evaluate(Store(), "ASK {}", Dataset(), lambda form: formats.JSON, base_iri=None, row_cap=10)
>>> answer.body, answer.truncated
(b'{"head":{},"boolean":true}', False)
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    Store,
    Triple,
    parse_query_results,
    serialize,
)

from kg.errors import QueryError
from kg.namespaces import PREFIXES
from kg.serve import formats
from kg.serve.protocol import Dataset
from kg.serve.sparqltext import forbid_network, names_dataset

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: Given the query form ("select", "ask" or "construct"), the format to answer with. A query
#: sent to a worker process needs one that pickles: :class:`kg.serve.formats.Negotiation`.
Chooser = Callable[[str], formats.Format]


class QueryTimeout(Exception):
    """The query ran past the server's timeout, or the server began to stop (HTTP 503)."""


@dataclass(frozen=True)
class Answer:
    """A serialised result: bytes, its format, and whether the row cap cut it."""

    body: bytes
    format: formats.Format
    truncated: bool = False


def evaluate(store: Store, text: str, dataset: Dataset, choose: Chooser, *, base_iri: str | None,
             row_cap: int, deadline: float | None = None, cancelled: threading.Event | None = None) -> Answer:
    """``text`` over ``store`` (see the module docstring), in the calling thread."""
    try:
        return _answer(store, text, dataset, choose, base_iri, row_cap, deadline, cancelled)
    except RuntimeError as err:   # an evaluation error Oxigraph reports while iterating
        raise QueryError(f"SPARQL query failed: {first_line(err)}") from None


def _answer(store: Store, text: str, dataset: Dataset, choose: Chooser, base_iri: str | None, row_cap: int,
            deadline: float | None, cancelled: threading.Event | None) -> Answer:
    result = items = item = None
    try:
        result = _run(store, text, dataset, base_iri)
        if isinstance(result, QueryBoolean):
            fmt = choose("ask")
            return Answer(result.serialize(format=fmt.oxigraph), fmt)
        form = "select" if isinstance(result, QuerySolutions) else "construct"
        fmt = choose(form)
        items = []
        for item in result:
            if cancelled is not None and cancelled.is_set():
                raise QueryTimeout("cancelled")
            if deadline is not None and time.monotonic() > deadline:
                raise QueryTimeout("deadline passed")
            if len(items) == row_cap:
                break
            items.append(item)
        truncated = len(items) == row_cap and next(result, None) is not None
        if form == "construct":
            return Answer(serialize(items, format=fmt.oxigraph, prefixes=PREFIXES), fmt, truncated)
        return Answer(_solutions_bytes(result.variables, items, fmt), fmt, truncated)
    finally:
        # pyoxigraph's results must be dropped by the thread that made them, and a raised
        # exception's traceback keeps this frame's locals alive on its way to another thread.
        result = items = item = None  # noqa: F841


def _run(store: Store, text: str, dataset: Dataset, base_iri: str | None):  # noqa: ANN202
    forbid_network(text)
    options: dict = {"base_iri": base_iri, "prefixes": PREFIXES}
    if dataset:
        options["default_graph"] = [_graph(g) for g in dataset.default_graphs]
        options["named_graphs"] = [_graph(g) for g in dataset.named_graphs]
    elif not names_dataset(text):
        options["use_default_graph_as_union"] = True
    try:
        return store.query(text, **options)
    except SyntaxError as err:
        raise QueryError(f"SPARQL syntax error: {first_line(err)}") from None


def _solutions_bytes(variables: list, rows: list, fmt: formats.Format) -> bytes:
    """SELECT rows (already taken from the result) in ``fmt``: written as SPARQL JSON, then
    re-serialised by pyoxigraph for the other formats, so that each is the W3C format."""
    names = [v.value for v in variables]
    document = {"head": {"vars": names},
                "results": {"bindings": [{name: _json_term(row[name]) for name in names
                                          if row[name] is not None} for row in rows]}}
    encoded = json.dumps(document, ensure_ascii=False).encode("utf-8")
    if fmt.oxigraph == QueryResultsFormat.JSON:
        return encoded
    return parse_query_results(encoded, QueryResultsFormat.JSON).serialize(format=fmt.oxigraph)


def _json_term(term: object) -> dict:
    """One RDF term in the SPARQL 1.1 JSON results format."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        encoded = {"type": "literal", "value": term.value}
        if term.language:
            encoded["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            encoded["datatype"] = term.datatype.value
        return encoded
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def _graph(iri: str) -> NamedNode:
    try:
        return NamedNode(iri)
    except ValueError:
        raise QueryError(f"graph {iri!r} is not an absolute IRI") from None


def first_line(err: BaseException) -> str:
    """The first line of an error's message, at most 300 characters."""
    line = (str(err).strip().splitlines() or [type(err).__name__])[0]
    return line if len(line) <= 300 else line[:297] + "..."
