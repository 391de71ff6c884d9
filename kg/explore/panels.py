"""The data beside the graph: search hits, the timeline of incidents and their map points.

Timeline and map take the same filters as the graph (:class:`~kg.explore.selection.Filters`)
and the same cap: never more than ``filters.limit`` incidents.

>>> from kg.store import KgStore
>>> search(KgStore.in_memory(), "JNIM")
[]
"""

from __future__ import annotations

import re

from pyoxigraph import NamedNode

from kg.explore.selection import Filters, describe, matching_events
from kg.namespaces import name_key
from kg.store import KgStore
from kg.terms import literal

# Names are matched on their lookup keys (skg:nameKey: any case or accents); documents on
# their titles and file names.
# Two flat scans, each with its filter in its own group (a filter outside a UNION would see
# every name of the store joined first): actors and places by the keys of their names (the
# names graph: any case or accents), if the documents name them; documents by title or
# file name.
_SEARCH_NAMES = """SELECT ?node (MIN(IF(?name = ?q, 0, 1)) AS ?best) WHERE {
  ?node skg:nameKey ?name .
  FILTER(CONTAINS(?name, ?q))
  FILTER(EXISTS { ?mention skg:refersTo ?node } || EXISTS { ?event skg:attacker|skg:target|skg:place ?node })
} GROUP BY ?node ORDER BY ?best ?node LIMIT 40"""
# Incidents by their place: the places whose name keys contain the query (one flat scan, as
# above), then the incidents at each, by index (each skg:Incident states its place).
_SEARCH_INCIDENTS = """SELECT DISTINCT ?node ?date WHERE {
  ?place skg:nameKey ?name .
  FILTER(CONTAINS(?name, ?q))
  ?node skg:place ?place .
  ?node a skg:Incident .
  OPTIONAL { ?node skg:earliestDate ?date }
} ORDER BY DESC(?date) ?node LIMIT 40"""
_SEARCH_DOCUMENTS = """SELECT DISTINCT ?node WHERE {
  ?node dcterms:title|skg:fileName ?title .
  FILTER(CONTAINS(LCASE(STR(?title)), ?q))
} ORDER BY ?node LIMIT 40"""
_INCIDENT = """SELECT ?date ?typeLabel ?eventTypeLabel ?placeLabel ?countryLabel ?regionLabel ?wkt ?lat ?long
       ?actor ?actorLabel ?geometry ?place ?broad WHERE {
  OPTIONAL { ?node skg:earliestDate ?date }
  OPTIONAL { ?node skg:subEventType/skos:prefLabel ?typeLabel FILTER(LANG(?typeLabel) = "en") }
  OPTIONAL { ?node skg:eventType/skos:prefLabel ?eventTypeLabel FILTER(LANG(?eventTypeLabel) = "en") }
  OPTIONAL { ?node skg:attacker ?actor .
             ?actor skos:prefLabel ?actorLabel FILTER(LANG(?actorLabel) IN ("en", "")) }
  OPTIONAL {
    ?node skg:place ?place .
    OPTIONAL { ?place a ?broad FILTER(?broad IN (skg:Country, skg:Admin1Region, skg:Admin2District)) }
    OPTIONAL { ?place skos:prefLabel ?placeLabel FILTER(LANG(?placeLabel) IN ("en", "")) }
    OPTIONAL { ?place skg:country/skos:prefLabel ?countryLabel FILTER(LANG(?countryLabel) = "en") }
    OPTIONAL { ?place (skg:partOf|skg:locatedIn)* ?region . ?region a skg:Admin1Region ;
               skos:prefLabel ?regionLabel FILTER(LANG(?regionLabel) IN ("en", "")) }
    # an installation or a new place has its town's or region's position
    OPTIONAL { ?place skg:locatedIn* ?positioned . ?positioned geo:hasGeometry ?geometry .
               ?geometry geo:asWKT ?wkt }
  }
}"""
_POINT = re.compile(r"POINT\s*\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)", re.IGNORECASE)


def search(store: KgStore, q: str, limit: int = 20) -> list[dict]:
    """Drawable nodes whose name, alias, acronym, title or file name contains ``q`` (exact
    names first), then incidents at a place whose name contains ``q`` or, for a query of
    several words, at a place named by its last words and of a type named by its first
    ("armed clash Anéfis"), then documents: id, label, title, kind."""
    key = name_key(q)
    found = [(int(row["best"].value), 0, row["node"].value)
             for row in store.query(_SEARCH_NAMES, {"q": literal(key)})]
    found += [(1, 1, iri) for iri in _incidents_at(store, key)]
    found += [(1, 2, row["node"].value) for row in store.query(_SEARCH_DOCUMENTS, {"q": literal(q.lower())})]
    hits, seen = [], set()
    for _, _, iri in sorted(found, key=lambda hit: hit[:2]):  # stable: each query's own order within
        node = describe(store, iri) if iri not in seen else None
        seen.add(iri)
        if node is not None:
            hits.append({key: node[key] for key in ("id", "label", "title", "kind")})
        if len(hits) >= limit:
            break
    return hits


def _incidents_at(store: KgStore, key: str) -> list[str]:
    """Incidents at a place whose name key contains ``key``; else, splitting ``key`` into a
    type (first words) and a place (last words), those whose type names the first part."""
    found = [row["node"].value for row in store.query(_SEARCH_INCIDENTS, {"q": literal(key)})]
    words = key.split()
    if found or not 2 <= len(words) <= 6:
        return found
    for cut in range(1, len(words)):
        kind, place = " ".join(words[:cut]), " ".join(words[cut:])
        for row in store.query(_SEARCH_INCIDENTS, {"q": literal(place)}):
            node = describe(store, row["node"].value)
            if node is not None and kind in name_key(node["title"]):
                found.append(node["id"])
    return found


def incidents(store: KgStore, filters: Filters) -> list[dict]:
    """The incidents passing ``filters`` (at most ``filters.limit``), oldest first: id, date,
    type, event type, place, country, region, attackers, and a position (lat, long, and
    ``approximate`` when the place is positioned at its town or region) or None."""
    found = []
    for iri in matching_events(store, filters, limit=filters.limit):
        rows = list(store.query(_INCIDENT, {"node": NamedNode(iri)}))

        def first(name: str, rows: list = rows) -> str:
            return next((r[name].value for r in rows if r[name] is not None), "")

        position = None
        for row in rows:
            match = _POINT.match(row["wkt"].value) if row["wkt"] is not None else None
            if match:
                approximate = row["broad"] is not None or not row["geometry"].value.startswith(row["place"].value)
                candidate = {"lat": float(match.group(2)), "long": float(match.group(1)), "approximate": approximate}
                if position is None or (position["approximate"] and not approximate):
                    position = candidate
        actors = sorted({r["actorLabel"].value for r in rows if r["actorLabel"] is not None})
        found.append({"id": iri, "date": first("date"), "type": first("typeLabel"),
                      "eventType": first("eventTypeLabel"), "place": first("placeLabel"),
                      "country": first("countryLabel"), "region": first("regionLabel"),
                      "attackers": actors, "position": position,
                      "attackerIds": sorted({r["actor"].value for r in rows if r["actor"] is not None})})
    found.sort(key=lambda i: (i["date"] or "9999", i["id"]))
    return found
