"""Fusion: reports of one incident in several documents -> one event with several reports.

Runs after every build over all document graphs and rewrites the ``fusion`` graph in one
transaction, so adding, changing or removing a document recomputes it, and building the
documents one at a time or all at once gives the same graph. Document graphs are never
touched: each keeps its own view (date, place, figures, wording).

Two document events are the same incident when all of these hold (each is stated on the
fused event with ``skg:matchedOn``):

- they come from different documents;
- same place: the same town (an installation counts as its town; a place the gazetteer
  lacks is the same node in every document because it is minted from its name), or two
  gazetteer towns within :data:`NEAR_KM` of each other (a camp reported under a
  neighbouring village's name);
- their date ranges overlap (so "in September 2023" matches "on 7 September"); a report
  that gives no date, in a document published on a known day, is taken to be about the
  :data:`UNDATED_WINDOW_DAYS` before its publication (for matching only: the fused event's
  date comes from the dated reports, and has none when no report has one);
- compatible types: the same ACLED event type, or Battles with Explosions/Remote
  violence (an assault with shelling, reported as one or the other);
- a shared attacker, or no attacker known on one side.

Candidates are blocked by town and by a coarse grid cell, so the cost grows with the
number of reports of one place, not with the square of the corpus (``benchmarks/bench_fusion.py``).
Groups are complete-linkage: every member matches every other.

Every incident -- a fused event, or a document event that no other document reports -- is
an ``skg:Incident``, and every document event points to its incident (``skg:incident``):
queries start from the incidents.

This module reads the document events, matches and clusters them, and reads the figures
reported of each incident; :mod:`kg.graph.fusion` writes the fusion graph's triples (the
fused event takes the highest-ranked type, the overlap of the dates, the most precise
place, every actor, and links every report).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from kg import namespaces as ns
from kg.graph.fusion import (
    GRAPH_FUSION,
    FigureInputs,
    derived_figure_quads,
    fusion_quads,
    incident_of,
    incident_quads,
)
from kg.store import KgStore

#: ACLED event types that one incident may be reported as (an assault with mortar fire).
_COMPATIBLE = {"battles": {"battles", "explosions-remote-violence"},
               "explosions-remote-violence": {"battles", "explosions-remote-violence"}}
#: Two gazetteer towns this close (km) may be named for one incident.
NEAR_KM = 10.0
#: An undated report matches incidents of the days before its publication, this many.
UNDATED_WINDOW_DAYS = 7
#: Grid cell (degrees) for blocking: larger than NEAR_KM at every latitude of the region.
_CELL_DEG = 0.25
_POINT = re.compile(r"POINT\s*\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)")

#: Document events are read by a few flat queries, each linear in the store, and joined
#: here: one query with every OPTIONAL multiplies rows (reports x roles x evidence) and was
#: measured at 19 s for 50 documents.
_IN_DOCUMENTS = f'FILTER(STRSTARTS(STR(?graph), "{ns.GRAPH_DOC_PREFIX}"))'
_EVENTS = f"""SELECT ?event ?sub ?type ?earliest ?latest ?place WHERE {{ GRAPH ?graph {{
    ?event a skg:Event ; skg:subEventType ?sub ; skg:eventType ?type .
    OPTIONAL {{ ?event skg:earliestDate ?earliest ; skg:latestDate ?latest }}
    OPTIONAL {{ ?event skg:place ?place }} }} {_IN_DOCUMENTS} }}"""
#: Documents dated to the day: an undated report in one happened shortly before it.
_ISSUED = f"""SELECT ?doc ?issued WHERE {{ GRAPH ?graph {{ ?doc dcterms:issued ?issued }} {_IN_DOCUMENTS}
    FILTER(DATATYPE(?issued) = xsd:date) }}"""
_REPORTS = f"""SELECT ?event ?report ?doc WHERE {{ GRAPH ?graph {{
    ?report skg:reportOf ?event ; skg:inDocument ?doc }} {_IN_DOCUMENTS} }}"""
_LINKS = f"""SELECT ?event ?link ?node WHERE {{ GRAPH ?graph {{
    VALUES ?link {{ skg:attacker skg:target skg:hasEvidence }}
    ?event a skg:Event ; ?link ?node }} {_IN_DOCUMENTS} }}"""
#: Every place an event names: its class, its town, and a point only for a gazetteer town
#: (a new place shares its region's point: too coarse to measure a distance).
_PLACES = f"""SELECT DISTINCT ?place ?class ?town ?wkt WHERE {{
  {{ SELECT DISTINCT ?place WHERE {{ GRAPH ?graph {{ ?event skg:place ?place }} {_IN_DOCUMENTS} }} }}
  OPTIONAL {{ ?place a ?class . FILTER(STRSTARTS(STR(?class), STR(skg:)) && ?class != skg:Place) }}
  OPTIONAL {{ ?place skg:locatedIn ?town }}
  BIND(COALESCE(?town, ?place) AS ?anchor)
  OPTIONAL {{ ?anchor a skg:PopulatedPlace ; geo:hasGeometry/geo:asWKT ?wkt .
             FILTER NOT EXISTS {{ ?anchor skg:inReferenceData false }} }}
}}"""


@dataclass
class DocumentEvent:
    """One document's view of an incident, as fusion needs it."""

    iri: str
    document: str
    reports: set[str] = field(default_factory=set)
    sub_type: str = ""
    event_type: str = ""
    earliest: str | None = None
    latest: str | None = None
    place: str | None = None
    place_class: str | None = None
    town: str | None = None
    attackers: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    evidence: set[str] = field(default_factory=set)
    #: (latitude, longitude) of the gazetteer town, when there is one
    point: tuple[float, float] | None = None
    #: True when the document gives no date: earliest/latest then bound the days before
    #: its publication (UNDATED_WINDOW_DAYS), for matching only, never stated as the date
    undated: bool = False


