"""Stage 5 — events: trigger sentences -> one EventRecord per distinct incident.

1. A sentence with a trigger (attack, assault, raid, ambush, clash, seized the camp,
   suicide vehicle, mortar fire, massacre, abduction, looting ...) is an incident cue.
2. Its place is the most precise place mentioned in the sentence (one cue per named town
   when a sentence names several); a cue without a place continues the incident the text
   was describing, unless it carries a date of its own (then it is a separate incident
   placed at country level: "a raid in central Mali").
3. Its date is the first resolved date of the sentence, else the date of the incident it
   continues.
4. Cues at the same place (or a town and its region) on compatible dates are one
   incident; its type is the highest-ranked tactic across its sentences (ACLED's rule),
   its attackers the armed groups, its targets the forces or civilians attacked.
5. Sites named in one sentence about "coordinated" or "simultaneous" attacks share a
   campaign.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.extract.attribution import statement_times
from kg.extract.lexicon import Lexicon, lexicon
from kg.extract.roles import Roles, attack_roles
from kg.extract.scanning import guarded
from kg.extract.spans import Within
from kg.records import ActorMention, DateMention, EventRecord, Evidence, FigureMention, PlaceMention

#: Tactic -> (ACLED sub-event type slug, rank: lower wins when tactics occur together).
TACTICS = {
    "overtake": ("non-state-actor-overtakes-territory", 0),
    "regain": ("government-regains-territory", 0),
    "clash": ("armed-clash", 1),
    # a bare "attack" / "struck" / "repelled": a clash unless the incident names a remote tactic
    "attack": ("armed-clash", 1),
    "suicide": ("suicide-bomb", 2),
    "shelling": ("shelling-artillery-missile-attack", 3),
    "air": ("air-drone-strike", 3),
    "ied": ("remote-explosive-landmine-ied", 3),
    "massacre": ("attack", 4),
    "abduction": ("abduction-forced-disappearance", 5),
    "looting": ("looting-property-destruction", 6),
}
_REMOTE = {"air", "ied", "shelling", "suicide"}
_CAMPAIGN = guarded(r"\b(?:coordinated|simultaneous(?:ly)?|series\s+of|wave\s+of|"
                    r"attacks\s+(?:took\s+place|were\s+carried\s+out|were\s+launched)\s+in)\b", re.I)
_CIVILIANS = guarded(r"\b(?:civilians?|villagers|residents|worshippers|passengers|boat)\b", re.I)
_ROLE_CLASSES_ATTACKER = {"ArmedGroup"}
_ROLE_CLASSES_TARGET = {"StateForce", "ForeignForce"}
_NOT_PARTIES = {"NewsOrganization", "MonitoringOrganization", "CollectiveSource", "Person",
                "MediaOutlet", "Alliance", "State", "GovernmentBody"}
#: A sentence about a trend ("intensified its attacks") is not an incident unless it names a town.
_TREND = guarded(r"\b(?:intensif|increas|escalat|stepp?(?:ed)?\s+up|underscor|insurgency|"
                 r"has\s+been\s+(?:gripped|ravaged)|ravaged|(?:has|have|had)\s+seen|repeated|frequent|recurr|"
                 r"regular(?:ly)?\s|stronghold|(?:is|are|remains?)\s+active|operat(?:es|ing)\s+in)\w*", re.I)
#: An appeal ("SCW calls for an investigation into the Dani Koira strike", "urges all parties
#: to release the hostages") speaks about incidents without reporting one.
_ADVOCACY = guarded(r"\b(?:calls?\s+(?:on|for|upon)|called\s+(?:on|for|upon)|urges?|urged|reminds?|reminded|"
                    r"appeals?\s+(?:to|for)|appealed\s+(?:to|for)|demands?\s+(?:that|an?|the)|recommends?)\b", re.I)
#: A sentence summing up several incidents ("killed in a series of attacks across central
#: Mali") is no incident of its own unless it names a town.
_SUMMARY = guarded(r"\b(?:series|wave|spate|string|succession|number)\s+of\s+(?:\w+\s+)?(?:attacks|raids|"
                   r"incidents|ambushes)\b|\battacks\s+across\b", re.I)
#: Groups listed as components ("a coalition of groups including X and Y") are not attackers.
_LISTED = guarded(r"\b(?:including|such\s+as|coalition\s+of|merger\s+of|formed\s+(?:by|from)|"
                  r"composed\s+of)\b[^.]{0,80}$", re.I)
_SPEECH = guarded(r"\b(?:said|says|claimed|claims|reported|stated|announced|acknowledged)\b", re.I)
#: An attack verb in the active voice right after a force's name: the force attacks.
_ATTACK_VERB = re.compile(r"^(?:[\s,]*(?!(?:were|was|is|are|been|being|had|have|has)\b)\w+){0,2}?\s*"
                          r"\b(?:attacked|raided|struck|ambushed|shelled|bombed|launched|targeted|stormed|"
                          r"overran|neutrali[sz]ed|carried\s+out|conducted|"
                          # "killed" with an object; "soldiers killed in ..." is a headline's passive
                          r"killed(?=\s+(?:at\s+least|more\s+than|over|some|about|around|nearly|dozens|scores|"
                          r"several|the|a|an|\d|[a-z]+(?:ty|teen|one|two|three|four|five|six|seven|eight|nine|ten)\b)))\b",
                          re.I)


@dataclass
class Cue:
    """One sentence's evidence of an incident at one place."""

    sentence: tuple[int, int]
    tactics: set[str]
    place: PlaceMention | None
    date: DateMention | None
    attackers: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    campaign: bool = False
    figures: list[FigureMention] = field(default_factory=list)
    #: the sentence is a section heading inside the body ("Drone strike near Bani Bangou")
    heading: bool = False
    #: towns the sentence measures its site from ("30 km north of Bani Bangou")
    landmarks: frozenset[str] = frozenset()
    #: the date of a statement in the sentence ("the army on Tuesday said"): the incident's
    #: date only when nothing else dates it (then the report's day bounds it)
    reported_on: DateMention | None = None


