"""Place mentions: gazetteer names (disambiguated by class cues and the document's
countries), countries named for a border ("the Senegalese border"), variant spellings of
towns, military installations ("the X camp", "the military base in X"), and places the
gazetteer lacks ("Soumpi, located within the Tombouctou region", "the village of X",
"near X", "towns including A, B and C") -- placed in the region or country the text gives,
never with invented coordinates.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import cached_property, lru_cache

from kg.extract.matcher import NameHit, NameMatcher
from kg.extract.mention_common import PLACE, LinkContext, evidence_of, paragraph_country
from kg.extract.scanning import guarded
from kg.extract.spans import Coverage
from kg.namespaces import SKGID, slug
from kg.records import PlaceMention

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
    r"(?:\w+\s+)?(?:from|of|outside)|near|in|raided|attacked|struck|stormed"
    # French: "le village de X", "le camp (militaire) de X", "près de X", "à X", "attaqué X"
    r"|(?:village|localité|commune|ville|hameau|secteur|cercle|département|camp|base|poste|garnison|caserne|"
    r"détachement)(?:\s+militaire)?\s+d[eu]|près\s+d[eu]|aux\s+environs\s+d[eu]|à|attaqué)"
    r"[^\S\n]+(?P<name>[A-Z][\w'’-]+(?:-[A-Z][\w'’-]+)?)"
    r"(?=\s*(?:[,.;:)»]|$)|\s+[a-zà-ÿ])")
#: "the village of Dani Koira": after an explicit settlement word, a name of up to three words.
_NEW_PLACE_NAMED = guarded(r"\b(?i:village|town|locality|commune|hamlet|localité|hameau)[^\S\n]+(?i:of|d[eu])[^\S\n]+"
                           r"(?P<name>[A-Z][\w'’-]+(?:[^\S\n]+[A-Z][\w'’-]+){1,2})(?=\s*(?:[,.;:)»]|$)|\s+[a-zà-ÿ])")
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


class PlaceFinder:
    """Places named in a text, linked to the gazetteer or minted as new places."""

    def __init__(self, context: LinkContext) -> None:
        self.context = context
        self.reference = context.reference
        self.matcher = NameMatcher({i: e.names for i, e in self.reference.places.items()},
                                   capitalised=True, fuzzy=False)

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """The border pattern, filled with the reference data's demonyms."""
        return {"border": guarded(_BORDER_DEMONYM.format(**self.context.fill), re.I)}

    @cached_property
    def place_by_region_name(self) -> dict[str, str]:
        from kg.link.aliases import normalise

        return {normalise(name): iri for iri, e in self.reference.places.items()
                if "Admin1Region" in e.classes for name in e.names}

    def places(self, text: str, key: str, actor_hits: list[NameHit]) -> list[PlaceMention]:
        """Every place mention of ``text``, in text order: gazetteer names standing alone
        (outside the actor names ``actor_hits``), border countries, variant spellings, new
        places and the military installations around towns."""
        actor_names = Coverage((a.start, a.end) for a in actor_hits)
        hits = [h for h in self.matcher.find(text) if _stands_alone(text, h, actor_names)]
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
        return PlaceMention(evidence_of(text, key, start, end), iri, entry.label, entry.main_class, True,
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
            if best and self._in_stated_region(text, towns[best[0]], start, known):
                found.append(self._place_mention(text, key, start, end, towns[best[0]]))
        return found

    def _in_stated_region(self, text: str, town: str, at: int, known: list[PlaceMention]) -> bool:
        """A variant spelling is the town only when the town lies in a region its paragraph
        states (a region named, or the region of a town named exactly), or when the paragraph
        states none: a village the gazetteer lacks is never read as a look-alike town of
        another region, however close the spelling."""
        first = text.rfind("\n", 0, at) + 1
        last = text.find("\n", at)
        last = len(text) if last < 0 else last
        stated = set()
        for place in known:
            if first <= place.evidence.start < last:
                if place.place_class == "Admin1Region":
                    stated.add(place.iri)
                elif place.place_class == "PopulatedPlace" and place.in_reference:
                    stated |= self._regions_of(place.iri)
        return not stated or bool(self._regions_of(town) & stated)

    def _regions_of(self, iri: str) -> set[str]:
        """The admin-1 regions the gazetteer puts the place ``iri`` in."""
        entry = self.reference.places.get(iri)
        return {p for p in (entry.parents if entry else ())
                if "Admin1Region" in getattr(self.reference.places.get(p), "classes", ())}

    def _companions_region(self, known: list[PlaceMention], start: int, end: int) -> str | None:
        """The admin-1 region of the gazetteer towns named in ``text[start:end]`` (a list:
        "attacks in seven towns, including Binoli, Kayes and Sandere"), when they all lie in one:
        the villages listed with them are placed there rather than at the country's capital."""
        regions = {region for place in known if start <= place.evidence.start < end
                   and place.place_class == "PopulatedPlace" for region in self._regions_of(place.iri)}
        return next(iter(regions)) if len(regions) == 1 else None

    def _new_places(self, text: str, key: str, known: list[PlaceMention], countries: Counter,
                    actor_hits: list[NameHit]) -> list[PlaceMention]:
        """Places the gazetteer lacks, placed in the region (or country) the text gives."""
        from kg.link.aliases import normalise

        country = next((c for c, _ in countries.most_common() if c), None) or self.context.demonym_country(text)
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
            iso = self.reference.country_of(part_of) if part_of else (paragraph_country(text, known, start) or country)
            part_of = part_of or (PLACE + "iso/" + iso if iso else None)
            iri = PLACE + "new/" + (iso or "xx").lower() + "/" + slug(name)
            enclosing = self.reference.places.get(part_of) if part_of else None
            found[f"{start}"] = PlaceMention(evidence_of(text, key, start, end), iri, name,
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
                more.append(replace(place, evidence=evidence_of(text, key, *span)))
        return sorted(found + more, key=lambda p: p.evidence.start)



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
        found.append(PlaceMention(evidence_of(text, key, start, end), iri,
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
    longer proper name ("Mali War"); "the X" is decided by ``PlaceFinder._plausible``."""
    if actor_names.encloses(hit.start, hit.end):
        return False
    following = _FOLLOWING_NAME.match(text, hit.end)   # a name never runs across a line
    if following and following.group(1) not in ("Region", "Province", "Camp", "Base"):
        return False
    return not _ORGANISATION_NOUN.match(text, hit.end)