def document_events(store: KgStore) -> list[DocumentEvent]:
    """Every event of every document graph, sorted by IRI."""
    places: dict[str, dict[str, str]] = {}
    for row in store.query(_PLACES):
        seen = places.setdefault(row["place"].value, {})
        for name in ("class", "town", "wkt"):
            if row[name] is not None:
                seen.setdefault(name, row[name].value)
    events: dict[str, DocumentEvent] = {}
    for row in store.query(_EVENTS):
        place = row["place"].value if row["place"] is not None else None
        where = places.get(place, {}) if place else {}
        events.setdefault(row["event"].value, DocumentEvent(
            row["event"].value, "", sub_type=row["sub"].value.rsplit("/", 1)[-1],
            event_type=row["type"].value.rsplit("/", 1)[-1],
            earliest=row["earliest"].value if row["earliest"] is not None else None,
            latest=row["latest"].value if row["latest"] is not None else None,
            place=place, place_class=where["class"].rsplit("#", 1)[-1] if "class" in where else None,
            town=where.get("town", place), point=_point(where["wkt"]) if "wkt" in where else None))
    for row in store.query(_REPORTS):
        if (event := events.get(row["event"].value)) is not None:
            event.document = event.document or row["doc"].value
            event.reports.add(row["report"].value)
    _date_undated(events.values(), {r["doc"].value: r["issued"].value for r in store.query(_ISSUED)})
    slot = {"attacker": "attackers", "target": "targets", "hasEvidence": "evidence"}
    for row in store.query(_LINKS):
        if (event := events.get(row["event"].value)) is not None:
            getattr(event, slot[row["link"].value.rsplit("#", 1)[-1]]).add(row["node"].value)
    return sorted((e for e in events.values() if e.document), key=lambda e: e.iri)


def _date_undated(events, issued: dict[str, str]) -> None:  # noqa: ANN001 - an iterable of DocumentEvent
    """An undated report in a document published on day D is taken, for matching, to be
    about the UNDATED_WINDOW_DAYS before D (news reports recent incidents)."""
    for event in events:
        if event.earliest is None and (day := issued.get(event.document)):
            published = dt.date.fromisoformat(day)
            event.earliest = (published - dt.timedelta(days=UNDATED_WINDOW_DAYS)).isoformat()
            event.latest, event.undated = day, True


