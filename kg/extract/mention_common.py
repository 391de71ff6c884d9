"""What the mention stages share: IRI prefixes, evidence spans, the country a paragraph
is about, and :class:`LinkContext` -- the tables derived once per reference index (the
demonyms and state names the patterns are filled with, state names -> IRIs, the country
the text's demonyms point to).

The stages (:mod:`kg.extract.actors`, :mod:`kg.extract.descriptors`,
:mod:`kg.extract.places`) import from here, never from each other.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property

from kg.extract.scanning import alternation, guarded
from kg.link.reference import ReferenceIndex
from kg.namespaces import SKGID
from kg.records import Evidence, PlaceMention

ACTOR = SKGID + "actor/"
PLACE = SKGID + "place/"
#: The rest of "al-Qaeda's Sahel affiliate": the phrase names the affiliate, not the patron.
AFFILIATE_OF = r"['’]s\s+(?:[\w-]+\s+){0,3}?(?:branch|affiliate|franchise|offshoot|subsidiary|chapter)\b"
#: "the Algerian border": a neighbour named for its border, not where the text is.
_BORDER_AFTER = re.compile(r"\s+(?:border|frontier)", re.I)
#: How far back (characters) a descriptor looks for its antecedent.
ANTECEDENT_WINDOW = 600


class LinkContext:
    """The reference index and what the mention stages derive from it, once per index."""

    def __init__(self, reference: ReferenceIndex) -> None:
        self.reference = reference

    @cached_property
    def fill(self) -> dict[str, str]:
        """Alternations for the ``{demonyms}`` / ``{countries}`` slots of the stages' patterns:
        the reference data's demonyms and the names of the states that have forces or a
        government (``(?!)``, matching nothing, when there are none)."""
        demonyms = alternation(self.reference.demonyms)
        states = {s for r in ("forceOf", "governmentOf") for _, s in self.reference.relations.get(r, ())}
        names = {n for s in states if s in self.reference.actors
                 for n, kind in self.reference.actors[s].names.items() if kind == "pref"}
        countries = alternation(names, lambda n: re.escape(n).replace(r"\ ", r"\s+"))
        return {"demonyms": demonyms or "(?!)", "countries": countries or "(?!)"}

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """Demonyms and state names, filled from the reference data (see :attr:`fill`)."""
        fill = self.fill
        return {"demonym": guarded(rf"\b(?:{fill['demonyms']})\b", re.I),
                "country_name": guarded(rf"\b(?:{fill['countries']})\b")}

    @cached_property
    def state_by_name(self) -> dict[str, str]:
        """normalised name of a state -> its actor IRI (for "Mali's army")."""
        from kg.link.aliases import normalise

        return {normalise(n): i for i, e in self.reference.actors.items() if "State" in e.classes
                for n in e.names}

    def demonym_country(self, text: str) -> str | None:
        """The country the text's demonyms and state names point to most ("Malian", "Mali
        army" -> ML; first named on a tie), for documents that name no known place; a
        demonym before "border" names a neighbour, not the document's country."""
        from kg.link.aliases import normalise

        found: Counter = Counter()
        for match in self.patterns["demonym"].finditer(text):
            if not _BORDER_AFTER.match(text, match.end()):
                found[self.reference.demonyms.get(match.group(0).lower())] += 1
        for match in self.patterns["country_name"].finditer(text):
            state = self.state_by_name.get(normalise(match.group(0)))
            found[self.reference.country_code_of_state(state) if state else None] += 1
        found.pop(None, None)
        return max(found, key=found.__getitem__) if found else None


def names_a_border(text: str, place: PlaceMention) -> bool:
    """True for "the Niger border", "near the border with Niger": the neighbour it names is
    not where the text is."""
    return place.place_class == "Country" and bool(
        _BORDER_AFTER.match(text, place.evidence.end)
        or _BORDER_WITH.search(text, max(0, place.evidence.start - 30), place.evidence.start))


#: How many place-less paragraphs back "the army" may look for the country under discussion.
_PARAGRAPHS_BACK = 2
_BORDER_WITH = guarded(r"\b(?:border|frontier)s?\s+with\s+(?:the\s+)?$", re.I)


def paragraph_country(text: str, places: list[PlaceMention], at: int) -> str | None:
    """The country most of the places of the paragraph around ``at`` are in, when one
    country leads ("the army" in a roundup's paragraph about Sebba is Burkina Faso's); a
    paragraph naming no place takes the answer of the one before (up to
    :data:`_PARAGRAPHS_BACK`); None when no country leads. Borders do not count."""
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    start = text.rfind("\n", 0, at) + 1
    for _ in range(_PARAGRAPHS_BACK + 1):
        ranked = Counter(p.country for p in places if start <= p.evidence.start < end and p.country
                         and not names_a_border(text, p)).most_common(2)
        if ranked:
            return None if len(ranked) == 2 and ranked[0][1] == ranked[1][1] else ranked[0][0]
        if start == 0:
            return None
        end = len(text[:start].rstrip("\n"))   # the paragraph before, without the blank lines between
        start = text.rfind("\n", 0, end) + 1
    return None


def evidence_of(text: str, key: str, start: int, end: int) -> Evidence:
    """The evidence of ``text[start:end]`` in document ``key``."""
    return Evidence(key, start, end, text[start:end])
