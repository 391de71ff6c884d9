"""Run one SPARQL query or update against the store, within the server's limits.

- **Dataset.** A query runs over the union of all named graphs (the project's default),
  unless the request names a dataset (``default-graph-uri`` / ``named-graph-uri``, which
  win) or the query has its own ``FROM``. The project's prefixes are predeclared; relative
  IRIs resolve against the endpoint's URL.
- **Timeout.** Each query runs in one of :data:`WORKERS` worker threads
  (:mod:`kg.serve.workers`; pyoxigraph releases the GIL while it evaluates). Past
  ``timeout_s`` the caller gets :class:`QueryTimeout` (HTTP 503) and the worker stops at
  its next result row. pyoxigraph cannot cancel an evaluation, so a query that computes
  long before its first row (an aggregate over a huge join) keeps its worker until it
  finishes; a query that waits for a worker past the deadline times out too, so slow
  queries cannot pile up.
- **Row cap.** A SELECT returns at most ``row_cap`` rows, a CONSTRUCT/DESCRIBE at most
  ``row_cap`` triples; :attr:`Answer.truncated` says when more were cut (the HTTP layer
  sends ``X-KG-Truncated: true``).
- **Updates** run one at a time, without a timeout (a cut-off update could still commit).

>>> from pyoxigraph import Store
>>> runner = Runner(Store(), timeout_s=5, row_cap=10)
>>> answer = runner.query_sync("ASK {}", Dataset(), lambda form: formats.JSON, base_iri=None)
>>> answer.body, answer.truncated
(b'{"head":{},"boolean":true}', False)
"""

from __future__ import annotations

import asyncio
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
from kg.serve.sparqltext import apply_using, forbid_network, names_dataset
from kg.serve.workers import Stopping, TimedOut, Workers

WORKERS = 4
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class QueryTimeout(Exception):
    """The query ran past the server's timeout, or the server began to stop (HTTP 503)."""


@dataclass(frozen=True)
class Answer:
    """A serialised result: bytes, its format, and whether the row cap cut it."""

    body: bytes
    format: formats.Format
    truncated: bool = False


Chooser = Callable[[str], formats.Format]


class Runner:
    """Runs queries and updates on one pyoxigraph Store with a timeout and a row cap."""

    def __init__(self, store: Store, *, timeout_s: float, row_cap: int) -> None:
        self.store = store
        self.timeout_s = timeout_s
        self.row_cap = row_cap
        self.workers = Workers(WORKERS, name="kg-query")
        self._update_lock = threading.Lock()

    async def query(self, text: str, dataset: Dataset, choose: Chooser, *, base_iri: str | None) -> Answer:
        """Run ``text`` in a worker; QueryTimeout past the timeout, QueryError on bad SPARQL,
        formats.NotAcceptable when ``choose`` finds no format for the result's form."""
        cancelled = threading.Event()
        deadline = time.monotonic() + self.timeout_s
        try:
            return await self.workers.call(self.timeout_s, self.query_sync, text, dataset, choose,
                                           base_iri=base_iri, deadline=deadline, cancelled=cancelled)
        except Stopping:
            cancelled.set()
            raise QueryTimeout("the server is stopping; retry in a moment") from None
        except TimedOut:
            cancelled.set()
            raise QueryTimeout(f"the query ran longer than this server's limit of {self.timeout_s:g} s "
                               "(kg serve --timeout); narrow it or add a LIMIT") from None

    def query_sync(self, text: str, dataset: Dataset, choose: Chooser, *, base_iri: str | None,
                   deadline: float | None = None, cancelled: threading.Event | None = None) -> Answer:
        """The same, in the calling thread (the worker's body)."""
        try:
            return self._answer(text, dataset, choose, base_iri, deadline, cancelled)
        except RuntimeError as err:   # an evaluation error Oxigraph reports while iterating
            raise QueryError(f"SPARQL query failed: {_first_line(err)}") from None

    def _answer(self, text: str, dataset: Dataset, choose: Chooser, base_iri: str | None,
                deadline: float | None, cancelled: threading.Event | None) -> Answer:
        result = items = item = None
        try:
            result = self._evaluate(text, dataset, base_iri)
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
                if len(items) == self.row_cap:
                    break
                items.append(item)
            truncated = len(items) == self.row_cap and next(result, None) is not None
            if form == "construct":
                return Answer(serialize(items, format=fmt.oxigraph, prefixes=PREFIXES), fmt, truncated)
            return Answer(_solutions_bytes(result.variables, items, fmt), fmt, truncated)
        finally:
            # pyoxigraph's results must be dropped by the thread that made them, and a raised
            # exception's traceback keeps this frame's locals alive on its way to another thread.
            result = items = item = None  # noqa: F841

    async def update(self, text: str, dataset: Dataset, *, base_iri: str | None) -> None:
        """Run a SPARQL update (one at a time); QueryError on bad SPARQL or dataset."""
        forbid_network(text)
        text = apply_using(text, dataset.default_graphs, dataset.named_graphs)
        await asyncio.wrap_future(self.workers.submit(self._update_sync, text, base_iri))

    def _update_sync(self, text: str, base_iri: str | None) -> None:
        with self._update_lock:
            try:
                self.store.update(text, base_iri=base_iri, prefixes=PREFIXES)
            except SyntaxError as err:
                raise QueryError(f"SPARQL update syntax error: {_first_line(err)}") from None
            except RuntimeError as err:   # an evaluation error, e.g. CLEAR of a graph that does not exist
                raise QueryError(f"SPARQL update failed: {_first_line(err)}") from None
            self.store.flush()

    def _evaluate(self, text: str, dataset: Dataset, base_iri: str | None):  # noqa: ANN202
        forbid_network(text)
        options: dict = {"base_iri": base_iri, "prefixes": PREFIXES}
        if dataset:
            options["default_graph"] = [_graph(g) for g in dataset.default_graphs]
            options["named_graphs"] = [_graph(g) for g in dataset.named_graphs]
        elif not names_dataset(text):
            options["use_default_graph_as_union"] = True
        try:
            return self.store.query(text, **options)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {_first_line(err)}") from None


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


def _first_line(err: BaseException) -> str:
    line = (str(err).strip().splitlines() or [type(err).__name__])[0]
    return line if len(line) <= 300 else line[:297] + "..."
