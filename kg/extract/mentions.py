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
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from kg.extract.matcher import NameHit, NameMatcher
from kg.extract.scanning import alternation, guarded
from kg.extract.spans import Coverage, non_overlapping
from kg.link.reference import ReferenceIndex
from kg.namespaces import SKGID, slug
from kg.records import ActorMention, Evidence, PlaceMention

ACTOR = SKGID + "actor/"
PLACE = SKGID + "place/"
#: Demonyms -> the state actor they qualify (a data table: extend it with the reference).
_FORCE_NOUNS = (r"army|military|armed forces|soldiers|troops|forces|security forces|"
                r"defen[cs]e and security forces|gendarmes|gendarmerie|garrison")
_GOVERNMENT_NOUNS = r"government|authorities|junta|transitional authorities|regime|officials"
#: Descriptor patterns; ``{demonyms}`` / ``{countries}`` are filled from the reference data.
_DEMONYM_DESCRIPTOR = (rf"\b(?P<demonym>{{demonyms}})\s+(?:(?P<force>{_FORCE_NOUNS})|"
                       rf"(?P<gov>{_GOVERNMENT_NOUNS}))\b")
_COUNTRY_DESCRIPTOR = (rf"\b(?P<country>{{countries}})(?:'s|’s)?\s+(?:(?P<force>{_FORCE_NOUNS})|"
                       rf"(?P<gov>{_GOVERNMENT_NOUNS}))\b")
_GENERAL_STAFF = guarded(r"\b(?:the\s+)?(?:army\s+|military\s+)?general\s+staff\b(?!\s+of\s+the\s+\w+\s+armed)",
                         re.I)
_STAFF_AFTER = re.compile(r"\s+general\s+staff\b", re.I)
_JUNTA = guarded(r"\b(?:the\s+)?(?:ruling\s+)?(?:military\s+)?junta\b", re.I)
_BARE_FORCE = guarded(rf"\bthe\s+(?:{_FORCE_NOUNS})\b|\b(?:soldiers|troops)\b|"
                      r"\barmy\b(?!\s+(?:camp|base|post|barracks|vehicle|chief|spokes\w+|posts))", re.I)
_ARMED_DESCRIPTOR = guarded(
    r"\b(?:the\s+|these\s+|suspected\s+)?(?:jihadists?|militants?|attackers|assailants|insurgents|rebels|"
    r"terrorists|fighters|(?:the|this|that)\s+(?:(?:jihadist|armed|militant|extremist|terrorist)\s+)?group)\b",
    re.I)
_GROUP_WORDS = guarded(r"\b(jihadist|militant|armed|rebel|insurgent|terrorist|extremist|islamist|"
                       r"separatist|militia)\b", re.I)
_NEW_GROUP = guarded(
    r"\b(?P<kname>Katiba\s+[A-Z][\w'’-]+)"
    r"|\b(?!The\b)(?P<name>(?:[A-Z][\w'’-]+\s+){1,6}?(?:Group|Front|Movement|Brigade|Battalion|Militia|"
    r"Coalition|Army|Forces))(?:\s*\((?P<acronym>[A-Z][A-Za-z-]{1,9})\))?"
    r"|\b(?!The\b)(?P<pname>(?:[A-Z][\w'’-]+\s+){1,7}[A-Z][\w'’-]+)\s*\((?P<pacronym>[A-Z]{2,8})\)")
#: A ministry named in the text, in either order and any case: "the Nigerien Ministry of
#: Defence", "Niger's defence ministry", "the ministry of the armed forces". ``{demonyms}`` /
#: ``{countries}`` are filled from the reference data.
_PORTFOLIO = (r"defen[cs]e|armed\s+forces|interior|security|foreign\s+affairs|foreign|justice|"
              r"communications?|territorial\s+administration|health|[A-Z][\w'’-]+(?:\s+(?:and|et)\s+[A-Z][\w'’-]+)?")
_NEW_BODY = (
    r"\b(?:(?P<demonym>{demonyms})\s+|(?P<country>{countries})['’]s\s+)?"
    rf"(?:(?:Ministry|Ministère)\s+(?:of|de|du|des)\s+(?:the\s+|la\s+|l['’])?(?P<after>{_PORTFOLIO})"
    r"|(?P<before>defen[cs]e|interior|security|foreign)\s+ministry)\b")
#: Canonical portfolio names, so that every wording of one ministry is one node.
_PORTFOLIOS = {"defence": "Defence", "defense": "Defence", "armed forces": "Armed Forces", "interior": "Interior",
               "security": "Security", "foreign": "Foreign Affairs", "foreign affairs": "Foreign Affairs",
               "communication": "Communication", "communications": "Communication"}
