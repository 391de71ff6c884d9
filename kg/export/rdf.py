"""RDF exports: Turtle, N-Triples, N-Quads, TriG, RDF/XML (Oxigraph's serialisers, streamed)
and JSON-LD (rdflib, compacted with the context shipped in ``kg/export/context.jsonld``).

TriG and N-Quads keep every named graph. The other formats have no named graphs: they
carry the union of the selected graphs (a triple held by two graphs may be written twice,
which every parser reads as one). Oxigraph writes quad by quad, so memory stays flat
however large the store; JSON-LD is compacted in memory by rdflib (its cost grows with the
export).

>>> from kg.store import KgStore
>>> import io
>>> out = io.BytesIO()
>>> write_ntriples(KgStore.in_memory(), out, None)
'0 triples (union of 0 graphs) as ntriples'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, serialize

from kg.namespaces import PREFIXES
from kg.store import KgStore

CONTEXT_FILE = Path(__file__).with_name("context.jsonld")


def context() -> dict:
    """The JSON-LD ``@context`` shipped with the package (the project's prefixes)."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def _quads(store: KgStore, graphs: list[NamedNode] | None) -> Iterator[Quad]:
    if graphs is None:
        yield from store.quads()
        return
    for graph in graphs:
        yield from store.quads(graph)


class _Counter:
    """Counts what passes through an iterator (the summary line needs the figure)."""

    def __init__(self) -> None:
        self.count = 0

    def triples(self, quads: Iterable[Quad]) -> Iterator[Triple]:
        for quad in quads:
            self.count += 1
            yield quad.triple

    def quads(self, quads: Iterable[Quad]) -> Iterator[Quad]:
        for quad in quads:
            self.count += 1
            yield quad


def _graph_count(store: KgStore, graphs: list[NamedNode] | None) -> int:
    return len(store.named_graphs()) if graphs is None else len(graphs)


def _write_triples(fmt: RdfFormat, name: str, store: KgStore, out: BinaryIO,
                   graphs: list[NamedNode] | None) -> str:
    counter = _Counter()
    prefixes = None if fmt == RdfFormat.N_TRIPLES else PREFIXES
    serialize(counter.triples(_quads(store, graphs)), out, fmt, prefixes=prefixes)
    return f"{counter.count} triples (union of {_graph_count(store, graphs)} graphs) as {name}"


def _write_quads(fmt: RdfFormat, name: str, store: KgStore, out: BinaryIO,
                 graphs: list[NamedNode] | None) -> str:
    counter = _Counter()
    prefixes = None if fmt == RdfFormat.N_QUADS else PREFIXES
    serialize(counter.quads(_quads(store, graphs)), out, fmt, prefixes=prefixes)
    return f"{counter.count} quads in {_graph_count(store, graphs)} named graphs as {name}"


def write_turtle(store: KgStore, out: BinaryIO, graphs: list[NamedNode] | None) -> str:
    """Turtle with the project's prefixes: the union of ``graphs`` (default: all)."""
    return _write_triples(RdfFormat.TURTLE, "turtle", store, out, graphs)


def write_ntriples(store: KgStore, out: BinaryIO, graphs: list[NamedNode] | None) -> str:
    """N-Triples: the union of ``graphs`` (default: all), one triple per line."""
    return _write_triples(RdfFormat.N_TRIPLES, "ntriples", store, out, graphs)


def write_rdfxml(store: KgStore, out: BinaryIO, graphs: list[NamedNode] | None) -> str:
    """RDF/XML: the union of ``graphs`` (default: all)."""
    return _write_triples(RdfFormat.RDF_XML, "rdfxml", store, out, graphs)


def write_nquads(store: KgStore, out: BinaryIO, graphs: list[NamedNode] | None) -> str:
    """N-Quads: every quad with its named graph."""
    return _write_quads(RdfFormat.N_QUADS, "nquads", store, out, graphs)


def write_trig(store: KgStore, out: BinaryIO, graphs: list[NamedNode] | None) -> str:
    """TriG with the project's prefixes: every named graph kept."""
    return _write_quads(RdfFormat.TRIG, "trig", store, out, graphs)


def write_jsonld(store: KgStore, out: BinaryIO, graphs: list[NamedNode] | None) -> str:
    """JSON-LD (the union of ``graphs``) compacted with the packaged context, which is
    embedded in the output so that no reader has to fetch it."""
    import rdflib

    # rdflib reads N-Triples fast and without ambiguity: hand it Oxigraph's own output.
    graph = rdflib.Graph()
    graph.parse(data=serialize((q.triple for q in _quads(store, graphs)), None, RdfFormat.N_TRIPLES),
                format="nt")
    out.write(graph.serialize(format="json-ld", context=context(), auto_compact=True,
                              encoding="utf-8"))
    return f"{len(graph)} triples (union of {_graph_count(store, graphs)} graphs) as jsonld"
