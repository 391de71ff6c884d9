"""``kg push``: send every named graph of the store to a remote SPARQL 1.1 store.

Two ways, both idempotent (pushing twice leaves the same content):

- **Graph Store HTTP Protocol** (``graph_store`` given): per named graph, ``PUT
  {graph_store}?graph=<g>`` with the first batch (replacing the graph), then ``POST`` the
  following batches (adding to it).
- **SPARQL Update** (no Graph Store endpoint): per graph, ``DROP SILENT GRAPH <g>`` then
  ``INSERT DATA { GRAPH <g> { ... } }`` batches, sent to ``url``.

Bodies are N-Triples written by Oxigraph (``application/n-triples``): some stores misread
Turtle's escapes, none misreads N-Triples. A graph holding blank nodes goes in one request
whatever the batch size, since a blank node's label only holds within one request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, serialize

from kg.errors import ExportError
from kg.remote.transport import Auth, request
from kg.store import KgStore

NTRIPLES = "application/n-triples"


@dataclass
class PushReport:
    """What was sent: triples per graph, requests made, and how."""

    method: str
    target: str
    graphs: dict[str, int] = field(default_factory=dict)
    requests: int = 0

    def summary(self) -> str:
        """One line for the CLI."""
        return (f"pushed {sum(self.graphs.values())} triples in {len(self.graphs)} graphs to {self.target} "
                f"({self.method}, {self.requests} requests)")


def _batches(quads: list[Quad], size: int) -> Iterator[list[Quad]]:
    has_blank = any(isinstance(q.subject, BlankNode) or isinstance(q.object, BlankNode) for q in quads)
    if has_blank or not quads:
        yield quads
        return
    for start in range(0, len(quads), size):
        yield quads[start:start + size]


def _ntriples(quads: list[Quad]) -> bytes:
    return serialize((q.triple for q in quads), None, RdfFormat.N_TRIPLES)


def push_store(store: KgStore, url: str, *, graph_store: str | None = None, update_only: bool = False,
               auth: Auth | None = None, graphs: Sequence[str] = (), batch: int = 20000,
               progress: Callable[[str, int], None] | None = None) -> PushReport:
    """Push ``graphs`` (default: every named graph) to ``url``; see the module doc.
    Raises the errors of :mod:`kg.remote.transport`; ExportError for an unknown graph."""
    if batch < 1:
        raise ExportError(f"--batch {batch}: must be at least 1")
    present = store.named_graphs()
    for graph in graphs:
        if graph not in present:
            raise ExportError(f"graph <{graph}> is not in the store; 'kg stats' lists the graphs")
    use_gsp = graph_store is not None and not update_only
    report = PushReport("graph store protocol" if use_gsp else "SPARQL update", graph_store if use_gsp else url)
    for graph in graphs or present:
        quads = list(store.quads(NamedNode(graph)))
        for i, chunk in enumerate(_batches(quads, batch)):
            if use_gsp:
                target = f"{graph_store}{'&' if '?' in graph_store else '?'}graph={quote(graph, safe='')}"
                request("PUT" if i == 0 else "POST", target, _ntriples(chunk),
                        {"Content-Type": NTRIPLES}, auth)
            else:
                body = _ntriples(chunk).decode("utf-8")
                update = (f"DROP SILENT GRAPH <{graph}> ;\n" if i == 0 else "") + \
                    f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}"
                request("POST", url, update.encode("utf-8"),
                        {"Content-Type": "application/sparql-update"}, auth)
            report.requests += 1
        report.graphs[graph] = len(quads)
        if progress:
            progress(graph, len(quads))
    return report
