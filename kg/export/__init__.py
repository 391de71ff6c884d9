"""Exports: the store written in other formats, one module per target, one registry.

Each format is an :class:`Exporter` registered in :data:`FORMATS` by name, pointing at a
function by dotted path (imported only when used, as in rdflib's plugin registry). A
file format writes bytes to a binary stream (a file, or stdout); a folder format writes
several files into a folder. Every exporter reads the store through
:class:`~kg.store.KgStore` and never changes it.

``graphs`` restricts an export to some named graphs (default: all). Formats without named
graphs (Turtle, N-Triples, RDF/XML, JSON-LD, and the projections) export the union of the
selected graphs; TriG and N-Quads keep each graph.

>>> sorted(FORMATS)[:4]
['acled-csv', 'geojson', 'graphml', 'jsonld']
>>> FORMATS["trig"].keeps_graphs
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import NamedNode

from kg.errors import ExportError
from kg.store import KgStore


@dataclass(frozen=True)
class Exporter:
    """One export format: its name, what it writes, and the function that writes it.

    ``target`` is ``"module:function"``; the function takes ``(store, out, graphs)`` where
    ``out`` is a binary stream (``folder=False``) or a folder path (``folder=True``), and
    returns a one-line summary of what it wrote.
    """

    name: str
    description: str
    target: str
    extension: str
    folder: bool = False
    keeps_graphs: bool = False
    rdf: bool = False

    def load(self) -> Callable[..., str]:
        """The writing function (imported now)."""
        module, _, function = self.target.partition(":")
        return getattr(importlib.import_module(module), function)

    def write(self, store: KgStore, out: BinaryIO | Path, graphs: Sequence[str] = ()) -> str:
        """Write the export of ``store`` (restricted to ``graphs`` if given) to ``out``.
        ExportError for a graph the store lacks."""
        return self.load()(store, out, select_graphs(store, graphs))


def _rdf(name: str, description: str, extension: str, keeps_graphs: bool = False) -> Exporter:
    return Exporter(name, description, f"kg.export.rdf:write_{name}", extension,
                    keeps_graphs=keeps_graphs, rdf=True)


#: Every export format, by name (the names `kg export` accepts).
FORMATS: dict[str, Exporter] = {e.name: e for e in (
    _rdf("turtle", "Turtle, the union of the graphs", "ttl"),
    _rdf("ntriples", "N-Triples, the union of the graphs", "nt"),
    _rdf("nquads", "N-Quads, every named graph kept", "nq", keeps_graphs=True),
    _rdf("trig", "TriG, every named graph kept", "trig", keeps_graphs=True),
    _rdf("jsonld", "JSON-LD compacted with the project's context, the union of the graphs", "jsonld"),
    _rdf("rdfxml", "RDF/XML, the union of the graphs", "rdf"),
    Exporter("graphml", "GraphML property-graph projection for Gephi and Cytoscape",
             "kg.export.graphml:write_graphml", "graphml"),
    Exporter("neo4j", "a folder for Neo4j: admin-import CSV, import.cypher, Kuzu DDL, n10s recipe",
             "kg.export.neo4j:write_neo4j", "", folder=True),
    Exporter("acled-csv", "one row per incident with ACLED's column names",
             "kg.export.acled:write_acled", "csv"),
    Exporter("geojson", "incidents as GeoJSON points with their properties",
             "kg.export.geojson:write_geojson", "geojson"),
)}


def exporter(name: str) -> Exporter:
    """The exporter called ``name``; ExportError listing the formats if there is none."""
    if name not in FORMATS:
        raise ExportError(f"unknown export format '{name}'; choose one of {', '.join(FORMATS)}")
    return FORMATS[name]


def select_graphs(store: KgStore, graphs: Sequence[str]) -> list[NamedNode] | None:
    """The named graphs to export as terms (None = all); ExportError naming a missing one."""
    if not graphs:
        return None
    present = set(store.named_graphs())
    for graph in graphs:
        if graph not in present:
            raise ExportError(f"graph <{graph}> is not in the store; 'kg stats' lists the graphs "
                              "(e.g. https://w3id.org/sahel-kg/graph/fusion)")
    return [NamedNode(g) for g in graphs]