def _names_a_town(places: list[PlaceMention]) -> bool:
    return any(p.place_class in ("PopulatedPlace", "MilitaryInstallation") for p in places)


def is_summary(sentence: str, places: list[PlaceMention]) -> bool:
    """True for a sentence summing up several incidents and naming no town ("60 people were
    killed in a series of attacks across central Mali"): no incident, and what it claims is
    about none of them in particular."""
    return not _names_a_town(places) and bool(_SUMMARY.search(sentence))


#: "attempted to overrun", "tried in vain to take control of": what follows did not happen.
_ATTEMPT = guarded(r"\b(?:attempt(?:ed|ing|s)?|tr(?:ied|ying|y)|sought|seeking|failed|fail(?:ing)?|"
                   r"(?:an|their|its)\s+(?:attempt|bid)|bid)\s+(?:in\s+vain\s+)?to\s+$", re.I)


def achieved(pattern: re.Pattern[str], sentence: str) -> bool:
    """True when ``pattern`` occurs in ``sentence`` other than as a failed or attempted act."""
    return _any_achieved(pattern.finditer(sentence), sentence)


def _any_achieved(matches: Iterable[re.Match[str]], sentence: str) -> bool:
    """True when one of ``matches`` (in ``sentence``) is not a failed or attempted act."""
    return any(not _ATTEMPT.search(sentence[max(0, m.start() - 40) : m.start()]) for m in matches)


def tactics_in(sentence: str, lex: Lexicon | None = None) -> set[str]:
    """The tactics a sentence mentions (keys of TACTICS), by the triggers of the lexicon
    ``lex`` (English when None)."""
    triggers = (lex or lexicon("en")).triggers
    found = {name for name, pattern in triggers.items()
             if name not in ("clash", "attack", "overtake", "killing_forces") and pattern.search(sentence)}
    overtakes = list(triggers["overtake"].finditer(sentence))
    if _any_achieved(overtakes, sentence):
        found.add("overtake")
    elif overtakes:
        found.add("clash")   # "attempted to overrun the positions": an assault that failed
    # "drones struck a convoy", "an IED struck a convoy": the verb belongs to the remote
    # weapon, it is no clash of its own (a weapon the sentence does not name leaves it as it is)
    rest = triggers["air"].sub(" ", sentence) if "air" in found else sentence
    if "ied" in found or "air" in found:
        rest = triggers["ied"].sub(" ", rest)
    if triggers["clash"].search(rest):
        found.add("clash")
    elif triggers["attack"].search(rest) or (triggers["killing_forces"].search(sentence) and not found & _REMOTE):
        found.add("attack")  # "fighters killed 12 soldiers in Boni": an attack, unless a bomb did it
    return found


