"""GraphML: the property-graph projection (:mod:`kg.export.projection`) as a networkx
``MultiDiGraph`` written by networkx, for Gephi and Cytoscape.

Node id = IRI; attributes ``label``, ``class`` (the RDF classes' local names, ``;``-joined,
or the kind), ``kind``, and for places ``lat``/``long`` (Gephi's Geo Layout reads them).
Edge attributes ``label`` (the predicate's English ``rdfs:label`` from the ontology, else
its local name), ``type`` (the relationship type) and ``predicate`` (its IRI). Parallel
edges (two predicates between one pair) are kept, which is why the graph is a multigraph.
"""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx
from pyoxigraph import NamedNode

from kg.export.projection import PropertyGraph, local_name, project
from kg.store import KgStore

_PREDICATE_LABELS = """SELECT ?p (SAMPLE(?l) AS ?label) WHERE {
  ?p rdfs:label ?l . FILTER(LANG(?l) IN ("en", ""))
} GROUP BY ?p"""


def to_networkx(graph: PropertyGraph, predicate_labels: dict[str, str]) -> nx.MultiDiGraph:
    """The projection as a networkx multigraph (see the module doc for the attributes)."""
    g = nx.MultiDiGraph()
    for uri, node in sorted(graph.nodes.items()):
        attributes = {"label": node.label, "class": ";".join(node.classes) or node.kind, "kind": node.kind}
        for key in ("lat", "long"):
            value = graph.value(node, key) if key in graph.schema.get(node.kind, {}) else None
            if isinstance(value, float):
                attributes[key] = value
        g.add_node(uri, **attributes)
    for start, rel, end in graph.relationships:
        predicate = graph.predicates[rel]
        g.add_edge(start, end, key=rel, type=rel, predicate=predicate,
                   label=predicate_labels.get(predicate, local_name(predicate)))
    return g


def write_graphml(store: KgStore, out: BinaryIO, graphs: list[NamedNode] | None) -> str:
    """Write GraphML to ``out``; returns the node and edge counts."""
    labels = {row["p"].value: row["label"].value for row in store.query(_PREDICATE_LABELS)}
    g = to_networkx(project(store, graphs), labels)
    nx.write_graphml(g, out, encoding="utf-8")
    return f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges as graphml"