def _point(wkt: str) -> tuple[float, float] | None:
    found = _POINT.search(wkt)
    return (float(found[2]), float(found[1])) if found else None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points, in km (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _same_place(a: DocumentEvent, b: DocumentEvent) -> str | None:
    if a.town and a.town == b.town:
        return f"same place <{a.town}>"
    if a.point and b.point and (km := distance_km(a.point, b.point)) <= NEAR_KM:
        return f"places {km:.1f} km apart <{a.town}> <{b.town}>"
    return None


def match(a: DocumentEvent, b: DocumentEvent) -> list[str] | None:
    """Why ``a`` and ``b`` are one incident (the reasons), or None when they are not."""
    # cheap tests first: most candidates of one place differ by date
    if a.document == b.document:
        return None
    if not (a.earliest and b.earliest and a.earliest <= b.latest and b.earliest <= a.latest):
        return None
    if b.event_type != a.event_type and b.event_type not in _COMPATIBLE.get(a.event_type, ()):
        return None
    if not (where := _same_place(a, b)):
        return None
    shared = a.attackers & b.attackers
    if a.attackers and b.attackers and not shared:
        return None
    when = f"dates overlap ({max(a.earliest, b.earliest)})"
    if a.undated or b.undated:
        when = (f"undated report published {min(x.latest for x in (a, b) if x.undated)}, "
                f"within {UNDATED_WINDOW_DAYS} days of the other's date")
    reasons = [where, when,
               f"compatible types ({a.event_type}, {b.event_type})"]
    reasons += [f"shared attacker <{x}>" for x in sorted(shared)] or ["attacker known on one side only"]
    return reasons


def _blocks(event: DocumentEvent) -> set[object]:
    """Keys under which a matching event must also be filed: (place key, month) for its
    town and the grid cells around its point (a neighbour within NEAR_KM is in one of the
    3 x 3 cells), for every month its date range touches."""
    places: set[object] = {event.town} if event.town else set()
    if event.point:
        row, col = (math.floor(v / _CELL_DEG) for v in event.point)
        places |= {(row + dr, col + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)}
    if not event.earliest or not event.latest:
        return set()   # no date: matches nothing
    year, month = int(event.earliest[:4]), int(event.earliest[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= event.latest[:7]:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {(place, m) for place in places for m in months}


def clusters(events: list[DocumentEvent]) -> list[tuple[list[DocumentEvent], set[str]]]:
    """Groups of matching events (never two of the same document), with the reasons.
    Events are taken in the given order; each joins the first (oldest) candidate group all
    of whose members it matches, so the result does not depend on how candidates are found."""
    groups: list[tuple[list[DocumentEvent], set[str]]] = []
    by_block: dict[object, set[int]] = defaultdict(set)
    for event in events:
        keys = _blocks(event)
        for index in sorted({i for key in keys for i in by_block.get(key, ())}):
            members, reasons = groups[index]
            why = [match(event, m) for m in members]
            if all(w is not None for w in why):
                members.append(event)
                reasons.update(r for w in why if w for r in w)
                break
        else:
            index = len(groups)
            groups.append(([event], set()))
        for key in keys:
            by_block[key].add(index)
    return [(members, reasons) for members, reasons in groups if len(members) > 1]


#: Every figure of a claim about a document event, with its bounds, wording and evidence.
_FIGURES = f"""
SELECT ?figure ?event ?category ?low ?high ?text ?evidence WHERE {{
  GRAPH ?graph {{
    ?claim skg:about ?event ; skg:hasFigure ?figure .
    ?figure skg:figureCategory ?category ; skg:low ?low ; skg:figureText ?text ; skg:hasEvidence ?evidence .
    OPTIONAL {{ ?figure skg:high ?high }}
  }}
  FILTER(STRSTARTS(STR(?graph), "{ns.GRAPH_DOC_PREFIX}"))
}}"""


def figure_inputs(store: KgStore, groups: list[tuple[list[DocumentEvent], set[str]]]) -> FigureInputs:
    """Every figure reported of an event, filed under its incident (the fused event of its
    group, else the event itself) and category, with its bounds, ACLED's value and evidence."""
    incident = incident_of(groups)
    from kg.extract.figures import acled_value

    inputs: FigureInputs = {}
    for row in store.query(_FIGURES):
        key = (incident.get(row["event"].value, row["event"].value), row["category"].value)
        low, high = float(row["low"].value), float(row["high"].value) if row["high"] is not None else None
        acled = float(acled_value(row["text"].value) or low)
        *_, evidence = inputs.setdefault(key, {}).setdefault(row["figure"].value, (low, high, acled, set()))
        evidence.add(row["evidence"].value)
    return inputs


def fuse(store: KgStore) -> int:
    """Recompute the fusion graph (incidents, fused events, derived figures) from the
    document graphs in one transaction; return how many fused events."""
    events = document_events(store)
    groups = clusters(events)
    quads = fusion_quads(groups) + incident_quads(events, groups) + derived_figure_quads(figure_inputs(store, groups))
    store.sync_graph(NamedNode(GRAPH_FUSION), quads)   # one transaction, only what changed
    return len(groups)
