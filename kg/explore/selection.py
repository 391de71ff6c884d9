"""The server's choice of what to draw: at most ``limit`` nodes, whatever the store holds.

:func:`parse_filters` turns query-string parameters into a :class:`Filters` (ParameterError,
one line, naming the parameter, on bad input). :func:`select_graph` walks the graph from
its seeds — the focus node, or the incidents that pass the filters, newest first — breadth
first to ``depth``, and stops adding nodes at ``limit``: the browser never receives more.
The filters hold in every mode, with or without a focus: an incident, a claim or a document
reached by the walk is drawn only when it passes them (:func:`node_passes`). Claims are
drawn on demand (``claims``); the default view summarises incidents, actors, places and
documents.

Every user value reaches SPARQL as a bound RDF term (:meth:`KgStore.query` bindings); the
query texts are assembled only from the constant fragments below. Incidents are drawn
fused: a document's event that the fusion graph merged with other reports is replaced by
the fused event (one node per incident).

>>> from kg.store import KgStore
>>> graph = select_graph(KgStore.in_memory(), Filters(limit=10))
>>> graph.nodes, graph.truncated
([], False)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from kg.errors import ParameterError
from kg.explore import nodes as styling
from kg.namespaces import name_key
from kg.store import KgStore
from kg.terms import literal

MAX_DEPTH = 5
#: A document's label on the canvas: its title cut to this many characters, then its outlet.
DOCUMENT_LABEL_LENGTH = 36
FILTER_NAMES = ("from", "to", "country", "actor", "type")
IRI_PATTERN = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


@dataclass(frozen=True)
class Filters:
    """What the reader asked to see. Empty strings and None mean "no filter"."""

    focus: str | None = None
    depth: int = 2
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str = ""       # a country or admin-1 region, by any name or ISO code
    actor: str = ""         # an actor taking part, by any name or acronym
    event_type: str = ""    # an ACLED event or sub-event type, by label or slug
    limit: int = 500
    claims: bool = False    # draw claims too (the default view summarises: incidents, actors, ...)

    @property
    def filtering(self) -> bool:
        """True when any filter on incidents is set."""
        return bool(self.date_from or self.date_to or self.country or self.actor or self.event_type)


@dataclass
class Graph:
    """What one request draws: vis-network nodes and edges, and whether the cap cut it."""

    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    truncated: bool = False

    def as_json(self) -> dict:
        return {"nodes": self.nodes, "edges": self.edges, "truncated": self.truncated}


def parse_filters(params: Mapping[str, str], max_nodes: int) -> Filters:
    """Filters from query-string parameters (focus, depth, from, to, country, actor, type,
    limit). ``limit`` is capped at ``max_nodes``. ParameterError names the bad parameter."""
    known = {"focus", "depth", "limit", "claims", *FILTER_NAMES}
    unknown = sorted(set(params) - known)
    if unknown:
        raise ParameterError(f"unknown parameter '{unknown[0]}' (accepted: {', '.join(sorted(known))})")
    focus = params.get("focus") or None
    if focus is not None and not IRI_PATTERN.match(focus):
        raise ParameterError(f"parameter 'focus' must be a node IRI, got {focus!r}") from None
    depth = _integer(params, "depth", 2, 0, MAX_DEPTH)
    limit = min(_integer(params, "limit", max_nodes, 1, None), max_nodes)
    date_from, date_to = _date(params, "from"), _date(params, "to")
    if date_from and date_to and date_from > date_to:
        raise ParameterError(f"parameter 'from' ({date_from}) is after 'to' ({date_to})")
    claims = params.get("claims") or ""
    if claims not in ("", "0", "1", "true", "false"):
        raise ParameterError(f"parameter 'claims' must be 1 or 0, got {claims!r}")
    return Filters(focus=focus, depth=depth, date_from=date_from, date_to=date_to,
                   country=_text(params, "country"), actor=_text(params, "actor"),
                   event_type=_text(params, "type"), limit=limit, claims=claims in ("1", "true"))


def _integer(params: Mapping[str, str], name: str, default: int, low: int, high: int | None) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ParameterError(f"parameter '{name}' must be an integer, got {raw!r}") from None
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ParameterError(f"parameter '{name}' must be {bounds}, got {value}")
    return value


def _date(params: Mapping[str, str], name: str) -> dt.date | None:
    raw = params.get(name)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ParameterError(f"parameter '{name}' must be a date (YYYY-MM-DD), got {raw!r}") from None


def _text(params: Mapping[str, str], name: str) -> str:
    raw = (params.get(name) or "").strip()
    if len(raw) > 200:
        raise ParameterError(f"parameter '{name}' is longer than 200 characters")
    return raw


# --- incidents that pass the filters --------------------------------------------------------

# Constant fragments, chosen by which filters are set; the values are bound, never pasted.
# One row per incident (skg:Incident, stated by the fusion). Names are matched by their
# lookup key (skg:nameKey), so that each filter starts from the few nodes it names.
_EVENT_HEAD = """SELECT DISTINCT ?event ?date WHERE {
  ?event a skg:Incident .
"""
_EVENT_TAIL = "  OPTIONAL { ?event skg:earliestDate ?date }\n"
_FRAGMENTS = {
    "from": "  FILTER(BOUND(?date) && ?date >= ?from)\n",
    "to": "  FILTER(BOUND(?date) && ?date <= ?to)\n",
    "country": """  ?area skg:nameKey ?country .
  ?eventPlace skg:country|(skg:partOf|skg:locatedIn)* ?area .
  ?event skg:place ?eventPlace .
""",
    "actor": """  ?who skg:nameKey ?actor .
  ?event skg:attacker|skg:target|skg:victim|skg:participant ?who .
""",
    "type": """  ?event skg:eventType|skg:subEventType ?typeConcept .
  ?typeConcept skos:prefLabel|skos:notation ?typeName .
  FILTER(LCASE(STR(?typeName)) = LCASE(STR(?type)) || STRAFTER(STR(?typeConcept), "acled/") = LCASE(STR(?type)))
""",
}


def _event_query(filters: Filters, start: str = "") -> tuple[str, dict]:
    """The SPARQL text and bindings selecting the incidents that pass ``filters``; ``start``,
    a constant pattern, comes first (it binds ``?event`` from a bound node)."""
    bindings: dict = {}
    head, _, rest = _EVENT_HEAD.partition("\n")
    text = f"{head}\n{start}{rest}\n"
    values = {"country": filters.country, "actor": filters.actor, "type": filters.event_type}
    for name, value in values.items():
        if value:
            text += _FRAGMENTS[name]
            bindings[name] = literal(name_key(value) if name in ("country", "actor") else value)
    text += _EVENT_TAIL   # after the patterns that select: the date is looked up per incident
    for name, day in (("from", filters.date_from), ("to", filters.date_to)):
        if day:
            text += _FRAGMENTS[name]
            bindings[name] = literal(day.isoformat(), "date")
    return text + "}\n", bindings


def matching_events(store: KgStore, filters: Filters, limit: int | None = None) -> list[str]:
    """IRIs of the incidents (fused where fused) passing ``filters``, newest first."""
    text, bindings = _event_query(filters)
    text += "ORDER BY DESC(?date) ?event\n"
    if limit is not None:
        text += f"LIMIT {int(limit)}\n"
    return [row["event"].value for row in store.query(text, bindings)]


def event_passes(store: KgStore, iri: str, filters: Filters) -> bool:
    """True when the incident ``iri`` passes ``filters``."""
    if not filters.filtering:
        return True
    text, bindings = _event_query(filters)
    bindings["event"] = NamedNode(iri)
    return any(True for _ in store.query(text + "LIMIT 1", bindings))


# From a bound ``?node`` to the incidents it belongs to: a claim's, through the event it is
# about; a document's, through the events it reports.
_INCIDENTS_OF = {
    "claim": "  ?node skg:about ?about . ?about skg:incident ?event .\n",
    "document": "  ?report skg:inDocument ?node ; skg:reportOf ?reported . ?reported skg:incident ?event .\n",
}


def node_passes(store: KgStore, node: dict, filters: Filters) -> bool:
    """True when the drawn ``node`` (from :func:`describe`) passes ``filters``: an incident
    that passes; a claim about one; a document reporting one. Actors and places always pass
    (the walk reaches them through what passes)."""
    if not filters.filtering or node["kind"] not in ("event", *_INCIDENTS_OF):
        return True
    if node["kind"] == "event":
        return event_passes(store, node["id"], filters)
    text, bindings = _event_query(filters, _INCIDENTS_OF[node["kind"]])
    bindings["node"] = NamedNode(node["id"])
    return any(True for _ in store.query(text + "LIMIT 1", bindings))


# --- neighbours and node descriptions -------------------------------------------------------

_LINKS = ("skg:attacker skg:target skg:victim skg:participant skg:place skg:claimant skg:reportedBy skg:about "
          "skg:affiliatedWith skg:constituentOf skg:forceOf skg:mediaWingOf skg:spokespersonOf skg:leaderOf "
          "skg:successorOf skg:memberOf skg:answers skg:denies skg:contradicts skg:verifies")
_NEIGHBOURS = f"""SELECT DISTINCT ?node ?m ?p ?dir WHERE {{
  # a fused incident stands for its members: their claims are about it
  ?node prov:wasDerivedFrom? ?self .
  {{
    VALUES ?p {{ {_LINKS} }}
    ?self ?p ?x . BIND("out" AS ?dir)
  }} UNION {{
    VALUES ?p {{ {_LINKS} }}
    ?x ?p ?self . BIND("in" AS ?dir)
  }} UNION {{
    ?report skg:reportOf ?self ; skg:inDocument ?x . BIND(skg:inDocument AS ?p) BIND("out" AS ?dir)
  }} UNION {{
    ?report skg:inDocument ?self ; skg:reportOf ?x . BIND(skg:inDocument AS ?p) BIND("in" AS ?dir)
  }}
  OPTIONAL {{ ?x skg:incident ?incident }}
  BIND(COALESCE(?incident, ?x) AS ?m)
  FILTER(isIRI(?m) && ?m != ?node)
}}"""
_DESCRIBE = """SELECT ?class ?label ?acronym ?altLabel ?title ?date ?typeLabel ?placeLabel ?claimant ?kind ?file ?outlet
WHERE {
  OPTIONAL { ?node a ?class }
  OPTIONAL { ?node skos:prefLabel ?label FILTER(LANG(?label) IN ("en", "")) }
  OPTIONAL { ?node skg:acronym ?acronym }
  OPTIONAL { ?node skos:altLabel ?altLabel FILTER(LANG(?altLabel) = "en") }
  OPTIONAL { ?node dcterms:title ?title }
  OPTIONAL { ?node skg:fileName ?file }
  OPTIONAL { ?node skg:publisher/skos:prefLabel ?outlet FILTER(LANG(?outlet) IN ("en", "")) }
  OPTIONAL { ?node skg:earliestDate ?date }
  OPTIONAL { ?node skg:subEventType/skos:prefLabel ?typeLabel FILTER(LANG(?typeLabel) = "en") }
  OPTIONAL { ?node skg:place/skos:prefLabel ?placeLabel FILTER(LANG(?placeLabel) IN ("en", "")) }
  OPTIONAL { ?node skg:claimant ?claimant }
  OPTIONAL { ?node skg:claimKind ?kindNode BIND(STRAFTER(STR(?kindNode), "claim-kind/") AS ?kind) }
}"""
_EDGE_LABELS = {"inDocument": "reported in", "about": "about", "claimant": "claimed by", "reportedBy": "reported by",
                "place": "at", "target": "targeted", "victim": "targeted (victim)"}


def neighbours(store: KgStore, iri: str) -> list[tuple[str, str, str]]:
    """Edges (from, to, predicate local name) between ``iri`` and its drawable neighbours."""
    return neighbours_of(store, [iri])


def neighbours_of(store: KgStore, iris: list[str]) -> list[tuple[str, str, str]]:
    """:func:`neighbours` of every node of ``iris``, in one query (the walk's last pass)."""
    if not iris:
        return []
    edges = []
    for row in store.query(_NEIGHBOURS, {"node": [NamedNode(i) for i in iris]}):
        node, other, predicate = row["node"].value, row["m"].value, styling.local_name(row["p"].value)
        edges.append((node, other, predicate) if row["dir"].value == "out" else (other, node, predicate))
    return edges


def describe(store: KgStore, iri: str) -> dict | None:
    """A vis-network node for ``iri`` (id, label, title, kind, shape, color), or None when
    the node is of no drawn kind."""
    rows = list(store.query(_DESCRIBE, {"node": NamedNode(iri)}))
    classes = {row["class"].value for row in rows if row["class"] is not None}
    kind = styling.kind_of(classes)
    if kind is None:
        return None
    first = {name: next((r[name].value for r in rows if r[name] is not None), "")
             for name in ("label", "acronym", "title", "date", "typeLabel", "placeLabel", "claimant", "kind", "file",
                           "outlet")}
    first["acronym"] = _acronym({r["acronym"].value for r in rows if r["acronym"] is not None},
                                {r["altLabel"].value.lower() for r in rows if r["altLabel"] is not None})
    if first["claimant"]:
        claimant = describe(store, first["claimant"])
        first["claimantLabel"] = claimant["label"] if claimant else styling.local_name(first["claimant"])
    label, title = _label(kind, first, iri)
    node = {"id": iri, "label": label, "title": title, "kind": kind,
            **styling.style(kind, styling.actor_class(classes))}
    if kind == "event":
        node["date"] = first["date"]
    return node


def _acronym(acronyms: set[str], english: set[str]) -> str:
    """The acronym an English reader knows (JNIM, not GSIM): one also written as an English
    name, else the first in order."""
    known = sorted(a for a in acronyms if a.lower() in english)
    return (known or sorted(acronyms) or [""])[0]


def _label(kind: str, f: dict[str, str], iri: str) -> tuple[str, str]:
    """A short label for the canvas and a longer one for the tooltip (plain text)."""
    if kind == "event":
        long = " — ".join(x for x in (f["typeLabel"], f["placeLabel"], f["date"]) if x)
        return (f"{f['placeLabel'] or 'event'} {f['date']}".strip(), long or iri)
    if kind == "claim":
        text = f"{f.get('claimantLabel') or 'someone'}: {f['kind'] or 'claim'}"
        return text, f"{text} ({f['file']})" if f["file"] else text
    if kind == "document":
        # An analyst knows an article by its title and outlet, not by its file name.
        title = f["title"] or f["file"] or styling.local_name(iri)
        short = title if len(title) <= DOCUMENT_LABEL_LENGTH else title[:DOCUMENT_LABEL_LENGTH - 1].rstrip() + "…"
        label = f"{short} ({f['outlet']})" if f["outlet"] else short
        long = " — ".join(x for x in (title, f["outlet"], f["file"]) if x)
        return label, long
    name = f["label"] or styling.local_name(iri)
    short = f["acronym"] if f["acronym"] and len(name) > 20 else name
    return short, name


# --- the walk -------------------------------------------------------------------------------


def select_graph(store: KgStore, filters: Filters) -> Graph:
    """The nodes and edges to draw: breadth first from the seeds to ``filters.depth``, never
    more than ``filters.limit`` nodes; ``truncated`` when the cap stopped the walk."""
    graph = Graph()
    # Without a focus, one incident more than fits tells whether the seeds alone overflow the cap.
    seeds = [filters.focus] if filters.focus else matching_events(store, filters, limit=filters.limit + 1)
    described: dict[str, dict] = {}
    level: list[str] = []
    for iri in seeds:
        if len(described) >= filters.limit:
            graph.truncated = True
            break
        node = describe(store, iri)
        if node is not None:
            described[iri] = node
            level.append(iri)
    edges: set[tuple[str, str, str]] = set()
    expanded: set[str] = set()
    for depth in range(filters.depth + 1):
        following: list[str] = []
        for iri in level:
            expanded.add(iri)
            for edge in neighbours(store, iri):
                edges.add(edge)
                other = edge[1] if edge[0] == iri else edge[0]
                if other in described or depth == filters.depth:
                    continue
                if len(described) >= filters.limit:
                    graph.truncated = True
                    continue
                node = describe(store, other)
                if node is None or (node["kind"] == "claim" and not filters.claims) \
                        or not node_passes(store, node, filters):
                    continue
                described[other] = node
                following.append(other)
        level = following
    # Edges among drawn nodes that the walk reached but did not expand (its last level).
    edges.update(neighbours_of(store, [iri for iri in described if iri not in expanded]))
    graph.nodes = list(described.values())
    graph.edges = [_edge(a, b, p) for a, b, p in sorted(edges) if a in described and b in described]
    return graph


def _edge(source: str, target: str, predicate: str) -> dict:
    """A vis-network edge. Attacker and target edges carry their ``role`` and read in the
    order of the act: attacker → incident → target (the attacker edge is stated from the
    incident, so it is turned round)."""
    if predicate == "attacker":
        return {"from": target, "to": source, "label": "attacked", "role": "attacker"}
    edge = {"from": source, "to": target, "label": _EDGE_LABELS.get(predicate, predicate)}
    if predicate in ("target", "victim"):
        edge["role"] = "target"
    return edge