#: "the army said on Monday", "a statement released on Tuesday": when words were said.
#: "the army on Thursday raised the toll": a revision is later than what it revises (a plain
#: "on Tuesday said" may well be the day of the incident too, and is kept).
_STATEMENT_AFTER = re.compile(r"\s*,?\s*(?:raised|revised|updated|corrected)\b", re.I)
_STATEMENT_DATE = guarded(r"\b(?:said|says|announced|stated|added|told\s+[\w\s]{1,30}?|statement|message|video|"
                          r"communiqu\w+|released|issued|published|posted|circulated|reported|"
                          r"claimed(?:\s+responsibility)?)\s+"
                          r"(?:late\s+|early\s+)?"
                          r"(?:on\s+)?$", re.I)


def _statement_date(text: str, date: DateMention) -> bool:
    """True for the date of a statement rather than of the incident: after a speech verb
    ("said on Monday") or before a revision ("the army on Thursday raised the toll")."""
    return bool(_STATEMENT_DATE.search(text[max(0, date.evidence.start - 45) : date.evidence.start])
                or _STATEMENT_AFTER.match(text, date.evidence.end))


def evidence_span(mention: ActorMention | PlaceMention | DateMention | FigureMention) -> tuple[int, int]:
    """Where a mention is in the text."""
    return mention.evidence.start, mention.evidence.end


#: "the village of X, in the Bandiagara region": a town's name used for the area around it.
_AREA_AFTER = re.compile(r"\s+(?:region|area|province|district|circle|cercle|commune|department|prefecture|"
                         r"zone|sector)\b|\s*:", re.I)   # a headline's "Bandiagara: attack on X" too


#: "on the road between Gao and Ansongo", "between Gao and Ansongo": one incident on a route.
_ROUTE_BEFORE = guarded(r"\b(?:between|linking|connecting|from)\s+$", re.I)
_ROUTE_JOIN = re.compile(r"\s+(?:and|to|&)\s+")
_ROAD_AFTER = re.compile(r"\s+(?:axis|road|route|highway|corridor)\b", re.I)   # "the Douentza-Boni axis"
#: "about 200 km north of the capital Niamey": a place a distance is measured from.
_LANDMARK_BEFORE = guarded(r"\b(?:km|kilometres|kilometers|miles)\)?\s+(?:\([^)]{0,20}\)\s+)?"
                           r"(?:north|south|east|west|"
                           r"north-?east|north-?west|south-?east|south-?west)\s+of\s+(?:the\s+)?(?:capital,?\s+)?$|"
                           r"\bthe\s+capital,?\s+$|"
                           # "near Dani Koira, north of Bani Bangou": the town it is north of is a landmark
                           r",\s*(?:just\s+|slightly\s+|further\s+)?(?:north|south|east|west|north-?east|north-?west|"
                           r"south-?east|south-?west)\s+of\s+$", re.I)
#: "travelling from Ansongo", "heading towards Gao", "bound for Niamey": an end of a journey.
_TRAVEL_BEFORE = guarded(r"\b(?:travell?ing|heading|headed|driving|moving|going|coming|returning|bound|"
                         r"en\s+route|on\s+(?:its|their|his|her)\s+way)\s+(?:from|to|towards?|for)\s+"
                         r"(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$|\btowards?\s+(?:the\s+)?$", re.I)
#: "near the Algerian border": the neighbour names a border area, not the incident's country.
_BORDER_AFTER = re.compile(r"\s+(?:border|frontier)", re.I)


def _is_landmark(text: str, place: PlaceMention) -> bool:
    """True for a town a site is measured from ("30 km north of Bani Bangou", "the capital")."""
    return bool(_LANDMARK_BEFORE.search(text, max(0, place.evidence.start - 60), place.evidence.start))


#: A dateline: a line opening with a city in capitals (or two, "BAMAKO/NIAMEY"), an optional date
#: and agency, then a dash: "NIAMEY (AP) —", "BAMAKO, Feb 18 (Reuters) -". Where the story was
#: filed, not where the incident was.
_DATELINE = re.compile(r"[^\S\n]*[A-ZÀ-Ý][A-ZÀ-Ý'’.-]*(?:[^\S\n]*[/ ][^\S\n]*[A-ZÀ-Ý][A-ZÀ-Ý'’.-]*)*"
                       r"(?:,[^\S\n]*(?:[A-Za-z]{3,9}\.?[^\S\n]+\d{1,2}|\d{1,2}[^\S\n]+[A-Za-z]{3,9}\.?)"
                       r"(?:,?[^\S\n]+\d{4})?)?"
                       r"(?:[^\S\n]*\([^)\n]{1,30}\))?[^\S\n]*[-—–]")