#: "the ministry" refers back to the last ministry named.
_BARE_MINISTRY = guarded(r"\bthe\s+ministry\b(?!\s+of\b)", re.I)
_PERSON_CUE = guarded(
    r"\b(?P<role>(?i:suicide bomber|bomber|spokes(?:person|man|woman)|commander|leader|colonel|col\.?|"
    r"general|gen\.|captain|capt\.|lieutenant|president|minister|journalist|author))"
    r"(?:\s+named)?\s+(?!Staff\b)(?P<name>[A-Z][\w'’-]+(?:\s+(?:al-|ag\s|ould\s|ben\s)?[A-Z][\w'’-]+){0,3})")
#: Titles before a person's name ("Colonel Ibrahim Sanda Garba"): not part of the name.
TITLES = r"Colonel|Col\.|General|Gen\.|Captain|Capt\.|Lieutenant|Commander|Major|Minister|President"
_TITLE = re.compile(rf"(?:(?:{TITLES})\s+)+")
_ROLES = {"bomber": "suicide bomber", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
          "col": "colonel", "col.": "colonel", "gen.": "general", "capt.": "captain"}
#: The patterns read right after a name (the ``..._AFTER`` ones, ``_IN_REGION``) are matched in
#: place, ``pattern.match(text, end)``: a copy of the rest of the text for every name would
#: make a long document cost the square of its length.
_INSTALLATION_AFTER = re.compile(
    r"\s+(?:military\s+|army\s+)?(?P<kind>camp|base|barracks|garrison|outpost|post)\b", re.I)
_INSTALLATION_BEFORE = guarded(
    r"\b(?P<kind>camp|base|barracks|garrison|outpost|post)\s+(?:of|at|in)\s+"
    r"(?:the\s+(?:\w+\s+)?(?:city|town|village|locality)\s+of\s+)?$", re.I)
_REGION_AFTER = re.compile(r"\s+region\b", re.I)
#: "the X", "region of X": the words before a place name (a window of 12 characters).
_THE_BEFORE = re.compile(r"\bthe\s+(?:\w+\s+)?$")
_REGION_OF_BEFORE = re.compile(r"\bregion\s+of\s+$", re.I)
_IN_REGION = re.compile(
    r",?\s+(?:located\s+|situated\s+)?(?:with)?in\s+the\s+(?P<region>[A-Z][\w'’-]+(?:[\s-][A-Z][\w'’-]+)?)\s+region",
    re.I)
_NEW_PLACE = guarded(
    r"\b(?i:(?:village|town|locality|commune|city|area|outskirts|vicinity|circle|cercle|district|department|"
    r"sector)\s+of|(?:camp|base|barracks|post|posts)\s+(?:in|at|of)|(?:km|kilometres|kilometers|miles)\s+"
    r"(?:\w+\s+)?(?:from|of|outside)|near|in|raided|attacked|struck|stormed)[^\S\n]+(?P<name>[A-Z][\w'’-]+(?:-[A-Z][\w'’-]+)?)"
    r"(?=\s*(?:[,.;:)]|$)|\s+[a-z])")
#: "the village of Dani Koira": after an explicit settlement word, a name of up to three words.
_NEW_PLACE_NAMED = guarded(r"\b(?i:village|town|locality|commune|hamlet)[^\S\n]+of[^\S\n]+"
                           r"(?P<name>[A-Z][\w'’-]+(?:[^\S\n]+[A-Z][\w'’-]+){1,2})(?=\s*(?:[,.;:)]|$)|\s+[a-z])")
#: "at Kourbaré Kaina, a village ...", "near Ouro Guéladio, a hamlet": a name of up to three words
#: set off by a settlement word in apposition.
_NAME_WORDS = r"(?P<name>[A-Z][\w'’-]+(?:[^\S\n]+[A-Z][\w'’-]+){0,2})"
_NEW_PLACE_APPOSED = guarded(r"\b(?i:at|in|of|near|outside|around|from)[^\S\n]+" + _NAME_WORDS +
                             r",[^\S\n]+(?i:a|the|an)[^\S\n]+(?:[a-z]+[^\S\n]+)?"
                             r"(?i:village|town|hamlet|locality|commune|settlement)\b")
#: "Kourbaré Kaina, north of Ouallam", "Tin-Akoff, 40 km east of Gorom-Gorom": a name placed by its
#: bearing from another place (the anchor, a gazetteer town, gives the region).
_NEW_PLACE_BEARING = guarded(r"\b(?i:at|in|of|near|outside|around|from|attacked|raided|stormed|struck)[^\S\n]+"
                             + _NAME_WORDS + r",?[^\S\n]+(?:(?i:a|the)[^\S\n]+[a-z]+[^\S\n]+)?"
                             r"(?:(?i:about|some|around|roughly)[^\S\n]+)?"
                             r"(?:\d+[^\S\n]*(?i:km|kilometres|kilometers|miles)[^\S\n]+)?"
                             r"(?i:north|south|east|west|north-?east|north-?west|south-?east|south-?west)[^\S\n]+of"
                             r"[^\S\n]+(?P<anchor>[A-Z][\w'’-]+)")
