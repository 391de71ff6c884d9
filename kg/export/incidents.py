"""Incidents for the tabular and map exports (ACLED CSV, GeoJSON): one record per incident.

"One incident" is what ``queries/events.rq`` shows: a document's event that the fusion
merged with other reports is replaced by the fused event; events reported once stand as
they are. Each :class:`Incident` gathers, with a few SPARQL queries over the store, what
ACLED's columns need: date, types, actors with their inter codes, place and its admin
hierarchy and point, precision codes, sources, the fusion's derived lowest figures, and
every claim about it (for the notes).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from kg import namespaces as ns
from kg.store import KgStore

#: One row per incident (stated by the fusion: a fused event, or a document event reported once).
_ONE_ROW = """
  ?event a skg:Incident ."""
_EN = 'FILTER(LANG({0}) IN ("en", ""))'

_EVENTS = f"""SELECT ?event (MIN(?d) AS ?date) (MAX(?l) AS ?latest) (SAMPLE(?t) AS ?type) (SAMPLE(?s) AS ?sub)
       (SAMPLE(?p) AS ?place) WHERE {{ {_ONE_ROW}
  OPTIONAL {{ ?event skg:earliestDate ?d }}
  OPTIONAL {{ ?event skg:latestDate ?l }}
  OPTIONAL {{ ?event skg:eventType/skos:notation ?t }}
  OPTIONAL {{ ?event skg:subEventType/skos:notation ?s }}
  OPTIONAL {{ ?event skg:place ?p }}
}} GROUP BY ?event"""

# A fused event carries no precision codes of its own: take its most precise report's.
_PRECISION = f"""SELECT ?event ?prop (MIN(?n) AS ?code) WHERE {{ {_ONE_ROW}
  VALUES (?prop ?scheme) {{ (skg:datePrecision "{ns.SKGV}acled-time-precision/")
                           (skg:placePrecision "{ns.SKGV}acled-geo-precision/") }}
  ?event prov:wasDerivedFrom? ?view .
  ?view ?prop ?c . ?c skos:notation ?n .
  FILTER(STRSTARTS(STR(?c), ?scheme))
}} GROUP BY ?event ?prop"""

_ACTORS = f"""SELECT ?event ?role ?name (MIN(?code) AS ?inter) WHERE {{ {_ONE_ROW}
  VALUES ?role {{ skg:attacker skg:target }}
  ?event ?role ?actor . ?actor skos:prefLabel ?name . {_EN.format("?name")}
  OPTIONAL {{ ?actor skg:interCode/skos:notation ?code }}
}} GROUP BY ?event ?role ?name"""

_PLACES = f"""SELECT ?event (SAMPLE(?label) AS ?name) (SAMPLE(?wkt) AS ?point) (SAMPLE(?c) AS ?country)
       (SAMPLE(?cLabel) AS ?countryName) (SAMPLE(?a1) AS ?admin1) (SAMPLE(?a2) AS ?admin2)
       (SAMPLE(?townLabel) AS ?town) WHERE {{ {_ONE_ROW}
  ?event skg:place ?place .
  OPTIONAL {{ ?place skos:prefLabel ?label . {_EN.format("?label")} }}
  OPTIONAL {{ ?place geo:hasGeometry/geo:asWKT ?wkt }}
  OPTIONAL {{ {{ ?place skg:country ?c }} UNION {{ ?place a skg:Country . BIND(?place AS ?c) }}
             ?c skos:prefLabel ?cLabel . FILTER(LANG(?cLabel) = "en") }}
  OPTIONAL {{ ?place (skg:partOf|skg:locatedIn)+ ?r1 . ?r1 a skg:Admin1Region ; skos:prefLabel ?a1 .
             {_EN.format("?a1")} }}
  OPTIONAL {{ ?place (skg:partOf|skg:locatedIn)+ ?r2 . ?r2 a skg:Admin2District ; skos:prefLabel ?a2 .
             {_EN.format("?a2")} }}
  OPTIONAL {{ ?place skg:locatedIn ?t . ?t skos:prefLabel ?townLabel . {_EN.format("?townLabel")} }}
}} GROUP BY ?event"""

_SOURCES = f"""SELECT DISTINCT ?event ?doc ?file ?publisher ?based WHERE {{ {_ONE_ROW}
  ?report skg:reportOf ?event ; skg:inDocument ?doc .
  OPTIONAL {{ ?doc skg:fileName ?file }}
  OPTIONAL {{ ?doc skg:publisher ?p . ?p skos:prefLabel ?publisher . {_EN.format("?publisher")}
             OPTIONAL {{ ?p skg:basedIn ?based }} }}
}}"""

_LOWEST = f"""SELECT ?event ?category ?low WHERE {{ {_ONE_ROW}
  ?event skg:consolidatedFigure ?f .
  ?f skg:derivationMethod <{ns.SKGV}derivation-method/acled-lowest-reported> ;
     skg:figureCategory ?c ; skg:low ?low .
  BIND(STRAFTER(STR(?c), "figure-category/") AS ?category)
}}"""

_CLAIMS = f"""SELECT ?event ?claim ?claimant ?kind ?category ?low ?high WHERE {{
  ?claim skg:about/skg:incident ?event ; skg:claimant/skos:prefLabel ?claimant ; skg:claimKind ?k .
  {_EN.format("?claimant")}
  BIND(STRAFTER(STR(?k), "claim-kind/") AS ?kind)
  OPTIONAL {{ ?claim skg:hasFigure ?fig . ?fig skg:figureCategory ?fc ; skg:low ?low .
             OPTIONAL {{ ?fig skg:high ?high }}
             BIND(STRAFTER(STR(?fc), "figure-category/") AS ?category) }}
}}"""

#: Figure categories that count deaths (ACLED's fatalities are not split by side).
DEATHS_BY_SIDE = ("soldiers-killed", "civilians-killed", "militants-killed")
DEATHS_ALL = "people-killed"


@dataclass
class Incident:
    """One incident, ready for a row or a feature."""

    iri: str
    date: str | None = None
    latest: str | None = None
    event_type: str = ""
    sub_event_type: str = ""
    attackers: list[tuple[str, str]] = field(default_factory=list)   # (name, inter code)
    targets: list[tuple[str, str]] = field(default_factory=list)
    location: str = ""
    country: str = ""
    country_iri: str = ""
    admin1: str = ""
    admin2: str = ""
    latitude: float | None = None
    longitude: float | None = None
    time_precision: str = ""
    geo_precision: str = ""
    documents: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    publishers: dict[str, str] = field(default_factory=dict)          # name -> basedIn IRI ("" unknown)
    lowest: dict[str, int] = field(default_factory=dict)              # category -> lowest reported
    claims: dict[str, dict] = field(default_factory=dict)              # claim IRI -> details

    @property
    def fatalities(self) -> int:
        """ACLED's fatalities: the lowest reported total. The total is either the all-sides
        figure (people killed) or the sum of the by-side figures; where both exist the lower
        wins (ACLED records the lowest figure and notes the dispute). Unknown -> 0."""
        totals = []
        if DEATHS_ALL in self.lowest:
            totals.append(self.lowest[DEATHS_ALL])
        by_side = [self.lowest[c] for c in DEATHS_BY_SIDE if c in self.lowest]
        if by_side:
            totals.append(sum(by_side))
        return min(totals) if totals else 0


_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", re.I)


def incidents(store: KgStore) -> list[Incident]:
    """Every incident of the store, ordered by date then IRI."""
    found: dict[str, Incident] = {}
    for row in store.query(_EVENTS):
        iri = row["event"].value
        found[iri] = Incident(iri, _value(row["date"]), _value(row["latest"]), _value(row["type"]) or "",
                              _value(row["sub"]) or "")
    for row in store.query(_PRECISION):
        incident = found[row["event"].value]
        if row["prop"].value.endswith("#datePrecision"):
            incident.time_precision = row["code"].value
        else:
            incident.geo_precision = row["code"].value
    for row in store.query(_ACTORS):
        role = row["role"].value.rsplit("#", 1)[-1]
        sides = found[row["event"].value].attackers if role == "attacker" else found[row["event"].value].targets
        sides.append((row["name"].value, _value(row["inter"]) or ""))
    for row in store.query(_PLACES):
        _place(found[row["event"].value], row)
    for row in store.query(_SOURCES):
        incident = found[row["event"].value]
        incident.documents.add(row["doc"].value)
        if row["file"] is not None:
            incident.files.add(row["file"].value)
        if row["publisher"] is not None:
            incident.publishers[row["publisher"].value] = _value(row["based"]) or ""
    for row in store.query(_LOWEST):
        found[row["event"].value].lowest[row["category"].value] = round(float(row["low"].value))
    for row in store.query(_CLAIMS):
        incident = found.get(row["event"].value)
        if incident is None:
            continue
        claim = incident.claims.setdefault(row["claim"].value, {
            "claimant": row["claimant"].value, "kind": row["kind"].value, "figures": set()})
        if row["category"] is not None:
            claim["figures"].add((row["category"].value, _number(row["low"]), _number(row["high"])))
    for incident in found.values():
        incident.attackers.sort()
        incident.targets.sort()
    return sorted(found.values(), key=lambda i: (i.date or "9999", i.iri))


def _value(term: object) -> str | None:
    return None if term is None else term.value


def _number(term: object) -> str | None:
    if term is None:
        return None
    value = float(term.value)
    return str(int(value)) if value.is_integer() else str(value)


def _place(incident: Incident, row: object) -> None:
    incident.location = _value(row["town"]) or _value(row["name"]) or ""
    incident.country = _value(row["countryName"]) or ""
    incident.country_iri = _value(row["country"]) or ""
    incident.admin1 = _value(row["admin1"]) or ""
    incident.admin2 = _value(row["admin2"]) or ""
    match = _POINT.search(_value(row["point"]) or "")
    if match:
        incident.longitude, incident.latitude = float(match[1]), float(match[2])


def claims_summary(incident: Incident) -> str:
    """The competing claims in one line: per claimant, the kinds and figures it asserts."""
    by_claimant: dict[str, dict[str, set]] = defaultdict(lambda: {"kinds": set(), "figures": set()})
    for claim in incident.claims.values():
        by_claimant[claim["claimant"]]["kinds"].add(claim["kind"])
        by_claimant[claim["claimant"]]["figures"].update(claim["figures"])
    parts = []
    for claimant, seen in sorted(by_claimant.items()):
        figures = [f"{cat} {low}{'' if high == low else ('-' + high if high else '+')}"
                   for cat, low, high in sorted(seen["figures"], key=lambda f: (f[0], str(f[1])))]
        parts.append(f"{claimant}: " + ", ".join(sorted(seen["kinds"]) + figures))
    return "; ".join(parts)