def in_dateline(text: str, place: PlaceMention) -> bool:
    """True for a place named in the dateline its line opens with ("NIAMEY (AP) — ...")."""
    line_start = text.rfind("\n", 0, place.evidence.start) + 1
    match = _DATELINE.match(text, line_start)
    return bool(match) and place.evidence.end <= match.end() and place.evidence.exact.isupper()


def _sites(text: str, places: list[PlaceMention], named: Counter | None = None) -> list[PlaceMention]:
    """The places of a sentence that can be an incident's site: a town named as the area
    around another site ("X, in the Bandiagara region") is that site's setting, not a second
    site; a border names no site, nor a capital a distance is measured from; of a route
    ("between Gao and Ansongo", "the Gao-Ansongo axis") one end is the site, the one the
    document names most (``named``: town IRI -> mentions), else the first."""
    places = [p for p in places if not (p.place_class == "Country" and _BORDER_AFTER.match(text, p.evidence.end))
              and not in_dateline(text, p)]
    landmarks = [p for p in places if _is_landmark(text, p)]
    if len(landmarks) < len(places):   # the capital a distance is measured from is no site beside another
        places = [p for p in places if p not in landmarks]
    ends = [p for p in places if _TRAVEL_BEFORE.search(text, max(0, p.evidence.start - 40), p.evidence.start)]
    if len(ends) < len(places):   # "a bus travelling from Ansongo ... near Fafa": the journey's ends are no site
        places = [p for p in places if p not in ends]
    for first, second in zip(places, places[1:], strict=False):
        between = _ROUTE_BEFORE.search(text, max(0, first.evidence.start - 20), first.evidence.start) and \
            _ROUTE_JOIN.fullmatch(text, first.evidence.end, second.evidence.start)
        road = text[first.evidence.end : second.evidence.start] == "-" and _ROAD_AFTER.match(text, second.evidence.end)
        if between or road:
            counts = named or Counter()
            drop = first if counts[_town(second)] > counts[_town(first)] else second
            places = [p for p in places if p is not drop]
            break
    areas = [p for p in places if p.place_class == "PopulatedPlace" and _AREA_AFTER.match(text, p.evidence.end)]
    others = [p for p in places if p not in areas and p.place_class in ("PopulatedPlace", "MilitaryInstallation")]
    return [p for p in places if p not in areas] if others else places


def _most_precise(places: list[PlaceMention]) -> list[PlaceMention]:
    """Towns (or their installations) named in a sentence, one per town; else the most precise
    other place (region, then country)."""
    towns: dict[str, PlaceMention] = {}
    for place in places:
        if place.place_class == "MilitaryInstallation":
            towns[place.part_of or place.iri] = place
        elif place.place_class == "PopulatedPlace":
            towns.setdefault(place.iri, place)
    if towns:
        return list(towns.values())
    for cls in ("Admin2District", "Admin1Region", "Country"):
        same = [p for p in places if p.place_class == cls]
        if same:
            return same[:1]
    return []


#: "JNIM drones", "the jihadists' drone": an armed group's own air attack.
_GROUP_DRONE = guarded(r"\b(?:JNIM|ISSP|ISWAP|jihadists?['’]?|militants?['’]?|rebels?['’]?|group['’]s)\s+"
                       r"(?:\w+\s+)?drones?\b"
                       r"|\bdrones?\s+(?:\w+\s+)?(?:launched|operated|flown)\s+by\s+(?:the\s+)?(?:JNIM|jihadists|"
                       r"militants|rebels)", re.I)
