"""Shared nodes that extraction mints (new actors, places, news organisations): declared
in each document graph, described once in the entities graph.

Why two steps: the store's default graph is the union of the named graphs and yields a
triple once per graph that holds it, so a label written in every document that names a
place came back once per document and multiplied the rows of every join on it (an
installation's ``skos:prefLabel`` was in 78 graphs of a 1,000-document store).

- :func:`declaration` -- the triples a document graph holds: one ``skg:EntityDeclaration``
  per new node it names, saying what this document says the node is (classes, label,
  country, enclosing place, geometry), with its evidence. The node itself gets no triple
  in the document graph.
- :func:`entity_quads` -- the entities graph, from every declaration in the store: one
  description per node. Removing a document removes its declarations, so a node only it
  declared disappears at the next :func:`kg.entities.rebuild_entities`.

How disagreeing declarations are reconciled (each choice keeps one value where the shapes
allow one, and is deterministic): the most often declared specific class (ties: the
smallest IRI); per language tag, the most frequent label is ``skos:prefLabel`` and the
others ``skos:altLabel``; the most often declared location (country, enclosing place,
geometry, taken together so that they stay consistent). Every declaration is linked with
``prov:wasDerivedFrom`` and its evidence with ``skg:hasEvidence``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from kg import namespaces as ns
from kg.terms import RDF_TYPE, iri, literal, skg, term

GRAPH_ENTITIES = ns.SKGG + "entities"
GRAPH_NAMES = ns.SKGG + "names"
#: Declared location properties -> the property stated on the node.
LOCATION = {"declaredCountry": "country", "declaredPartOf": "partOf", "declaredLocatedIn": "locatedIn",
            "declaredGeometry": "geo:hasGeometry"}
#: Classes every node of a kind has; the specific class is chosen among the others.
_GENERIC = {ns.SKG + "Actor", ns.SKG + "Place"}


def declaration_iri(doc: NamedNode, entity: NamedNode) -> NamedNode:
    """The IRI of ``doc``'s declaration of ``entity`` (one per document and node)."""
    key = hashlib.sha256(entity.value.encode()).hexdigest()[:16]
    return iri(f"{ns.SKGID}declaration/{doc.value.rsplit('/', 1)[-1]}/{key}")


def declaration(doc: NamedNode, entity: NamedNode, classes: list[str], label: Literal,
                evidence: NamedNode | None = None,
                location: Iterable[tuple[str, NamedNode]] = ()) -> list[tuple]:
    """The triples of ``doc``'s declaration of the new node ``entity``: its classes (local
    names of ``skg:``), its label as written, where the document places it
    (``(declaredCountry|declaredPartOf|declaredLocatedIn|declaredGeometry, node)``) and the
    evidence (none for metadata such as a publisher's name)."""
    node = declaration_iri(doc, entity)
    triples = [(node, RDF_TYPE, skg("EntityDeclaration")), (node, skg("declares"), entity),
               (node, skg("inDocument"), doc), (node, skg("declaredLabel"), label)]
    triples += [(node, skg("declaredClass"), skg(cls)) for cls in classes]
    triples += [(node, skg(prop), value) for prop, value in location]
    if evidence is not None:
        triples.append((node, skg("hasEvidence"), evidence))
    return triples


@dataclass
class Declaration:
    """One document's declaration of a new node, as read back from the store."""

    iri: str
    entity: str
    classes: set[str] = field(default_factory=set)
    labels: set[Literal] = field(default_factory=set)
    #: declared location property (local name) -> node IRI
    location: dict[str, str] = field(default_factory=dict)
    evidence: set[str] = field(default_factory=set)


def entity_quads(declarations: Iterable[Declaration]) -> list[Quad]:
    """The entities graph: one description of every declared node (see the module's
    docstring for how disagreeing declarations are reconciled), sorted."""
    by_entity: dict[str, list[Declaration]] = {}
    for decl in declarations:
        by_entity.setdefault(decl.entity, []).append(decl)
    graph = NamedNode(GRAPH_ENTITIES)
    triples: list[tuple] = []
    for entity, decls in sorted(by_entity.items()):
        triples += _describe(iri(entity), decls)
    return sorted({Quad(s, p, o, graph) for s, p, o in triples}, key=str)


def _describe(node: NamedNode, decls: list[Declaration]) -> list[tuple]:
    classes = Counter(c for d in decls for c in d.classes)
    generic = sorted(c for c in classes if c in _GENERIC)
    specific = _most_common(Counter({c: n for c, n in classes.items() if c not in _GENERIC}))
    triples = [(node, RDF_TYPE, iri(c)) for c in [*generic, *([specific] if specific else [])]]
    triples.append((node, skg("inReferenceData"), literal("false", "boolean")))
    triples += _labels(node, Counter(label for d in decls for label in d.labels))
    located = Counter(tuple(sorted(d.location.items())) for d in decls if d.location)
    for prop, value in _most_common(located) or ():
        name = LOCATION[prop]
        predicate = term("geo", "hasGeometry") if name.startswith("geo:") else skg(name)
        triples.append((node, predicate, iri(value)))
    for decl in decls:
        triples.append((node, term("prov", "wasDerivedFrom"), iri(decl.iri)))
        triples += [(node, skg("hasEvidence"), iri(e)) for e in sorted(decl.evidence)]
    return triples


def _labels(node: NamedNode, labels: Counter) -> list[tuple]:
    """Per language tag, the most frequent label (ties: the smallest) as prefLabel, the
    others as altLabel."""
    by_language: dict[str, Counter] = {}
    for label, count in labels.items():
        by_language.setdefault(label.language or "", Counter())[label] = count
    triples = []
    for language in sorted(by_language):
        counts = by_language[language]
        preferred = _most_common(counts)
        triples.append((node, term("skos", "prefLabel"), preferred))
        triples += [(node, term("skos", "altLabel"), other) for other in counts if other != preferred]
    return triples


def _most_common(counts: Counter):  # noqa: ANN202 - the Counter's key type
    """The key with the highest count; ties go to the smallest key (by its text)."""
    if not counts:
        return None
    return min(counts, key=lambda key: (-counts[key], str(key)))


def name_quads(names: Iterable[tuple[str, str]], iris: Iterable[str]) -> list[Quad]:
    """The names graph: ``node skg:nameKey key`` for each (node IRI, name key) pair, and
    ``node skg:iriKey "IRI"`` for each node found by its IRI; sorted."""
    graph = NamedNode(GRAPH_NAMES)
    quads = {Quad(iri(node), skg("nameKey"), literal(key), graph) for node, key in names if key}
    quads |= {Quad(iri(node), skg("iriKey"), literal(node), graph) for node in iris}
    return sorted(quads, key=str)
