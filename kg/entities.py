"""The entities graph: recomputed from the documents' declarations after every build.

Document graphs declare the new actors, places and news organisations they name
(:func:`kg.graph.entities.declaration`); this step reads every declaration with one flat
query and rewrites ``graph/entities`` in one transaction, so each shared node is described
once whatever the number of documents naming it, and a node that only a removed document
declared is gone. Runs before fusion, which reads places' classes and towns.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from kg import namespaces as ns
from kg.graph.entities import GRAPH_ENTITIES, LOCATION, Declaration, entity_quads
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
    """Rewrite the entities graph from the declarations, in one transaction; return how
    many nodes it describes."""
    found = declarations(store)
    store.replace_graphs(NamedNode(GRAPH_ENTITIES), entity_quads(found))
    return len({d.entity for d in found})