#: "a drone strike by the army", "civilians killed by soldiers": the actor after "by" attacks.
_BY_AGENT = guarded(r"\b(?:strikes?|attacks?|attacked|raids?|raided|bombardments?|bombed|shelling|shelled|"
                    r"operations?|offensive|killed|executed|massacred|targeted|ambushed|shot|abducted|"
                    r"kidnapped)\s+(?:\w+\s+){0,2}?by\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
#: "accused the army of killing ...": the accused attacks (in the accuser's claim).
_ACCUSED = guarded(r"\b(?:accused|accusing|accuses|blamed|blaming|blames)\s+(?:the\s+)?$", re.I)
#: The accuser itself is no party to the incident it describes.
_ACCUSES = re.compile(r"^[^.;]{0,80}?\b(?:accused|accuses|blamed|blames)\b", re.I)


#: A group that speaks of an incident without claiming it ("the FLA said the strike hit a
#: pharmacy", "rebels said a drone strike had killed ...") reports it; "JNIM said its
#: fighters ...", "claimed responsibility", "claimed to have" keep it a party.
_SPEAKS = re.compile(r"^[^.;]{0,80}?\b(?:said|says|say|reported|told|stated|announced)\b", re.I)
_SELF_CLAIM = re.compile(r"^[^.;]{0,100}?\b(?:(?:said|says|say|announced|stated)\s+(?:that\s+)?(?:it|its|they|their|"
                         r"we|our)\b|claim(?:ed|s)?\b)", re.I)


def _reporter_only(text: str, actor: ActorMention) -> bool:
    """True for an accuser or a group that only reports an incident (see ``_SPEAKS``)."""
    after = text[actor.evidence.end : actor.evidence.end + 120]
    if _ACCUSED.search(text[max(0, actor.evidence.start - 30) : actor.evidence.start]):
        return False
    if _ACCUSES.match(after):
        return True
    return actor.actor_class == "ArmedGroup" and bool(_SPEAKS.match(after)) and not _SELF_CLAIM.match(after)


def _roles(text: str, actors: list[ActorMention]) -> tuple[list, list]:
    """Armed groups attack and state or foreign forces are attacked, unless a force is the
    subject of the attack verb itself ("the army attacked", "FAMa raided"), its agent ("a
    strike by the army", "civilians killed by soldiers") or the accused ("accused the army
    of killing"). The accuser of another is no party."""
    parties = [a for a in actors if a.actor_class not in _NOT_PARTIES and a.how != "patron"
               and not _LISTED.search(text[max(0, a.evidence.start - 100) : a.evidence.start])
               and not _reporter_only(text, a)]
    attackers = [a for a in parties if a.actor_class in _ROLE_CLASSES_ATTACKER]
    targets = [a for a in parties if a.actor_class in _ROLE_CLASSES_TARGET]
    for force in targets:
        before = text[max(0, force.evidence.start - 60) : force.evidence.start]
        if _BY_AGENT.search(before) or _ACCUSED.search(before[-30:]):
            return targets, attackers
        earlier_groups = [a for a in attackers if a.evidence.start < force.evidence.start]
        if not earlier_groups and _ATTACK_VERB.match(text[force.evidence.end : force.evidence.end + 40]):
            return targets, attackers
    return attackers, targets


def _parsed_roles(roles: Roles, attackers: list[ActorMention],
                  targets: list[ActorMention]) -> tuple[list[ActorMention], list[ActorMention]]:
    """The parse's roles over the patterns' guess: a party the parse makes the patient of an
    attack ("a drone strike killed a JNIM commander") is a target, its agent an attacker;
    parties the parse places nowhere keep the patterns' side."""
    parties = {id(m) for m in (*attackers, *targets)}
    agents = [m for m in roles.agents if id(m) in parties and m not in roles.patients]
    patients = [m for m in roles.patients if id(m) in parties and m not in roles.agents]
    if not agents and not patients:
        return attackers, targets
    placed = {id(m) for m in (*agents, *patients)}
    return ([*agents, *(a for a in attackers if id(a) not in placed)],
            [*patients, *(t for t in targets if id(t) not in placed)])


def find_cues(text: str, sentences: list[tuple[int, int]], actors: list[ActorMention],
              places: list[PlaceMention], dates: list[DateMention],
              figures: list[FigureMention], parses: dict[int, Doc] | None = None,
              lex: Lexicon | None = None) -> list[Cue]:
    """Every incident cue, in text order. With ``parses`` (sentence start -> parse) and
    ``lex``, who attacks whom is read from the parse first (:mod:`kg.extract.roles`)."""
    cues: list[Cue] = []
    named = Counter(_town(p) for p in places)
    places_at, dates_at, actors_at, figures_at = (Within(mentions, evidence_span)
                                                  for mentions in (places, dates, actors, figures))
    for start, end in sentences:
        sentence = text[start:end]
        tactics = tactics_in(sentence, lex)
        in_sentence = places_at.inside(start, end)
        if not tactics or (not _names_a_town(in_sentence) and _TREND.search(sentence)) or is_summary(
                sentence, in_sentence):
            continue
        spoken = statement_times(parses[start], start, lex, [(d.evidence.start, d.evidence.end) for d in
                                                             dates_at.inside(start, end)]) \
            if parses and lex and start in parses else []
        sentence_dates = [d for d in dates_at.inside(start, end) if d.resolved and not _statement_date(text, d)
                          and not any(s <= d.evidence.start < e for s, e in spoken)]
        if _ADVOCACY.search(sentence) and not sentence_dates:
            continue   # an undated appeal; "urged calm after militants attacked Gao on Monday" still reports
        attackers, targets = _roles(text, actors_at.inside(start, end))
        if "air" in tactics and any(t.actor_class in _ROLE_CLASSES_TARGET for t in targets) and not _GROUP_DRONE.search(
                sentence):
            attackers, targets = targets, attackers   # air power here is the state's, unless a group's drone is named
        if parses and lex and start in parses:
            attackers, targets = _parsed_roles(attack_roles(parses[start], start, actors_at.inside(start, end), lex),
                                               attackers, targets)
        date = sentence_dates[0] if sentence_dates else None
        reported_on = next((d for d in dates_at.inside(start, end) if d.resolved and d not in sentence_dates), None)
        campaign = bool(_CAMPAIGN.search(sentence))
        heading = is_heading(text, start, end)
        landmarks = frozenset(_town(p) for p in in_sentence if _is_landmark(text, p))
        for place in _most_precise(_sites(text, in_sentence, named)) or [None]:
            cues.append(Cue((start, end), set(tactics), place, date, attackers, targets, campaign,
                            figures_at.inside(start, end), heading, landmarks, reported_on))
    return cues


def is_heading(text: str, start: int, end: int) -> bool:
    """True for a section heading inside the body: a line of its own, after the first, with
    no closing punctuation ("NIGER - Drone strike on a water point near Bani Bangou")."""
    line = text[start:end].rstrip()
    return (start > 0 and text[start - 1] == "\n" and (end >= len(text) or text[end:end + 1] == "\n")
            and bool(line) and line[-1] not in ".!?\"”»’')" and len(line) < 120)


def _sections_first(text: str, cues: list[Cue]) -> list[tuple[Cue, bool]]:
    """Cues in the order they are grouped, each with whether it joins the incident of the
    body cue just before it: a heading's cues come right after the first cue of the
    paragraph below it, so that the heading joins the incident its section reports (as the
    document's headline joins the lead); a heading with no such cue stands alone."""
    ordered: list[tuple[Cue, bool]] = []
    held: list[Cue] = []
    for cue in cues:
        if cue.heading:
            held.append(cue)
            continue
        # the paragraph right below the heading: no other line break in between
        below = [h for h in held if "\n" not in text[h.sentence[1] : cue.sentence[0]].lstrip()]
        ordered += [(h, False) for h in held if h not in below]
        ordered.append((cue, False))
        ordered += [(h, True) for h in below]
        held = []
    return ordered + [(h, False) for h in held]


def _town(place: PlaceMention | None) -> str | None:
    if place is None:
        return None
    return place.part_of if place.place_class == "MilitaryInstallation" else place.iri


def _compatible_dates(a: DateMention | None, b: DateMention | None) -> bool:
    """Unknown dates are compatible with anything; known ones when their ranges overlap."""
    if a is None or b is None:
        return True
    return not (a.earliest > b.latest or b.earliest > a.latest)


def town_dates(sentences: list[tuple[int, int]], places: list[PlaceMention],
               dates: list[DateMention]) -> dict[str, DateMention]:
    """Town IRI -> the first resolved date of the first sentence naming both ("Nara, on 18
    October, was not the bloodiest day"): what dates an incident its own sentences leave
    undated."""
    places_at, dates_at = Within(places, evidence_span), Within(dates, evidence_span)
    found: dict[str, DateMention] = {}
    for start, end in sentences:
        dated = [d for d in dates_at.inside(start, end) if d.resolved and d.precision in ("day", "week")]
        for place in places_at.inside(start, end) if dated else ():
            town = _town(place)
            if town and place.place_class in ("PopulatedPlace", "MilitaryInstallation"):
                found.setdefault(town, dated[0])
    return found


def assemble_events(text: str, key: str, cues: list[Cue], region_of: dict[str, str],
                    dated_towns: dict[str, DateMention] | None = None) -> list[EventRecord]:
    """Group cues into incidents (see the module doc); ``region_of`` maps a town IRI to its
    admin-1 region IRI (for "attacks in the Timbuktu region" = the town's incident); an
    incident its own sentences leave undated takes the date ``dated_towns`` gives its town."""
    events: list[EventRecord] = []
    tactics: dict[str, set[str]] = {}
    placeless: dict[str, set[str]] = {}   # tactics of cues that may sum up several incidents
    broad_roles: dict[str, list[Cue]] = {}   # and those cues, for their attackers and targets
    current: EventRecord | None = None
    sentence_first: dict[tuple[int, int], EventRecord] = {}
    lead: EventRecord | None = None   # the incident of the last body cue, for a heading held after it
    reported: dict[str, DateMention] = {}   # event key -> the first statement date of its sentences
    for cue, joins in _sections_first(text, cues):
        target = lead if joins and lead is not None else _find_event(events, cue, current, region_of)
        if target is None:
            target = _new_event(text, key, cue, current, len(events))
            events.append(target)
            tactics[target.key], placeless[target.key] = set(), set()
        broad = _summing_up(cue)
        if cue.reported_on is not None:
            reported.setdefault(target.key, cue.reported_on)
        _absorb(text, key, target, cue, region_of, roles=not broad)
        (placeless if broad else tactics)[target.key] |= cue.tactics
        if broad:
            broad_roles.setdefault(target.key, []).append(cue)
        if joins:
            continue   # the text goes on about its body's incident, not the heading's
        lead = target
        # After a sentence naming several sites, the text goes on about the first one named.
        current = sentence_first.setdefault(cue.sentence, target)
    for event in events:
        if event.date is None:   # dated elsewhere in the text, or by nothing but a statement about it
            event.date = (dated_towns or {}).get(_town(event.place) or "") or reported.get(event.key)
        # like the type, who attacks whom comes from where the incident is named when it can
        unnamed = [role for role in ("attackers", "targets") if not getattr(event, role)]
        for cue in broad_roles.get(event.key, ()):
            for role in unnamed:
                _add_role(event, role, getattr(cue, role))
        # no one attacks itself: a force read as a target in a headline and as the agent elsewhere attacks
        attacking = {a.iri for a in event.attackers}
        event.targets = [t for t in event.targets if t.iri not in attacking]
        # what is said where the incident is named decides its type; a summing-up cue (a
        # headline summing up two incidents) only when nothing else does
        event.sub_event_type = _event_type(tactics[event.key] or placeless[event.key], event)
    _campaigns(events, cues)
    return events


def _summing_up(cue: Cue) -> bool:
    """A cue that may sum up several incidents: the headline, or a sentence placed only at a
    country or region. Its type and roles count only where the incident's own sentences give
    none (a sentence about "the camp" continues the incident and counts in full)."""
    return cue.sentence[0] == 0 or cue.heading or (
        cue.place is not None and cue.place.place_class in ("Country", "Admin1Region"))


def _broad(place: PlaceMention | None) -> bool:
    return place is None or place.place_class in ("Admin1Region", "Country", "Admin2District")


def _contains(broad: PlaceMention | None, town: str | None, region_of: dict[str, str],
              country_of: str | None) -> bool:
    """True when the broad place (region, country, or unknown) may contain ``town``."""
    if broad is None or town is None:
        return True
    if broad.place_class == "Country":
        return broad.country == country_of
    return region_of.get(town) == broad.iri or broad.iri == town


def _find_event(events: list[EventRecord], cue: Cue, current: EventRecord | None,
                region_of: dict[str, str]) -> EventRecord | None:
    """The incident a cue belongs to: the same town on a compatible date; a broad cue (no
    place, a region, a country) continues the current incident when dates agree, and a cue with
    no place but a date of its own the last incident of that date; a town cue
    completes an incident so far known only broadly (a headline, "attacks in the north")."""
    date = cue.date or (current.date if current and _broad(cue.place) else None)
    if _broad(cue.place):
        if current and _compatible_dates(date, current.date) and (
                cue.place is None or _contains(cue.place, _town(current.place), region_of,
                                               current.place.country if current.place else None)):
            return current
        if cue.place is None and cue.date is not None:
            # "residents say the projectiles struck on Tuesday": the last incident of that day
            return next((e for e in reversed(events) if e.date is not None
                         and _compatible_dates(cue.date, e.date)), None)
        return None
    town = _town(cue.place)
    for event in events:
        if _town(event.place) == town and _compatible_dates(date, event.date):
            return event
    if _pinpoints(cue, current) and _compatible_dates(date, current.date):
        return current   # "the strikes targeted ... near Dani Koira, 30 km north of Bani Bangou"
    for event in events:
        if _broad(event.place) and _compatible_dates(date, event.date) and _contains(
                event.place, town, region_of, cue.place.country):
            return event
    return None


def _pinpoints(cue: Cue, event: EventRecord | None) -> bool:
    """True when the cue places the incident at a village the gazetteer lacks, measured from
    the town the incident was known at ("near the village of X, 30 km north of <town>")."""
    return (event is not None and cue.place is not None and not cue.place.in_reference
            and cue.place.place_class == "PopulatedPlace" and _town(event.place) in cue.landmarks)


def _new_event(text: str, key: str, cue: Cue, current: EventRecord | None, n: int) -> EventRecord:
    # a heading standing alone opens a section: the incident before it lends it no date
    date = cue.date or (current.date if current and not cue.heading else None) or cue.reported_on
    return EventRecord(key=f"e{n + 1}", sub_event_type="", evidence=[], date=date, place=cue.place)


def _add_role(event: EventRecord, role: str, mentions: list[ActorMention]) -> None:
    known = {m.iri for m in getattr(event, role)}
    getattr(event, role).extend(m for m in mentions if m.iri not in known
                                and not known.add(m.iri))  # type: ignore[func-returns-value]


def _absorb(text: str, key: str, event: EventRecord, cue: Cue, region_of: dict[str, str], *,
            roles: bool = True) -> None:
    start, end = cue.sentence
    if all(e.start != start for e in event.evidence):
        event.evidence.append(Evidence(key, start, end, text[start:end]))
    if event.date is None and cue.date is not None:
        event.date = cue.date
    if cue.place is not None and (_more_precise(cue.place, event.place) or _pinpoints(cue, event)):
        event.place = cue.place
    if roles:
        _add_role(event, "attackers", cue.attackers)
        _add_role(event, "targets", cue.targets)
    if event.place and event.place.place_class == "MilitaryInstallation" and "overtake" in cue.tactics:
        event.outcomes = sorted(set(event.outcomes) | {"base-overrun"})
    if "looting" in cue.tactics:
        event.outcomes = sorted(set(event.outcomes) | {"looting"})
    if cue.figures:
        event.outcomes = sorted(set(event.outcomes) | {"casualties"})


_PRECISION = {"MilitaryInstallation": 0, "PopulatedPlace": 1, "Admin2District": 2, "Admin1Region": 3,
              "Country": 4}


def _more_precise(new: PlaceMention, old: PlaceMention | None) -> bool:
    if old is None:
        return True
    same_town = _town(new) == _town(old)
    return _PRECISION[new.place_class] < _PRECISION[old.place_class] and (
        same_town or old.place_class in ("Admin1Region", "Country"))


def _event_type(tactics: set[str], event: EventRecord) -> str:
    if "regain" in tactics and "overtake" in tactics:
        tactics = tactics - {"overtake"}
    if "overtake" in tactics:
        state_attack = event.attackers and all(a.actor_class != "ArmedGroup" for a in event.attackers)
        tactics = (tactics - {"overtake"}) | {"regain" if state_attack else "overtake"}
    if "attack" in tactics:
        # "attacks on the camp" + "120 mortar shells at the camp": one shelling, no clash
        tactics = (tactics - {"attack"}) | (set() if tactics & _REMOTE else {"clash"})
    if "massacre" in tactics and not event.targets:
        tactics = tactics - {"clash"}
    ranked = sorted(tactics, key=lambda t: TACTICS[t][1])
    return TACTICS[ranked[0]][0] if ranked else "armed-clash"


def _campaigns(events: list[EventRecord], cues: list[Cue]) -> None:
    """Events named together in a "coordinated"/"simultaneous" sentence share a campaign."""
    for cue in cues:
        if not cue.campaign:
            continue
        members = [e for e in events if any(ev.start == cue.sentence[0] for ev in e.evidence)]
        if len(members) > 1:
            campaign = "campaign-" + "-".join(sorted(e.key for e in members))
            for event in members:
                event.campaign = event.campaign or campaign
