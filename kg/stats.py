"""``kg stats``: what the store holds, by graph and by class."""

from __future__ import annotations

from dataclasses import dataclass

from kg import namespaces as ns
from kg.store import KgStore

_CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/sahel-kg/ontology#")) }
GROUP BY ?class ORDER BY DESC(?n)
"""
_GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_LANGUAGES = """
SELECT ?language ?source (COUNT(DISTINCT ?d) AS ?n) WHERE {
  ?d a skg:Document ; dcterms:language ?language OPTIONAL { ?d skg:languageSource ?source } }
GROUP BY ?language ?source ORDER BY DESC(?n)
"""


@dataclass
class StoreStats:
    """Quads in total, per kind of graph, and instances per ontology class."""

    quads: int
    graphs: dict[str, int]
    documents: int
    classes: dict[str, int]
    #: (language, how it is known: sidecar, markup or detected) -> documents
    languages: dict[tuple[str, str], int]


def collect(store: KgStore) -> StoreStats:
    """Count the store's content (one pass per query; cheap on stores of this size)."""
    graphs: dict[str, int] = {}
    documents = 0
    for row in store.query(_GRAPH_COUNTS):
        graph, count = row["g"].value, int(row["n"].value)
        if graph.startswith(ns.GRAPH_DOC_PREFIX):
            documents += 1
            graphs["documents"] = graphs.get("documents", 0) + count
        else:
            graphs[graph.removeprefix(ns.SKGG)] = count
    classes = {row["class"].value.removeprefix(ns.SKG): int(row["n"].value)
               for row in store.query(_CLASS_COUNTS)}
    languages = {(row["language"].value, row["source"].value if row["source"] else "unknown"): int(row["n"].value)
                 for row in store.query(_LANGUAGES)}
    return StoreStats(sum(graphs.values()), dict(sorted(graphs.items())), documents, classes, languages)
