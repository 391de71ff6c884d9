"""Actor mentions by name: reference names (a state only where it acts, a collective source
only where it is not a modifier, a group named only as another's patron marked so), named
groups the reference lacks ("the Katiba Serma group", "Front for X (FX)"), ministries the
reference lacks ("Ministry of Defence (Niger)", then "the ministry"), and persons
introduced by a role ("spokesperson X", "Colonel X").

Descriptors resolved from context ("Malian soldiers", "the jihadists") are in
:mod:`kg.extract.descriptors`; :class:`kg.extract.mentions.Linker` composes the stages.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property

from kg.extract.matcher import NameHit, NameMatcher
from kg.extract.mention_common import ACTOR, AFFILIATE_OF, ANTECEDENT_WINDOW, LinkContext, evidence_of
from kg.extract.scanning import guarded
from kg.namespaces import slug
from kg.records import ActorMention

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
#: An armed group named only as the patron of another ("al-Qaeda-linked JNIM", "aligned with
#: al-Qaeda") is not the antecedent of "the group".
_PATRON_AFTER = re.compile(r"(?:-|\s)(?:linked|affiliated|aligned|affiliate|allied|backed)\b"
                           rf"|{AFFILIATE_OF}|['’]s\s+(?:[\w-]+\s+){{0,3}}?(?:proxy|ally|allies)\b", re.I)
_PATRON_BEFORE = guarded(r"\b(?:aligned|affiliated|linked|allied|loyal|allegiance)\s+(?:with|to)\s+$"
                         r"|\baffiliate\s+of\s+$", re.I)
#: "an official statement", "the governor's house": a source word qualifying a noun is no source.
_SOURCE_AS_MODIFIER = re.compile(r"['’]s\b|\s+(?:statement|toll|figures?|reports?|sources?|communiqu\w+|channels?|"
                                 r"media|television|radio|account|version|data|visit|residence|house|car|convoy|"
                                 r"delegation|documents?|records?|list)\b", re.I)


class ActorFinder:
    """Actors named in a text: reference names, new groups, new ministries, persons."""

    def __init__(self, context: LinkContext) -> None:
        self.context = context
        self.reference = context.reference
        self.matcher = NameMatcher({i: e.names for i, e in self.reference.actors.items()})

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """The ministry pattern, filled with the reference data's demonyms and state names."""
        return {"new_body": guarded(_NEW_BODY.format(**self.context.fill), re.I)}

    def named(self, text: str, key: str, hits: list[NameHit]) -> list[ActorMention]:
        """The reference actors of ``hits`` (:attr:`matcher`'s names in ``text``), less a
        state's name that names a location and a source word qualifying a noun."""
        actors = [self._actor(text, key, hit) for hit in hits]
        actors = [a for a in actors if a.actor_class != "State" or _state_as_actor(text, a)]
        actors = [a for a in actors if a.actor_class != "CollectiveSource"
                  or not _SOURCE_AS_MODIFIER.match(text, a.evidence.end)]
        return actors

    @staticmethod
    def patrons(text: str, actors: list[ActorMention]) -> list[ActorMention]:
        """Armed groups named only as the patron of another ("al-Qaeda-linked JNIM"), marked
        ``how="patron"``: never the antecedent of "the group"."""
        return [replace(a, how="patron") if a.actor_class == "ArmedGroup" and _is_patron(text, a) else a
                for a in actors]

    def _actor(self, text: str, key: str, hit: NameHit) -> ActorMention:
        iri = sorted(hit.iris)[0]
        entry = self.reference.actors[iri]
        return ActorMention(evidence_of(text, key, hit.start, hit.end), iri, entry.label, hit.how,
                            True, entry.main_class)

    def new_groups(self, text: str, key: str, named: list[ActorMention]) -> list[ActorMention]:
        """Groups the reference lacks ("Katiba Serma", "Front for X (FX)") outside the ``named``
        mentions: new armed groups when a group word is near, else new organisations."""
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
            found.append(ActorMention(evidence_of(text, key, start, end), ACTOR + "new/" + slug(name),
                                      name, "new", False, cls))
        return found

    def bodies(self, text: str, key: str, named: list[ActorMention],
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
            found.append(ActorMention(evidence_of(text, key, start, end), ACTOR + "new/" + slug(name), name,
                                      "new", False, "GovernmentBody"))
        for match in _BARE_MINISTRY.finditer(text):
            before = [m for m in found if m.evidence.end <= match.start()
                      and match.start() - m.evidence.end <= ANTECEDENT_WINDOW]
            if before and not any(m.evidence.start <= match.start() < m.evidence.end for m in found):
                found.append(replace(before[-1], evidence=evidence_of(text, key, *match.span()), how="descriptor"))
        return found

    def _ministry_name(self, match: re.Match[str], main_country: str | None) -> str:
        from kg.link.aliases import normalise

        raw = " ".join((match["after"] or match["before"]).split())
        portfolio = _PORTFOLIOS.get(raw.lower(), raw)
        iso = (self.reference.demonyms.get(match["demonym"].lower()) if match["demonym"] else None)
        if match["country"]:
            state = self.context.state_by_name.get(normalise(match["country"]))
            iso = self.reference.country_code_of_state(state) if state else None
        country = self.reference.country_label(iso or main_country)
        return f"Ministry of {portfolio} ({country})" if country else f"Ministry of {portfolio}"

    def persons(self, text: str, key: str, named: list[ActorMention]) -> list[ActorMention]:
        """Persons introduced by a role ("spokesperson X", "Colonel X"): the ``named`` mention
        there with that role, else a new person; a surname alone is the full name given before."""
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
                found.append(ActorMention(evidence_of(text, key, start, end), ACTOR + "new/" + slug(name), name,
                                          "new", False, "Person", role))
        return _surnames_as_full_names(found)


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
