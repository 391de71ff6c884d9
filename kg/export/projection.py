"""The property-graph projection of the store, shared by the GraphML and Neo4j exports.

RDF → property graph, the same way for every target:

- a **node** per IRI subject or object, except the ontology's own terms (classes and
  properties) and the store's graph bookkeeping (``skgg:`` IRIs); blank nodes (only the
  ontology's OWL axioms) are left out. Events, claims, figures, reports and evidence are
  nodes like actors and places: nothing is folded into a relationship property.
- its **kind** (the one label a Kuzu table can carry): the family its classes belong to
  (``Actor``, ``Place``, ``Event``, ``Claim``, ``Figure``…; see :data:`KINDS`), following
  ``rdfs:subClassOf`` in the store; ``Resource`` when none applies. Its ``classes`` are
  the local names of its ``rdf:type``\\s.
- its **label**: ``skos:prefLabel`` in English, else any prefLabel, ``rdfs:label``,
  ``dcterms:title``, else the IRI's last segment.
- a **property** per literal: key = the predicate's local name (prefixed ``prefix_`` when
  two namespaces share a local name), plus ``_<lang>`` for a language other than English
  (``prefLabel_fr``). Typed: xsd integers → int, decimals/doubles → float, booleans,
  ``xsd:date`` → date, anything else → string. A key is a list when some node of its
  kind has several values (aliases: ``altLabel``, ``acronym``, ``hiddenLabel`` always are).
- a **relationship** per triple whose object is a node: type = UPPER_SNAKE of the
  predicate's local name (``skg:subEventType`` → ``SUB_EVENT_TYPE``), ``HAS_`` in front
  when that would equal a kind's name (Kuzu's table names are case-insensitive:
  ``skg:place`` → ``HAS_PLACE``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from kg import namespaces as ns
from kg.store import KgStore

Value = str | int | float | bool | dt.date

#: Kind (label) of a node by the first of these classes it belongs to, directly or through
#: rdfs:subClassOf. Order matters: a DerivedFigure is a Figure.
KINDS: list[tuple[str, str]] = [
    (ns.SKG + "Actor", "Actor"), (ns.SKG + "Place", "Place"), (ns.SKG + "Event", "Event"),
    (ns.SKG + "Campaign", "Campaign"), (ns.SKG + "EventReport", "EventReport"),
    (ns.SKG + "Document", "Document"), (ns.SKG + "Claim", "Claim"), (ns.SKG + "Figure", "Figure"),
    (ns.SKG + "Evidence", "Evidence"), (ns.SKG + "Mention", "Mention"),
    (ns.SKG + "Membership", "Membership"), (ns.SKOS + "Concept", "Concept"),
    (ns.SKOS + "ConceptScheme", "ConceptScheme"), (ns.OA + "TextQuoteSelector", "Selector"),
    (ns.OA + "TextPositionSelector", "Selector"), (ns.SF + "Point", "Geometry"),
    (ns.GEO + "Geometry", "Geometry"),
]
RESOURCE = "Resource"
#: Classes whose instances are vocabulary terms, not data: they are not projected.
_TERM_CLASSES = {ns.OWL + c for c in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty",
                                      "TransitiveProperty", "FunctionalProperty", "SymmetricProperty",
                                      "Ontology", "Restriction", "AllDisjointClasses")} | {
    ns.RDFS + "Class", ns.RDF + "Property", "http://www.w3.org/ns/shacl#NodeShape",
    "http://www.w3.org/ns/shacl#PropertyShape"}
_ALWAYS_LIST = {"altLabel", "hiddenLabel", "acronym"}
_LABELS = [(ns.SKOS + "prefLabel", "en"), (ns.SKOS + "prefLabel", None), (ns.RDFS + "label", "en"),
           (ns.RDFS + "label", None), (ns.DCTERMS + "title", None)]
_INTEGERS = {ns.XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
                                  "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong")}
_FLOATS = {ns.XSD + t for t in ("decimal", "double", "float")}
RDF_TYPE = ns.RDF + "type"
#: Keys every node has, which a predicate's local name must not shadow.
RESERVED_KEYS = frozenset({"uri", "label", "classes", "kind"})


@dataclass
class Node:
    """One node: its IRI, kind, classes, label and typed properties (key -> values)."""

    uri: str
    kind: str = RESOURCE
    classes: list[str] = field(default_factory=list)
    label: str = ""
    properties: dict[str, list[Value]] = field(default_factory=dict)


@dataclass
class PropertyGraph:
    """Nodes by IRI, relationships as (start, TYPE, end), and per kind the type of each
    property key: ``schema[kind][key] = ("int" | "float" | "boolean" | "date" | "string", is_list)``."""

    nodes: dict[str, Node]
    relationships: list[tuple[str, str, str]]
    schema: dict[str, dict[str, tuple[str, bool]]]
    predicates: dict[str, str]           # relationship type -> predicate IRI

    def value(self, node: Node, key: str) -> Value | list[Value] | None:
        """The value of ``key`` on ``node`` as the schema types it (a list, a scalar or None)."""
        values = node.properties.get(key)
        if not values:
            return None
        kind, many = self.schema[node.kind][key]
        converted = [v if kind != "string" else _as_string(v) for v in values]
        return sorted(converted, key=str) if many else converted[0]


def local_name(iri: str) -> str:
    """The part after the last ``#`` or ``/``."""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def upper_snake(name: str) -> str:
    """``subEventType`` -> ``SUB_EVENT_TYPE``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).replace("-", "_").upper()


def _as_string(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _typed(literal: Literal) -> tuple[str, Value]:
    datatype = literal.datatype.value
    try:
        if datatype in _INTEGERS:
            return "int", int(literal.value)
        if datatype in _FLOATS:
            return "float", float(literal.value)
        if datatype == ns.XSD + "boolean":
            return "boolean", literal.value in ("true", "1")
        if datatype == ns.XSD + "date":
            return "date", dt.date.fromisoformat(literal.value)
    except ValueError:
        pass
    return "string", literal.value


def _short_names(iris: Iterable[str], reserved: frozenset[str] = frozenset()) -> dict[str, str]:
    """Local names, prefixed where two namespaces share one (``dcterms_title``) or where the
    name is ``reserved`` (``rdfs_label``: ``label`` is the node's own label)."""
    by_local: dict[str, set[str]] = defaultdict(set)
    for iri in iris:
        by_local[local_name(iri)].add(iri)
    prefix_of = {namespace: prefix for prefix, namespace in ns.PREFIXES.items()}
    names = {}
    for local, group in by_local.items():
        for iri in group:
            namespace = iri[: len(iri) - len(local)]
            unique = len(group) == 1 and local not in reserved
            names[iri] = local if unique else f"{prefix_of.get(namespace, 'ns')}_{local}"
    return names


def _kinds_of_classes(store: KgStore) -> dict[str, str]:
    """class IRI -> kind, by rdfs:subClassOf* in the store."""
    kinds = {}
    for family, kind in reversed(KINDS):       # earlier entries win, so apply them last
        kinds[family] = kind
        for row in store.query(f"SELECT DISTINCT ?c WHERE {{ ?c rdfs:subClassOf+ <{family}> }}"):
            kinds[row["c"].value] = kind
    return kinds


def _quads(store: KgStore, graphs: list[NamedNode] | None) -> Iterable[Quad]:
    if graphs is None:
        return store.quads()
    return (q for g in graphs for q in store.quads(g))


def project(store: KgStore, graphs: list[NamedNode] | None = None) -> PropertyGraph:
    """The property graph of ``graphs`` (default: all), as described in the module doc."""
    class_kind = _kinds_of_classes(store)
    order = {kind: i for i, (_, kind) in enumerate(KINDS)}
    types: dict[str, set[str]] = defaultdict(set)
    literals: set[tuple[str, str, Literal]] = set()
    links: set[tuple[str, str, str]] = set()
    for quad in _quads(store, graphs):
        s, p, o = quad.subject, quad.predicate.value, quad.object
        if isinstance(s, BlankNode) or s.value.startswith(ns.SKGG):
            continue
        if p == RDF_TYPE and isinstance(o, NamedNode):
            types[s.value].add(o.value)
        elif isinstance(o, Literal):
            literals.add((s.value, p, o))
        elif isinstance(o, NamedNode):
            links.add((s.value, p, o.value))
    excluded = {s for s, classes in types.items() if classes & _TERM_CLASSES}
    nodes: dict[str, Node] = {}

    def node(uri: str) -> Node:
        if uri not in nodes:
            classes = types.get(uri, set())
            kinds = sorted({class_kind[c] for c in classes if c in class_kind}, key=order.__getitem__)
            nodes[uri] = Node(uri, kinds[0] if kinds else RESOURCE, sorted(local_name(c) for c in classes))
        return nodes[uri]

    keys = _short_names({p for _, p, _ in literals}, RESERVED_KEYS)
    labels: dict[str, dict[tuple[str, str | None], str]] = defaultdict(dict)
    for s, p, o in literals:
        if s in excluded:
            continue
        key = keys[p] + (f"_{o.language}" if o.language and o.language != "en" else "")
        node(s).properties.setdefault(key, []).append(_typed(o)[1])
        labels[s].setdefault((p, o.language), o.value)
        labels[s].setdefault((p, None), o.value)
    for s in types:
        if s not in excluded:
            node(s)
    kept = [(s, p, o) for s, p, o in links if s not in excluded and o not in excluded
            and not o.startswith(ns.SKGG) and not o.startswith(ns.XSD)]
    for s, _, o in kept:
        node(s), node(o)
    for uri, n in nodes.items():
        n.label = next((labels[uri][k] for k in _LABELS if k in labels[uri]), local_name(uri))
        for values in n.properties.values():
            values.sort(key=str)
    kind_names = {kind.lower() for kind in order} | {RESOURCE.lower()}
    rel_names = {}
    for p, short in _short_names({p for _, p, _ in kept}).items():
        name = upper_snake(short)
        rel_names[p] = f"HAS_{name}" if name.lower() in kind_names else name
    relationships = sorted({(s, rel_names[p], o) for s, p, o in kept})
    return PropertyGraph(nodes, relationships, _schema(nodes), {v: k for k, v in rel_names.items()})


def _schema(nodes: dict[str, Node]) -> dict[str, dict[str, tuple[str, bool]]]:
    kinds_seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    many: dict[str, set[str]] = defaultdict(set)
    for n in nodes.values():
        for key, values in n.properties.items():
            kinds_seen[n.kind][key].update(_type_name(v) for v in values)
            if len(values) > 1 or key.split("_")[0] in _ALWAYS_LIST:
                many[n.kind].add(key)
    return {kind: {key: (seen.pop() if len(seen) == 1 else "string", key in many[kind])
                   for key, seen in sorted(keys.items())}
            for kind, keys in kinds_seen.items()}


def _type_name(value: Value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "date" if isinstance(value, dt.date) else "string"
