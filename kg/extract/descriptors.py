"""Actor mentions resolved from context: "Malian soldiers" -> the state force of Mali, "the
Nigerien junta" -> Niger's government body, "the army" -> the state force of the country
the paragraph (else the document) is about, "the General Staff" -> that country's general
staff, "the jihadists" / "the assailants" / "the group" -> the armed group named last (or
most) before, "al-Qaeda's Sahel affiliate" -> the one affiliate the document names, and
"Islamic State militants" -> the parent's one local affiliate the text names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import cached_property

from kg.extract.mention_common import (
    AFFILIATE_OF,
    ANTECEDENT_WINDOW,
    PLACE,
    LinkContext,
    evidence_of,
    paragraph_country,
)
from kg.extract.scanning import guarded
from kg.records import ActorMention, PlaceMention

#: Demonyms -> the state actor they qualify (a data table: extend it with the reference).
_FORCE_NOUNS = (r"army|military|armed forces|soldiers|troops|forces|security forces|"
                r"defen[cs]e and security forces|gendarmes|gendarmerie|garrison")
_GOVERNMENT_NOUNS = r"government|authorities|junta|transitional authorities|regime|officials"
#: Descriptor patterns; ``{demonyms}`` / ``{countries}`` are filled from the reference data.
_DEMONYM_DESCRIPTOR = (rf"\b(?P<demonym>{{demonyms}})\s+(?:(?P<force>{_FORCE_NOUNS})|"
                       rf"(?P<gov>{_GOVERNMENT_NOUNS}))\b")
_COUNTRY_DESCRIPTOR = (rf"\b(?P<country>{{countries}})(?:'s|’s)?\s+(?:(?P<force>{_FORCE_NOUNS})|"
                       rf"(?P<gov>{_GOVERNMENT_NOUNS}))\b")
#: French order, the noun before the demonym: "l'armée malienne", "les soldats nigériens", "la junte
#: burkinabè", "les autorités maliennes" (a demonym's feminine and plural endings allowed).
_FR_FORCE_NOUNS = (r"armée|forces\s+armées|militaires|soldats|forces\s+de\s+défense\s+et\s+de\s+sécurité|"
                   r"forces|gendarmes|gendarmerie|garnison")
_FR_GOVERNMENT_NOUNS = r"gouvernement|autorités(?:\s+de\s+la\s+transition)?|junte(?:\s+militaire)?|régime"
_DEMONYM_AFTER = (rf"\b(?:(?P<force>{_FR_FORCE_NOUNS})|(?P<gov>{_FR_GOVERNMENT_NOUNS}))\s+"
                  rf"(?P<demonym>{{demonyms}})(?:nes|ne|es|s|e)?\b")
_GENERAL_STAFF = guarded(r"\b(?:the\s+)?(?:army\s+|military\s+)?general\s+staff\b(?!\s+of\s+the\s+\w+\s+armed)|"
                         r"\bétat-major(?:\s+général)?(?:\s+des\s+armées)?\b", re.I)
_STAFF_AFTER = re.compile(r"\s+general\s+staff\b", re.I)
_JUNTA = guarded(r"\b(?:the\s+)?(?:ruling\s+)?(?:military\s+)?junta\b|\bjunte(?:\s+militaire)?\b", re.I)
_BARE_FORCE = guarded(rf"\bthe\s+(?:{_FORCE_NOUNS})\b|\b(?:soldiers|troops)\b|"
                      r"\barmy\b(?!\s+(?:camp|base|post|barracks|vehicle|chief|spokes\w+|posts))|"
                      r"\b(?:l['’]armée|les\s+militaires|les\s+soldats|les\s+FDS)\b", re.I)
_ARMED_DESCRIPTOR = guarded(
    r"\b(?:the\s+|these\s+|suspected\s+)?(?:jihadists?|militants?|attackers|assailants|insurgents|rebels|"
    r"terrorists|fighters|(?:the|this|that)\s+(?:(?:jihadist|armed|militant|extremist|terrorist)\s+)?group)\b|"
    r"\b(?:les\s+|des\s+|ces\s+)?(?:d?jihadistes|assaillants|terroristes|insurgés|combattants|hommes\s+armés|"
    r"individus\s+armés)\b|\b(?:le|ce)\s+groupe(?:\s+(?:d?jihadiste|armé|terroriste))?\b",
    re.I)
_AFFILIATE_PHRASE = re.compile(AFFILIATE_OF, re.I)
_FIGHTERS_AFTER = re.compile(r"\s+(?:militants|fighters|jihadists|insurgents|gunmen|members|combatants)\b", re.I)
#: "No group has claimed responsibility": the attackers are unidentified.
_UNCLAIMED = guarded(r"\bno\s+(?:group|one|organi[sz]ation|armed\s+group)\s+(?:has\s+|had\s+)?"
                     r"(?:yet\s+|immediately\s+)?(?:claimed|taken\s+responsibility|come\s+forward)|\bunclaimed\b|"
                     r"\b(?:has|had|was)\s+not\s+(?:yet\s+|immediately\s+)?(?:been\s+)?claimed\b|"
                     r"\bnot\s+immediately\s+claimed\b", re.I)


class DescriptorResolver:
    """Descriptors of a text resolved to reference actors, or to groups the text names."""

    def __init__(self, context: LinkContext) -> None:
        self.context = context
        self.reference = context.reference

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """The descriptor patterns, filled with the reference data's demonyms and the names
        of the states that have forces or a government."""
        fill = self.context.fill
        return {"demonym_descriptor": guarded(_DEMONYM_DESCRIPTOR.format(**fill), re.I),
                "demonym_after": guarded(_DEMONYM_AFTER.format(**fill), re.I),
                "country_descriptor": guarded(_COUNTRY_DESCRIPTOR.format(**fill))}

    def _reference_actor(self, text: str, key: str, start: int, end: int, iri: str,
                         how: str = "descriptor") -> ActorMention | None:
        entry = self.reference.actors.get(iri)
        if entry is None:
            return None
        return ActorMention(evidence_of(text, key, start, end), iri, entry.label, how, True,
                            entry.main_class)

    def descriptors(self, text: str, key: str, named: list[ActorMention],
                    main_country: str | None, places: list[PlaceMention] = ()) -> list[ActorMention]:
        """The descriptors of ``text`` resolved to actors: a state's force, government or
        general staff (of the paragraph's country, else ``main_country``), or the armed group
        among the ``named`` mentions a descriptor refers to."""
        found = []
        from kg.link.aliases import normalise

        for match in self.patterns["country_descriptor"].finditer(text):
            state = self.context.state_by_name.get(normalise(match["country"]))
            found.append(self._state_descriptor(text, key, match, state))
        for name in ("demonym_descriptor", "demonym_after"):
            for match in self.patterns[name].finditer(text):
                country = self.reference.demonyms.get(match["demonym"].lower())
                state = self.reference.state_of_country(country) if country else None
                found.append(self._state_descriptor(text, key, match, state))
        by_paragraph: dict[int, str | None] = {}   # "the army" recurs: one answer per paragraph

        def country_at(at: int) -> str | None:
            paragraph = text.rfind("\n", 0, at) + 1
            if paragraph not in by_paragraph:
                by_paragraph[paragraph] = paragraph_country(text, places, at) or main_country
            return by_paragraph[paragraph]

        for match in _BARE_FORCE.finditer(text):
            state = self.reference.state_of_country(country_at(match.start()))
            forces = self.reference.subjects("forceOf", state) if state else []
            if forces:
                found.append(self._reference_actor(text, key, match.start(), match.end(), forces[0]))
        for match in _GENERAL_STAFF.finditer(text):
            staff = self._general_staff_of(country_at(match.start()))
            if staff:
                found.append(self._reference_actor(text, key, match.start(), match.end(), staff))
        for match in _JUNTA.finditer(text):
            state = self.reference.state_of_country(country_at(match.start()))
            governments = self.reference.subjects("governmentOf", state) if state else []
            if governments:
                found.append(self._reference_actor(text, key, match.start(), match.end(), governments[0]))
        groups = [m for m in named if m.actor_class == "ArmedGroup" and m.how != "patron"]
        found += self._affiliates_named_by_patron(text, key, named, groups)
        unclaimed = bool(_UNCLAIMED.search(text))
        for match in _ARMED_DESCRIPTOR.finditer(text):
            antecedent = _antecedent(groups, match.start(), backward_only=unclaimed, places=places, text=text)
            if antecedent:
                found.append(replace(antecedent, evidence=evidence_of(text, key, match.start(), match.end()),
                                     how="descriptor"))
        return [m for m in found if m is not None]

    def _state_descriptor(self, text: str, key: str, match: re.Match[str], state: str | None) -> ActorMention | None:
        """"Mali's army", "the Nigerien government": the state's force or government; "Mali's
        army general staff": that state's general staff, when the reference has one."""
        staff = _STAFF_AFTER.match(text, match.end()) if match["force"] else None
        if staff and state and (iri := self._general_staff_of(self.reference.country_code_of_state(state))):
            return self._reference_actor(text, key, match.start(), staff.end(), iri)
        relation = "forceOf" if match["force"] else "governmentOf"
        iris = self.reference.subjects(relation, state)[:1] if state else []
        return self._reference_actor(text, key, match.start(), match.end(), iris[0]) if iris else None

    def local_affiliates(self, text: str, actors: list[ActorMention]) -> list[ActorMention]:
        """"Islamic State militants attacked ..." in a text that names the Islamic State Sahel
        Province: the parent's fighters are its one affiliate the text names (as ACLED codes
        the local affiliate); the parent named as such stays the parent."""
        affiliated = self.reference.relations.get("affiliatedWith", ())
        named = {a.iri for a in actors if a.actor_class == "ArmedGroup"}
        local = {}
        for parent in named:
            children = {child for child, p in affiliated if p == parent and child in named}
            if len(children) == 1:
                local[parent] = next(iter(children))
        if not local:
            return actors
        return [replace(a, iri=local[a.iri], label=self.reference.actor_label(local[a.iri]), how="descriptor")
                if a.iri in local and a.how != "patron" and _FIGHTERS_AFTER.match(text, a.evidence.end) else a
                for a in actors]

    def _general_staff_of(self, country: str | None) -> str | None:
        """The reference general staff based in ``country`` (from the data: a government body
        named "... General Staff ..."), for "the General Staff", "the army general staff"."""
        if not country:
            return None
        based = {s for s, o in self.reference.relations.get("basedIn", ()) if o == f"{PLACE}iso/{country}"}
        return next((iri for iri in sorted(based) if "general staff" in self.reference.actors[iri].label.lower()
                     and "GovernmentBody" in self.reference.actors[iri].classes), None)

    def _affiliates_named_by_patron(self, text: str, key: str, named: list[ActorMention],
                                    groups: list[ActorMention]) -> list[ActorMention]:
        """"al-Qaeda's Sahel affiliate said": the affiliate the reference gives the patron,
        when the document names exactly one such group."""
        affiliated = self.reference.relations.get("affiliatedWith", ())
        found = []
        for patron in (m for m in named if m.how == "patron"):
            phrase = _AFFILIATE_PHRASE.match(text, patron.evidence.end)
            candidates = {g.iri: g for g in groups if (g.iri, patron.iri) in affiliated}
            if phrase and len(candidates) == 1:
                (group,) = candidates.values()
                found.append(replace(group, evidence=evidence_of(text, key, patron.evidence.start, phrase.end()),
                                     how="descriptor"))
        return found


def _antecedent(groups: list[ActorMention], position: int, *, backward_only: bool = False,
                places: list[PlaceMention] = (), text: str = "") -> ActorMention | None:
    """The armed group a descriptor at ``position`` refers to: among the groups named in
    the preceding window, the one the document names most; else the most named of those
    named earlier and those named later about the same incident (a headline's "Militants
    claim ..."), before the text moves on to a second town. Never a later group when the
    text says no group claimed the attack (it is background, not the attacker)."""
    counts = Counter(g.iri for g in groups)
    recent = [g for g in groups if position - ANTECEDENT_WINDOW <= g.evidence.end <= position]
    pool = recent or [g for g in groups if g.evidence.end <= position] + (
        [] if backward_only else [g for g in groups if g.evidence.start > position
                                  and len(_towns_between(places, position, _sentence_end(text, g))) <= 1])
    if not pool:
        return None
    return max(reversed(pool), key=lambda g: counts[g.iri])


def _sentence_end(text: str, mention: ActorMention) -> int:
    """Where the sentence of ``mention`` ends (roughly: the next full stop)."""
    end = text.find(".", mention.evidence.end)
    return end if end >= 0 else len(text)


def _towns_between(places: list[PlaceMention], start: int, end: int) -> set[str]:
    """The towns (an installation counts as its town) named between two offsets."""
    return {p.part_of if p.place_class == "MilitaryInstallation" else p.iri for p in places
            if start <= p.evidence.start < end and p.place_class in ("PopulatedPlace", "MilitaryInstallation")}
