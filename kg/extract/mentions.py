"""Stage 2 — mentions: text -> actor and place mentions, linked to the reference data.

Rules, in order (each testable on its own sentence):

1. reference names (labels, aliases, acronyms, spellings; fuzzy for misspellings);
2. descriptors resolved from context: "Malian soldiers" -> the state force of Mali,
   "the Nigerien junta" -> Niger's government body, "the army" -> the state force of the
   document's main country, "the jihadists" / "the assailants" / "the group" -> the armed
   group mentioned last (or most) before;
3. named groups absent from the reference data ("the Katiba Serma group",
   "Front for X (FX)") -> new actors typed from their context, flagged;
4. persons introduced by a role ("a suicide bomber named X", "spokesperson X",
   "Colonel X") -> reference persons, or new persons with that role;
5. places: gazetteer names (disambiguated by class cues and the document's countries);
   "the X camp" / "the military base in X" -> a military installation in X; a place the
   gazetteer lacks ("Soumpi, located within the Tombouctou region", "the village of X",
   "near X", "towns including A, B and C") -> a new place in the region or country the
   text gives, never with invented coordinates.

The rules live in one module each, composed by :class:`Linker`: :mod:`kg.extract.actors`
(1, 3, 4), :mod:`kg.extract.descriptors` (2), :mod:`kg.extract.places` (5), with what they
share in :mod:`kg.extract.mention_common`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from kg.extract.actors import TITLES, ActorFinder
from kg.extract.descriptors import DescriptorResolver
from kg.extract.mention_common import LinkContext, names_a_border
from kg.extract.places import PlaceFinder
from kg.extract.spans import non_overlapping
from kg.link.reference import ReferenceIndex
from kg.records import ActorMention, PlaceMention

__all__ = ["TITLES", "Linker", "Mentions"]


@dataclass
class Mentions:
    """The output of the stage: actor and place mentions, in text order."""

    actors: list[ActorMention]
    places: list[PlaceMention]


class Linker:
    """Links names in text to the reference data; build once per reference index."""

    def __init__(self, reference: ReferenceIndex) -> None:
        self.reference = reference
        self.context = LinkContext(reference)
        self.actors = ActorFinder(self.context)
        self.descriptors = DescriptorResolver(self.context)
        self.places = PlaceFinder(self.context)
        self.actor_matcher = self.actors.matcher
        self.place_matcher = self.places.matcher

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """Every pattern filled from the reference data (demonyms, names of the states that
        have forces or a government), of every stage, compiled on first use."""
        return {**self.descriptors.patterns, **self.actors.patterns, **self.places.patterns,
                **self.context.patterns}

    def mentions(self, text: str, key: str) -> Mentions:
        """Every actor and place mention of ``text`` (document ``key``)."""
        actor_hits = self.actor_matcher.find(text)
        actors = self.actors.named(text, key, actor_hits)
        actors = self.descriptors.local_affiliates(text, actors)
        actors = self.actors.patrons(text, actors)
        places = self.places.places(text, key, actor_hits)
        main_country = (_main_country([p for p in places if not names_a_border(text, p)])
                        or self.context.demonym_country(text))
        actors = _merge(actors + self.descriptors.descriptors(text, key, actors, main_country, places)
                        + self.actors.new_groups(text, key, actors)
                        + self.actors.bodies(text, key, actors, main_country)
                        + self.actors.persons(text, key, actors))
        return Mentions(actors, places)


def _main_country(places: list[PlaceMention]) -> str | None:
    counts = Counter(p.country for p in places if p.country)
    return counts.most_common(1)[0][0] if counts else None


def _merge(actors: list[ActorMention]) -> list[ActorMention]:
    """Text order; of overlapping mentions the longest wins ("Mali military" over "Mali"),
    then a name over a descriptor, then one that gives a person's role."""
    def priority(m: ActorMention) -> tuple:
        return (-(m.evidence.end - m.evidence.start), m.how == "descriptor", m.role is None, m.evidence.start)

    kept = non_overlapping(sorted(actors, key=priority), lambda m: (m.evidence.start, m.evidence.end))
    return sorted(kept, key=lambda m: m.evidence.start)