#: "the Boni garrison", "the Douentza-Boni axis": a name in front of an installation or a road.
_NEW_PLACE_BEFORE = guarded(r"\bthe[^\S\n]+(?P<name>[A-Z][\w'’]+)[^\S\n]+(?:military[^\S\n]+|army[^\S\n]+)?"
                            r"(?:garrison|camp|base|detachment|outpost)\b")
_NEW_ROAD = guarded(r"\b(?P<a>[A-Z][\w'’]+)-(?P<b>[A-Z][\w'’]+)[^\S\n]+(?:axis|road|route|highway|corridor)\b")
#: An acronym ("IED") or a possessive ("Tuesday's") is no new place.
_NOT_A_NAME = guarded(r"^[A-Z]{2,6}$|['’]s$")
#: Demonyms and adjectives ("Malian forces", "Islamic law") are not place names.
_ADJECTIVE = guarded(r"(?:ian|ese|ien|ienne|ean|ish|ic|ais|aise)$", re.I)
_LIST_PLACES = guarded(r"\bincluding\s+(?P<list>(?:[A-Z][\w'’-]+,?\s+)+(?:and\s+)?[A-Z][\w'’-]+)")
_NOT_PLACES = {"Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "The",
               "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December", "Africa", "West", "Sahel", "This",
               "That", "Mali", "Niger", "Northern", "Central", "Southern", "Eastern", "Western"}
#: Country demonyms used for borders ("near the Senegalese border"): demonym -> ISO code.
_BORDER_DEMONYM = r"\b(?P<demonym>{demonyms})\s+(?:border|frontier)s?\b"
_PLACE_CLASS_ORDER = ("PopulatedPlace", "Admin2District", "Admin1Region", "Country")
#: rapidfuzz ratio for a variant spelling of a town ("Niafounke" ~ "Niafunke": 94).
FUZZY_PLACE_CUTOFF = 88
# not guarded (kg.extract.scanning): re finds its first literals as fast on its own
_PLACE_CONTEXT = re.compile(
    r"(?:\b(?:in|at|of|near|from|the)\s+)(?P<name>[A-Z][a-zà-ÿ'’]{5,})(?=\s+(?:camp|base|region|military|"
    r"army|town|village|cercle)\b|\s*[,.;]|\s+(?:and|on|in)\b)")
#: An armed group named only as the patron of another ("al-Qaeda-linked JNIM", "aligned with
#: al-Qaeda") is not the antecedent of "the group".
#: The rest of "al-Qaeda's Sahel affiliate": the phrase names the affiliate, not the patron.
_AFFILIATE_OF = r"['’]s\s+(?:[\w-]+\s+){0,3}?(?:branch|affiliate|franchise|offshoot|subsidiary|chapter)\b"
_AFFILIATE_PHRASE = re.compile(_AFFILIATE_OF, re.I)
_PATRON_AFTER = re.compile(r"(?:-|\s)(?:linked|affiliated|aligned|affiliate|allied|backed)\b"
                           rf"|{_AFFILIATE_OF}|['’]s\s+(?:[\w-]+\s+){{0,3}}?(?:proxy|ally|allies)\b", re.I)
#: "the Algerian border": a neighbour named for its border, not where the text is.
_BORDER_AFTER = re.compile(r"\s+(?:border|frontier)", re.I)
_PATRON_BEFORE = guarded(r"\b(?:aligned|affiliated|linked|allied|loyal|allegiance)\s+(?:with|to)\s+$"
                         r"|\baffiliate\s+of\s+$", re.I)
#: "an official statement", "the governor's house": a source word qualifying a noun is no source.
_SOURCE_AS_MODIFIER = re.compile(r"['’]s\b|\s+(?:statement|toll|figures?|reports?|sources?|communiqu\w+|channels?|"
                                 r"media|television|radio|account|version|data|visit|residence|house|car|convoy|"
                                 r"delegation|documents?|records?|list)\b", re.I)
_FIGHTERS_AFTER = re.compile(r"\s+(?:militants|fighters|jihadists|insurgents|gunmen|members|combatants)\b", re.I)
#: "No group has claimed responsibility": the attackers are unidentified.
_UNCLAIMED = guarded(r"\bno\s+(?:group|one|organi[sz]ation|armed\s+group)\s+(?:has\s+|had\s+)?"
                     r"(?:yet\s+|immediately\s+)?(?:claimed|taken\s+responsibility|come\s+forward)|\bunclaimed\b|"
                     r"\b(?:has|had|was)\s+not\s+(?:yet\s+|immediately\s+)?(?:been\s+)?claimed\b|"
                     r"\bnot\s+immediately\s+claimed\b", re.I)
#: How far back (characters) a descriptor looks for its antecedent.
ANTECEDENT_WINDOW = 600


@dataclass
class Mentions:
    """The output of the stage: actor and place mentions, in text order."""

    actors: list[ActorMention]
    places: list[PlaceMention]


