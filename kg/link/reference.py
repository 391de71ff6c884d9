"""The reference index: what linking needs to know of the reference actors and places.

Built once per build from the store's reference graph (two queries), so adding an actor,
an alias or a place is a data edit in ``ontology/reference/``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from kg.link.aliases import normalise
from kg.namespaces import GRAPH_REFERENCE, SKG, SKGID

_ACTOR_LABELS = f"""
SELECT ?actor ?label ?kind ?class WHERE {{ GRAPH <{GRAPH_REFERENCE}> {{
  ?actor a ?class .
  {{ ?actor skos:prefLabel ?label BIND("pref" AS ?kind) }}
  UNION {{ ?actor skos:altLabel ?label BIND("alt" AS ?kind) }}
  UNION {{ ?actor skos:hiddenLabel ?label BIND("hidden" AS ?kind) }}
  UNION {{ ?actor skg:acronym ?label BIND("acronym" AS ?kind) }}
  FILTER(STRSTARTS(STR(?actor), "https://w3id.org/sahel-kg/id/actor/"))
}} }}"""

_IN_POWER = f"""
SELECT ?actor ?since WHERE {{ GRAPH <{GRAPH_REFERENCE}> {{ ?actor skg:inPowerSince ?since }} }}"""

_PLACES = f"""
SELECT ?place ?label ?kind ?class ?iso ?population ?parent ?geometry WHERE {{ GRAPH <{GRAPH_REFERENCE}> {{
  ?place a ?class .
  {{ ?place skos:prefLabel ?label BIND("pref" AS ?kind) }}
  UNION {{ ?place skos:altLabel ?label BIND("alt" AS ?kind) }}
  UNION {{ ?place skos:hiddenLabel ?label BIND("hidden" AS ?kind) }}
  OPTIONAL {{ ?place skg:country/skg:isoCode ?iso }}
  OPTIONAL {{ ?place skg:isoCode ?iso }}
  OPTIONAL {{ ?place skg:population ?population }}
  OPTIONAL {{ ?place skg:partOf ?parent }}
  OPTIONAL {{ ?place geo:hasGeometry ?geometry }}
  FILTER(STRSTARTS(STR(?place), "https://w3id.org/sahel-kg/id/place/"))
}} }}"""


@dataclass
class Entry:
    """A reference actor or place: its IRI, English (or untagged) label, class, names."""

    iri: str
    label: str = ""
    classes: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)   # surface name -> kind
    country: str | None = None
    population: int = 0
    parents: set[str] = field(default_factory=set)
    has_point: bool = False
    #: the day a government body took power (skg:inPowerSince), for the descriptors that name it
    in_power_since: dt.date | None = None

    @property
    def main_class(self) -> str:
        """The most specific class (the reference data gives one per entry)."""
        return sorted(self.classes)[0] if self.classes else "Actor"


_RELATIONS = f"""
SELECT ?s ?p ?o WHERE {{ GRAPH <{GRAPH_REFERENCE}> {{
  VALUES ?p {{ skg:forceOf skg:governmentOf skg:mediaWingOf skg:spokespersonOf skg:leaderOf
              skg:territory skg:affiliatedWith skg:constituentOf skg:basedIn }}
  ?s ?p ?o }} }}"""


_DEMONYMS = f"""
SELECT ?demonym ?iso WHERE {{ GRAPH <{GRAPH_REFERENCE}> {{ ?country skg:demonym ?demonym ; skg:isoCode ?iso }} }}"""


@dataclass
class ReferenceIndex:
    """Actors and places by IRI, and every name -> the entries it may denote."""

    actors: dict[str, Entry] = field(default_factory=dict)
    places: dict[str, Entry] = field(default_factory=dict)
    actor_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    place_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    relations: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    #: lower-cased demonym ("malian") -> ISO 3166-1 code of its country
    demonyms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store) -> ReferenceIndex:  # noqa: ANN001 - KgStore
        """Read the reference graph of ``store``."""
        index = cls()
        for row in store.query(_ACTOR_LABELS):
            index._add(index.actors, index.actor_names, row, "actor")
        for row in store.query(_PLACES):
            entry = index._add(index.places, index.place_names, row, "place")
            if row["iso"] is not None and not entry.country:
                entry.country = row["iso"].value[:2]
            if row["population"] is not None:
                entry.population = int(row["population"].value)
            if row["parent"] is not None:
                entry.parents.add(row["parent"].value)
            entry.has_point = entry.has_point or row["geometry"] is not None
        for row in store.query(_IN_POWER):
            if row["actor"].value in index.actors:
                index.actors[row["actor"].value].in_power_since = dt.date.fromisoformat(row["since"].value)
        for row in store.query(_DEMONYMS):
            index.demonyms[row["demonym"].value.lower()] = row["iso"].value
        for row in store.query(_RELATIONS):
            index.relations[row["p"].value.removeprefix(SKG)].append((row["s"].value, row["o"].value))
        return index

    def subjects(self, relation: str, obj: str) -> list[str]:
        """Every ``s`` with ``s relation obj`` (e.g. the forces of a state), sorted."""
        return sorted(s for s, o in self.relations.get(relation, ()) if o == obj)

    def objects(self, subject: str, relation: str) -> list[str]:
        """Every ``o`` with ``subject relation o``, sorted."""
        return sorted(o for s, o in self.relations.get(relation, ()) if s == subject)

    @staticmethod
    def _add(entries: dict[str, Entry], names: dict[str, set[str]], row, var: str) -> Entry:  # noqa: ANN001
        """Record one (entry, label) row; the English or untagged prefLabel is the label."""
        iri, label, kind = row[var].value, row["label"], row["kind"].value
        entry = entries.setdefault(iri, Entry(iri))
        entry.classes.add(row["class"].value.removeprefix(SKG))
        if kind == "pref" and (label.language in (None, "en") or not entry.label):
            entry.label = label.value
        entry.names.setdefault(label.value, kind)
        if key := normalise(label.value):   # a label in another script normalises to ""
            names[key].add(iri)
        return entry

    def resolve_actor(self, name: str) -> str | None:
        """The one reference actor ``name`` names, or None when unknown or ambiguous."""
        found = self.actor_names.get(normalise(name), set())
        return next(iter(found)) if len(found) == 1 else None

    def actor_label(self, iri: str) -> str:
        """The label of a reference actor (its IRI's last segment when unknown)."""
        entry = self.actors.get(iri)
        return entry.label if entry else iri.rsplit("/", 1)[-1]

    def state_of_country(self, iso: str | None) -> str | None:
        """The state actor whose territory is the country ``iso`` (None when unknown)."""
        states = self.subjects("territory", f"{SKGID}place/iso/{iso}") if iso else []
        return states[0] if states else None

    def country_code_of_state(self, state: str) -> str | None:
        """ISO 3166-1 code of the territory of the state actor ``state`` (None when unknown)."""
        places = self.objects(state, "territory")
        return places[0].rsplit("/", 1)[-1] if places else None

    def country_label(self, iso: str | None) -> str | None:
        """The English name of the country ``iso`` ("NE" -> "Niger"), None when unknown."""
        entry = self.places.get(f"{SKGID}place/iso/{iso}") if iso else None
        return entry.label if entry else None

    def country_of(self, iri: str) -> str | None:
        """ISO 3166-1 code of a reference place."""
        entry = self.places.get(iri)
        return entry.country if entry else None
