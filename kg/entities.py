"""The entities graph: recomputed from the documents' declarations after every build.

Document graphs declare the new actors, places and news organisations they name
(:func:`kg.graph.entities.declaration`); this step reads every declaration with one flat
query and rewrites ``graph/entities`` in one transaction, so each shared node is described
once whatever the number of documents naming it, and a node that only a removed document
declared is gone. Runs before fusion, which reads places' classes and towns.

Then the names graph: ``skg:nameKey`` (:func:`kg.namespaces.name_key`) of every name of
every node of the reference and entities graphs, so that ``name`` parameters and search are
index lookups (:func:`rebuild_names`).
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from kg import namespaces as ns
from kg.graph.entities import GRAPH_ENTITIES, GRAPH_NAMES, LOCATION, Declaration, entity_quads, name_quads
from kg.store import KgStore

_DECLARATIONS = f"""SELECT ?decl ?entity ?p ?o WHERE {{ GRAPH ?graph {{
    ?decl a skg:EntityDeclaration ; skg:declares ?entity ; ?p ?o }}
    FILTER(STRSTARTS(STR(?graph), "{ns.GRAPH_DOC_PREFIX}")) }}"""


def declarations(store: KgStore) -> list[Declaration]:
    """Every declaration of every document graph."""
    found: dict[str, Declaration] = {}
    for row in store.query(_DECLARATIONS):
        decl = found.setdefault(row["decl"].value, Declaration(row["decl"].value, row["entity"].value))
        name, value = row["p"].value.rsplit("#", 1)[-1], row["o"]
        if name == "declaredClass":
            decl.classes.add(value.value)
        elif name == "declaredLabel":
            decl.labels.add(value)
        elif name in LOCATION:
            decl.location[name] = value.value
        elif name == "hasEvidence":
            decl.evidence.add(value.value)
    return list(found.values())


def rebuild_entities(store: KgStore) -> int:
    """Recompute the entities graph from the declarations (one transaction, writing
    only what changed); return how
    many nodes it describes."""
    found = declarations(store)
    store.sync_graph(NamedNode(GRAPH_ENTITIES), entity_quads(found))
    return len({d.entity for d in found})


_NAMES = f"""SELECT ?node ?name WHERE {{
    VALUES ?graph {{ <{ns.GRAPH_REFERENCE}> <{GRAPH_ENTITIES}> }}
    GRAPH ?graph {{ ?node skos:prefLabel|skos:altLabel|skos:hiddenLabel|skg:acronym|skg:isoCode ?name }} }}"""
#: Nodes found by their IRI: incidents, document events, claims and figures.
_BY_IRI = """SELECT DISTINCT ?node WHERE {
    VALUES ?class { skg:Event skg:Claim skg:Figure } ?node a ?class }"""


def rebuild_names(store: KgStore) -> int:
    """Recompute the names graph (one transaction, writing only what changed); return how
    many keys: ``skg:nameKey`` for
    every name of every node of the reference and entities graphs
    (:func:`kg.namespaces.name_key`), ``skg:iriKey`` (the IRI as written) for each of those
    nodes and every event, claim and figure, so that one ``name`` parameter takes a name or
    an IRI with one portable pattern (``skg:nameKey|skg:iriKey``).
    Run after fusion: fused events and derived figures get their keys too."""
    names = {(row["node"].value, ns.name_key(row["name"].value)) for row in store.query(_NAMES)}
    iris = {node for node, _ in names} | {row["node"].value for row in store.query(_BY_IRI)}
    quads = name_quads(names, iris)
    store.sync_graph(NamedNode(GRAPH_NAMES), quads)
    return len(quads)