class Linker:
    """Links names in text to the reference data; build once per reference index."""

    def __init__(self, reference: ReferenceIndex) -> None:
        self.reference = reference
        self.actor_matcher = NameMatcher({i: e.names for i, e in reference.actors.items()})
        self.place_matcher = NameMatcher({i: e.names for i, e in reference.places.items()},
                                         capitalised=True, fuzzy=False)

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """The descriptor patterns, filled with the reference data's demonyms and the names
        of the states that have forces or a government."""
        demonyms = alternation(self.reference.demonyms)
        states = {s for r in ("forceOf", "governmentOf") for _, s in self.reference.relations.get(r, ())}
        names = {n for s in states if s in self.reference.actors
                 for n, kind in self.reference.actors[s].names.items() if kind == "pref"}
        countries = alternation(names, lambda n: re.escape(n).replace(r"\ ", r"\s+"))
        fill = {"demonyms": demonyms or "(?!)", "countries": countries or "(?!)"}
        return {"demonym_descriptor": guarded(_DEMONYM_DESCRIPTOR.format(**fill), re.I),
                "country_descriptor": guarded(_COUNTRY_DESCRIPTOR.format(**fill)),
                "new_body": guarded(_NEW_BODY.format(**fill), re.I),
                "border": guarded(_BORDER_DEMONYM.format(**fill), re.I),
                "demonym": guarded(rf"\b(?:{fill['demonyms']})\b", re.I),
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

    @cached_property
    def place_by_region_name(self) -> dict[str, str]:
        from kg.link.aliases import normalise

        return {normalise(name): iri for iri, e in self.reference.places.items()
                if "Admin1Region" in e.classes for name in e.names}

    def mentions(self, text: str, key: str) -> Mentions:
        """Every actor and place mention of ``text`` (document ``key``)."""
        actor_hits = self.actor_matcher.find(text)
        actors = [self._actor(text, key, hit) for hit in actor_hits]
        actors = [a for a in actors if a.actor_class != "State" or _state_as_actor(text, a)]
        actors = [a for a in actors if a.actor_class != "CollectiveSource"
                  or not _SOURCE_AS_MODIFIER.match(text, a.evidence.end)]
        actors = self._local_affiliates(text, actors)
        actors = [replace(a, how="patron") if a.actor_class == "ArmedGroup" and _is_patron(text, a) else a
                  for a in actors]
        places = self._places(text, key, actor_hits)
        main_country = _main_country([p for p in places if not _names_a_border(text, p)]) or self.demonym_country(text)
        actors = _merge(actors + self._descriptors(text, key, actors, main_country, places)
                        + self._new_groups(text, key, actors) + self._bodies(text, key, actors, main_country)
                        + self._persons(text, key, actors))
        return Mentions(actors, places)

    # -- actors ---------------------------------------------------------------------------

    def _actor(self, text: str, key: str, hit: NameHit) -> ActorMention:
        iri = sorted(hit.iris)[0]
        entry = self.reference.actors[iri]
        return ActorMention(_evidence(text, key, hit.start, hit.end), iri, entry.label, hit.how,
                            True, entry.main_class)

    def _reference_actor(self, text: str, key: str, start: int, end: int, iri: str,
                         how: str = "descriptor") -> ActorMention | None:
        entry = self.reference.actors.get(iri)
        if entry is None:
            return None
        return ActorMention(_evidence(text, key, start, end), iri, entry.label, how, True,
                            entry.main_class)

    def _descriptors(self, text: str, key: str, named: list[ActorMention],
                     main_country: str | None, places: list[PlaceMention] = ()) -> list[ActorMention]:
        found = []
        from kg.link.aliases import normalise

        for match in self.patterns["country_descriptor"].finditer(text):
            state = self.state_by_name.get(normalise(match["country"]))
            found.append(self._state_descriptor(text, key, match, state))
        for match in self.patterns["demonym_descriptor"].finditer(text):
            state = self.reference.state_of_country(self.reference.demonyms[match["demonym"].lower()])
            found.append(self._state_descriptor(text, key, match, state))
        by_paragraph: dict[int, str | None] = {}   # "the army" recurs: one answer per paragraph

        def country_at(at: int) -> str | None:
            paragraph = text.rfind("\n", 0, at) + 1
            if paragraph not in by_paragraph:
                by_paragraph[paragraph] = _paragraph_country(text, places, at) or main_country
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
                found.append(replace(antecedent, evidence=_evidence(text, key, match.start(), match.end()),
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

    def _local_affiliates(self, text: str, actors: list[ActorMention]) -> list[ActorMention]:
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
                found.append(replace(group, evidence=_evidence(text, key, patron.evidence.start, phrase.end()),
                                     how="descriptor"))
        return found

    def _new_groups(self, text: str, key: str, named: list[ActorMention]) -> list[ActorMention]:
        found = []
        for match in _NEW_GROUP.finditer(text):
            group = "kname" if match["kname"] else "name" if match["name"] else "pname"
            start, end = match.span(group)
            if any(m.evidence.start < end and start < m.evidence.end for m in named):
                continue
            window = text[max(0, start - 120) : end + 120]
            if group == "pname" and not _GROUP_WORDS.search(window):
                continue
            name = match[group].strip()
            cls = "ArmedGroup" if _GROUP_WORDS.search(window) else "Organization"
            found.append(ActorMention(_evidence(text, key, start, end), ACTOR + "new/" + slug(name),
                                      name, "new", False, cls))
        return found

    def _bodies(self, text: str, key: str, named: list[ActorMention],
                main_country: str | None) -> list[ActorMention]:
        """Ministries absent from the reference data: one new government body per portfolio
        and country ("Ministry of Defence (Niger)"), the country read from a demonym or name
        in front, else the document's main country; "the ministry" is the last one named."""
        found: list[ActorMention] = []
        for match in self.patterns["new_body"].finditer(text):
            start, end = match.span()
            core = match.start("after") if match["after"] else match.start("before")
            if any(m.evidence.start < end and core < m.evidence.end for m in named if m.how != "descriptor"):
                continue   # part of a known name; a state in front ("Niger's") is the ministry's country
            name = self._ministry_name(match, main_country)
            found.append(ActorMention(_evidence(text, key, start, end), ACTOR + "new/" + slug(name), name,
                                      "new", False, "GovernmentBody"))
        for match in _BARE_MINISTRY.finditer(text):
            before = [m for m in found if m.evidence.end <= match.start()
                      and match.start() - m.evidence.end <= ANTECEDENT_WINDOW]
            if before and not any(m.evidence.start <= match.start() < m.evidence.end for m in found):
                found.append(replace(before[-1], evidence=_evidence(text, key, *match.span()), how="descriptor"))
        return found

    def _ministry_name(self, match: re.Match[str], main_country: str | None) -> str:
        from kg.link.aliases import normalise

        raw = " ".join((match["after"] or match["before"]).split())
        portfolio = _PORTFOLIOS.get(raw.lower(), raw)
        iso = (self.reference.demonyms.get(match["demonym"].lower()) if match["demonym"] else None)
        if match["country"]:
            state = self.state_by_name.get(normalise(match["country"]))
            iso = self.reference.country_code_of_state(state) if state else None
        country = self.reference.country_label(iso or main_country)
        return f"Ministry of {portfolio} ({country})" if country else f"Ministry of {portfolio}"

    def _persons(self, text: str, key: str, named: list[ActorMention]) -> list[ActorMention]:
        found = []
        for match in _PERSON_CUE.finditer(text):
            start, end = match.span("name")
            title = _TITLE.match(text, start, end)   # "the spokesman Colonel X": the name is X
            start = title.end() if title and title.end() < end else start
            role = match["role"].lower()
            role = _ROLES.get(role, role)
            known = next((m for m in named if m.evidence.start <= start < m.evidence.end
                          or start <= m.evidence.start < end), None)
            if known:
                found.append(replace(known, role=role))
            elif not self.reference.place_names.get((name := text[start:end]).lower()):
                found.append(ActorMention(_evidence(text, key, start, end), ACTOR + "new/" + slug(name), name,
                                          "new", False, "Person", role))
        return _surnames_as_full_names(found)

    # -- places ---------------------------------------------------------------------------

    def _places(self, text: str, key: str, actor_hits: list[NameHit]) -> list[PlaceMention]:
        actor_names = Coverage((a.start, a.end) for a in actor_hits)
        hits = [h for h in self.place_matcher.find(text) if _stands_alone(text, h, actor_names)]
        countries = Counter(self.reference.country_of(next(iter(h.iris))) for h in hits
                            if len({self.reference.country_of(i) for i in h.iris}) == 1)
        hits = [h for h in hits if self._plausible(text, h, countries)]
        places = []
        for hit in hits:
            place = self._choose_place(text, hit, countries)
            places.append(self._place_mention(text, key, hit.start, hit.end, place))
        places += self._border_countries(text, key)
        places += self._fuzzy_places(text, key, places, countries, actor_hits)
        places += self._new_places(text, key, places, countries, actor_hits)
        return _with_installations(text, key, places)

    def _plausible(self, text: str, hit: NameHit, countries: Counter) -> bool:
        """A region named after a broad area ("the Sahel") counts only when its country is
        mentioned elsewhere in the document too; so does any place preceded by "the".
        A broad area itself (no country) always counts."""
        if any(self.reference.places[i].main_class == "Place" for i in hit.iris):
            return True
        others = any(countries[self.reference.country_of(i)] > 1 for i in hit.iris)
        if _THE_BEFORE.search(text[max(0, hit.start - 12) : hit.start]):
            return others
        regions_only = all(self.reference.places[i].main_class == "Admin1Region" for i in hit.iris)
        return others or not regions_only

    def _choose_place(self, text: str, hit: NameHit, countries: Counter) -> str:
        want_region = bool(_REGION_AFTER.match(text, hit.end)) or bool(
            _REGION_OF_BEFORE.search(text[max(0, hit.start - 12) : hit.start]))
        # "the Sahel" is the broad area, "Sahel region" after a Burkinabe town the province
        want_area = bool(_THE_BEFORE.search(text[max(0, hit.start - 12) : hit.start]))

        def rank(iri: str) -> tuple:
            entry = self.reference.places[iri]
            cls = entry.main_class
            order = _PLACE_CLASS_ORDER.index(cls) if cls in _PLACE_CLASS_ORDER else 9
            return (0 if want_area and cls == "Place" and not countries[self._region_country(hit)] else 1,
                    0 if want_region and cls == "Admin1Region" else 1, -countries[entry.country],
                    order, -entry.population, iri)

        return min(hit.iris, key=rank)

    def _region_country(self, hit: NameHit) -> str | None:
        return next((self.reference.places[i].country for i in hit.iris
                     if self.reference.places[i].main_class == "Admin1Region"), None)

    def _place_mention(self, text: str, key: str, start: int, end: int, iri: str) -> PlaceMention:
        entry = self.reference.places[iri]
        return PlaceMention(_evidence(text, key, start, end), iri, entry.label, entry.main_class, True,
                            None, entry.country, entry.has_point)

    def _border_countries(self, text: str, key: str) -> list[PlaceMention]:
        """"the Senegalese border" names Senegal: a country demonym before border/frontier."""
        found = []
        for match in self.patterns["border"].finditer(text):
            iso = self.reference.demonyms[match["demonym"].lower()]
            iri = PLACE + "iso/" + iso
            if iri in self.reference.places:
                found.append(self._place_mention(text, key, match.start("demonym"), match.end("demonym"), iri))
        return found

    @lru_cache(maxsize=64)  # noqa: B019 - one Linker per build; the cache dies with it
    def _towns_of(self, countries: frozenset[str]) -> dict[str, str]:
        """normalised town name -> IRI, for the towns of ``countries``."""
        from kg.link.aliases import normalise

        return {normalise(name): iri for iri, e in self.reference.places.items()
                if e.main_class == "PopulatedPlace" and e.country in countries for name in e.names}

    def _fuzzy_places(self, text: str, key: str, known: list[PlaceMention], countries: Counter,
                      actor_hits: list[NameHit]) -> list[PlaceMention]:
        """Variant spellings of towns of the document's countries ("Niafounke" for Niafunké):
        a capitalised word of 6+ letters, in a place context, close to one town name."""
        from rapidfuzz import fuzz, process

        from kg.link.aliases import normalise

        towns = self._towns_of(frozenset(c for c in countries if c))
        found = []
        for match in _PLACE_CONTEXT.finditer(text):
            start, end = match.span("name")
            if any(m.evidence.start < end and start < m.evidence.end for m in known) or any(
                    a.start < end and start < a.end for a in actor_hits):
                continue
            best = process.extractOne(normalise(match["name"]), list(towns), scorer=fuzz.ratio,
                                      score_cutoff=FUZZY_PLACE_CUTOFF)
            if best:
                found.append(self._place_mention(text, key, start, end, towns[best[0]]))
        return found

    def _companions_region(self, known: list[PlaceMention], start: int, end: int) -> str | None:
        """The admin-1 region of the gazetteer towns named in ``text[start:end]`` (a list:
        "attacks in seven towns, including Binoli, Kayes and Sandere"), when they all lie in one:
        the villages listed with them are placed there rather than at the country's capital."""
        regions = set()
        for place in known:
            if start <= place.evidence.start < end and place.place_class == "PopulatedPlace":
                entry = self.reference.places.get(place.iri)
                regions |= {p for p in (entry.parents if entry else ())
                            if "Admin1Region" in getattr(self.reference.places.get(p), "classes", ())}
        return next(iter(regions)) if len(regions) == 1 else None

    def _new_places(self, text: str, key: str, known: list[PlaceMention], countries: Counter,
                    actor_hits: list[NameHit]) -> list[PlaceMention]:
        """Places the gazetteer lacks, placed in the region (or country) the text gives."""
        from kg.link.aliases import normalise

        country = next((c for c, _ in countries.most_common() if c), None) or self.demonym_country(text)
        candidates = [m.span("name") for m in (*_NEW_PLACE.finditer(text), *_NEW_PLACE_BEFORE.finditer(text),
                                                 *_NEW_PLACE_NAMED.finditer(text))]
        candidates += [m.span(g) for m in _NEW_ROAD.finditer(text) for g in ("a", "b")]
        anchored: dict[int, str] = {}   # a name's start -> the region of the town it is placed from
        for match in (*_NEW_PLACE_APPOSED.finditer(text), *_NEW_PLACE_BEARING.finditer(text)):
            candidates.append(match.span("name"))
            anchor = match.groupdict().get("anchor") and next(
                (p for p in known if p.evidence.start == match.start("anchor")), None)
            region = anchor and self._companions_region([anchor], anchor.evidence.start, anchor.evidence.end)
            if region:
                anchored[match.start("name")] = region
        listed: dict[int, str] = {}   # a listed name's start -> the one region of the known towns it is listed with
        for match in _LIST_PLACES.finditer(text):
            offset = match.start("list")
            members = [(offset + w.start(), offset + w.end()) for w in re.finditer(r"[A-Z][\w'’-]+", match["list"])]
            candidates += members
            region = self._companions_region(known, match.start("list"), match.end("list"))
            listed.update({start: region for start, _end in members if region})
        found: dict[str, PlaceMention] = {}
        for start, end in sorted(set(candidates)):
            name = text[start:end]
            if (name in _NOT_PLACES or _ADJECTIVE.search(name) or _NOT_A_NAME.search(name)
                    or name.lower() in self.reference.demonyms
                    or any(p.evidence.start <= start < p.evidence.end for p in known)
                    or any(a.start <= start < a.end for a in actor_hits)
                    or normalise(name) in self.reference.place_names
                    or normalise(name) in self.reference.actor_names):
                continue
            region = _IN_REGION.match(text, end)
            part_of = self.place_by_region_name.get(normalise(region["region"])) if region else (
                listed.get(start) or anchored.get(start))
            # a village of a roundup's paragraph about Niger is in Niger, whatever the document's main country
            iso = self.reference.country_of(part_of) if part_of else (_paragraph_country(text, known, start) or country)
            part_of = part_of or (PLACE + "iso/" + iso if iso else None)
            iri = PLACE + "new/" + (iso or "xx").lower() + "/" + slug(name)
            enclosing = self.reference.places.get(part_of) if part_of else None
            found[f"{start}"] = PlaceMention(_evidence(text, key, start, end), iri, name,
                                             "PopulatedPlace", False, part_of, iso,
                                             bool(enclosing and enclosing.has_point))
        return self._every_occurrence(text, key, list(found.values()), known, actor_hits)

    @staticmethod
    def _every_occurrence(text: str, key: str, found: list[PlaceMention], known: list[PlaceMention],
                          actor_hits: list[NameHit]) -> list[PlaceMention]:
        """A new place recognised once by its context is the same place wherever its name
        recurs in the document (a headline's "attack on Djiguibombo")."""
        taken = {(p.evidence.start, p.evidence.end) for p in found}
        more = []
        for place in {p.label: p for p in found}.values():
            for match in re.finditer(rf"(?<![\w'’-]){re.escape(place.label)}(?![\w'’-])", text):
                span = match.span()
                if span in taken or any(p.evidence.start <= span[0] < p.evidence.end for p in known) \
                        or any(a.start <= span[0] < a.end for a in actor_hits):
                    continue
                taken.add(span)
                more.append(replace(place, evidence=_evidence(text, key, *span)))
        return sorted(found + more, key=lambda p: p.evidence.start)


def _surnames_as_full_names(persons: list[ActorMention]) -> list[ActorMention]:
    """"Colonel Ibrahim Sanda Garba ... Colonel Garba": a new person named by one word is the
    person of the document whose full name ends with it, when exactly one does."""
    full = {p.label: p for p in persons if not p.in_reference and " " in p.label}
    out = []
    for person in persons:
        owners = [f for f in full.values() if " " not in person.label and f.label.split()[-1] == person.label]
        if not person.in_reference and len(owners) == 1:
            person = replace(person, iri=owners[0].iri, label=owners[0].label)
        out.append(person)
    return out


def _with_installations(text: str, key: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """Add a military installation for every "X camp" / "base in X" around a town mention."""
    found = list(places)
    for place in places:
        if place.place_class != "PopulatedPlace":
            continue
        after = _INSTALLATION_AFTER.match(text, place.evidence.end)
        before = _INSTALLATION_BEFORE.search(text[max(0, place.evidence.start - 60) : place.evidence.start])
        if not (after or before):
            continue
        if after:
            start, end = place.evidence.start, after.end()
        else:
            start, end = place.evidence.start - (len(before.group()) if before else 0), place.evidence.end
            start = max(0, start)
        iri = SKGID + "place/installation/" + place.iri.removeprefix(PLACE).replace("/", "-")
        found.append(PlaceMention(_evidence(text, key, start, end), iri,
                                  f"{place.label} military camp", "MilitaryInstallation",
                                  False, place.iri, place.country, place.has_point))
    return sorted(found, key=lambda p: (p.evidence.start, p.evidence.end))


#: A place name modifying an organisation noun ("its Sahel branch", "the Niger office of MSF")
#: names the organisation's scope, not where anything happened.
_FOLLOWING_NAME = re.compile(r"[^\S\n]+([A-Z][a-z]+)")
_ORGANISATION_NOUN = re.compile(r"\s+(?:branch|affiliate|franchise|wing|chapter|office|bureau|"
                                r"correspondent|desk|cell)s?\b", re.I)


def _stands_alone(text: str, hit: NameHit, actor_names: Coverage) -> bool:
    """False for a place name inside an actor's name ("Alliance of Sahel States") or inside a
    longer proper name ("Mali War"); "the X" is decided by ``Linker._plausible``."""
    if actor_names.encloses(hit.start, hit.end):
        return False
    following = _FOLLOWING_NAME.match(text, hit.end)   # a name never runs across a line
    if following and following.group(1) not in ("Region", "Province", "Camp", "Base"):
        return False
    return not _ORGANISATION_NOUN.match(text, hit.end)


def _names_a_border(text: str, place: PlaceMention) -> bool:
    """True for "the Niger border", "near the border with Niger": the neighbour it names is
    not where the text is."""
    return place.place_class == "Country" and bool(
        _BORDER_AFTER.match(text, place.evidence.end)
        or _BORDER_WITH.search(text, max(0, place.evidence.start - 30), place.evidence.start))


#: How many place-less paragraphs back "the army" may look for the country under discussion.
_PARAGRAPHS_BACK = 2
_BORDER_WITH = guarded(r"\b(?:border|frontier)s?\s+with\s+(?:the\s+)?$", re.I)


def _paragraph_country(text: str, places: list[PlaceMention], at: int) -> str | None:
    """The country most of the places of the paragraph around ``at`` are in, when one
    country leads ("the army" in a roundup's paragraph about Sebba is Burkina Faso's); a
    paragraph naming no place takes the answer of the one before (up to
    :data:`_PARAGRAPHS_BACK`); None when no country leads. Borders do not count."""
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    start = text.rfind("\n", 0, at) + 1
    for _ in range(_PARAGRAPHS_BACK + 1):
        ranked = Counter(p.country for p in places if start <= p.evidence.start < end and p.country
                         and not _names_a_border(text, p)).most_common(2)
        if ranked:
            return None if len(ranked) == 2 and ranked[0][1] == ranked[1][1] else ranked[0][0]
        if start == 0:
            return None
        end = len(text[:start].rstrip("\n"))   # the paragraph before, without the blank lines between
        start = text.rfind("\n", 0, end) + 1
    return None


def _main_country(places: list[PlaceMention]) -> str | None:
    counts = Counter(p.country for p in places if p.country)
    return counts.most_common(1)[0][0] if counts else None


_LOCATIVE = guarded(r"\b(?:in|across|of|to|from|near|at|throughout|into|northern|southern|eastern|"
                    r"western|central|north|south|east|west|border\s+with)\s+$", re.I)
#: "Mali has been ravaged by ...": the country suffers violence as a place, it does not act.
_AFFLICTED = re.compile(r"^\s+(?:has\s+been|have\s+been|is|was|are|were)\s+(?:\w+\s+)?(?:ravaged|gripped|"
                        r"plagued|hit|affected|rocked|shaken|torn|wracked|racked|destabili[sz]ed)\b", re.I)


def _state_as_actor(text: str, mention: ActorMention) -> bool:
    """A state's name is the state acting ("Mali and Niger announce") unless it names a
    location ("in Mali", "central Mali") or is part of a longer name ("Niger River")."""
    before = text[max(0, mention.evidence.start - 12) : mention.evidence.start]
    after = text[mention.evidence.end : mention.evidence.end + 12]
    after_long = text[mention.evidence.end : mention.evidence.end + 40]
    return not _LOCATIVE.search(before) and not _AFFLICTED.match(after_long) and not re.match(
        r"\s+[A-Z][a-z]", after) and not re.match(
        r"(?:'s|’s)?\s+(?:border|borders|territory|north|south|capital)\b", after)


def _is_patron(text: str, mention: ActorMention) -> bool:
    return bool(_PATRON_AFTER.match(text, mention.evidence.end)
                or _PATRON_BEFORE.search(text[max(0, mention.evidence.start - 30) : mention.evidence.start]))


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


def _merge(actors: list[ActorMention]) -> list[ActorMention]:
    """Text order; of overlapping mentions the longest wins ("Mali military" over "Mali"),
    then a name over a descriptor, then one that gives a person's role."""
    def priority(m: ActorMention) -> tuple:
        return (-(m.evidence.end - m.evidence.start), m.how == "descriptor", m.role is None, m.evidence.start)

    kept = non_overlapping(sorted(actors, key=priority), lambda m: (m.evidence.start, m.evidence.end))
    return sorted(kept, key=lambda m: m.evidence.start)


def _evidence(text: str, key: str, start: int, end: int) -> Evidence:
    return Evidence(key, start, end, text[start:end])
