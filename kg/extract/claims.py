"""Stage 6 — claims: attributed statements -> ClaimRecords (claimant, kind, stance, figures).

Attribution cues (each a rule with its own tests):

- a speech verb with its subject: "JNIM claimed ...", "the army said ...", "Local sources
  say ...", "the General Staff acknowledged ...", "SITE verified ...";
- a post-posed attribution: "..., JNIM claimed.";
- "according to X", "X quoted Y as saying" (Y speaks), a passive "... verified by X";
- pronouns and descriptors ("It said", "the group said") take the last claimant of a
  compatible kind;
- "X did not wish to / declined to comment" -> X declines to comment.

What a sentence claims is read from its content: its figures (one claim per figure
category), control ("took control of the camp"), repelled attacks, responsibility,
verification, acknowledgement, denial, damage. A claim that answers another (the army's
"repelled" after the group's "took control") points to it; a verification points to the
claim it verifies. Figures the narrator states without attribution become claims of the
document's publisher marked ``narrator``: reported by the document, not by a party.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.extract.attribution import statements
from kg.extract.events import achieved, evidence_span, is_summary
from kg.extract.lexicon import Lexicon, lexicon
from kg.extract.mentions import TITLES
from kg.extract.scanning import guarded
from kg.extract.spans import Within
from kg.records import ActorMention, ClaimRecord, EventRecord, Evidence, FigureMention, PlaceMention

_SPEECH = guarded(
    r"\b(?P<verb>(?<!\ba\s)(?<!\bthe\s)(?<!\bthis\s)(?<!\bthat\s)(?<!\bits\s)(?<!\bthese\s)(?<!\bthose\s)"
    r"(?<!\btheir\s)(?<!\bsuch\s)(?<!\bhis\s)(?<!\bher\s)claim(?:ed|s|ing)?"
    r"(?!\s+(?:circulated|made|published|posted|relayed|spread|shared|carried))|"
    r"sa(?:id|ys|y)|stated|states|announced|reported|reporting|told|rejected|dismissed|"
    r"added|puts?|acknowledged|acknowledges|admitted|conceded|denied|denies|deny|confirmed|"
    r"verified|insisted|described|showed|estimated|asserted|asserts|affirm(?:s|ed)?|assured|deplor(?:ed|es)|"
    r"specified|explained|indicated|evok(?:es|ed)|spoke\s+of|speaks\s+of|"
    r"(?:has\s+|have\s+)?st(?:ood|ands?)\s+by\s+(?:its|their|his|her)\s+(?:[\w-]+\s+)?(?:account|version|statement|"
    r"figures?|toll)|"
    r"gave\s+(?:a|an|its|their|his|her)\s+(?:[\w-]+\s+)?(?:account|version)|"
    r"gave\s+(?:a\s+|the\s+)?(?:death\s+)?(?:toll|figure|tally)|accused|accuses|blamed|blames|"
    r"released\s+(?:a\s+|an\s+|the\s+)?(?:statement|footage|photos?|"
    r"images?|videos?|communiqu\w+)|issued\s+(?:a\s+)?(?:joint\s+)?statement|"
    r"(?:was|were)\s+quoted\s+as\s+saying|quoted\s+[^.]{0,80}?\s+as\s+saying)\b", re.I)
_ACCORDING = guarded(rf"\baccording\s+to\s+(?:a\s+|an\s+|the\s+)?"
                     rf"(?:(?:{TITLES}|spokes(?:man|woman|person)|mayor|governor)\s+)?$", re.I)
#: "soldiers reported injured", "no casualties reported", "reportedly": not an attribution.
_PASSIVE_REPORT = re.compile(r"reported(?:ly)?\s+(?:injured|killed|dead|missing|wounded|captured|looted|"
                             r"to\s+have)\b|reportedly\b|reported\s*(?:[.,;]|$)", re.I)
#: Words right before a speech verb that point back to the last speaker.
_BACK_REFERENCE = re.compile(r"(?:^|[\s,])(?:it|they|he|she|(?:the|its|their|these|those|a|an)\s+(?:communiqu\w+|"
                             r"statement|press\s+release|report|sources?|officials?|caption|video|footage|post|"
                             r"message|text|audio|recording|spokes(?:man|woman|person)))\s+"
                             r"(?:also\s+|later\s+|further\s+)?$", re.I)
_PRONOUN = guarded(r"\b(?:it|they|he|she)\s+(?:\w+\s+)?$", re.I)
#: Prepositions before a name make it a place or an object, not a speaker ("in Mali").
_PREPOSITION = guarded(r"\b(?:in|at|across|near|from|to|into|throughout|around|against|"
                       r"of|on|for)\s+(?:the\s+|a\s+|an\s+)?$", re.I)
#: The object of a verb of blame or violence is not the speaker ("the ministry blamed ISSP ... and said").
_OBJECT_OF = guarded(r"\b(?:blamed|accused|condemned|denounced|attacked|targeted|ambushed|struck|killed|"
                     r"captured|held)\s+(?:the\s+|a\s+|an\s+)?$", re.I)
#: Nor are the victims of a passive: "12 soldiers were killed ..., the ministry said".
_VICTIM = re.compile(r"^(?:\s+and\s+[^,.;]{1,40}?)?\s+(?:were|was|had\s+been|have\s+been|has\s+been)\s+(?:\w+\s+)?"
                     r"(?:killed|wounded|injured|"
                     r"captured|abducted|kidnapped|taken|ambushed|attacked|dead|missing)\b", re.I)
#: "one of the officials said": the preposition of a partitive does not silence the speaker.
_PARTITIVE = guarded(r"\b(?:one|some|two|three|several|many|each|most)\s+of\s+(?:the\s+)?$", re.I)
_QUOTE_SPAN = guarded(r"[\"“][^\"”]*[\"”]")
#: Statement kinds the parse decides alone (the patterns know none of them).
STATEMENT_KINDS = ("condemnation", "accusation", "call", "description")
#: Parse statements read like the patterns' attributions: what their clause says decides (a
#: plain speech verb, "content"), or the verb itself names the kind.
_PATTERN_KINDS = ("content", "responsibility", "denial", "acknowledgement", "verification")
#: The stance a speech verb's kind implies ("denied" denies whatever its clause holds).
_KIND_STANCE = {"denial": "denies", "acknowledgement": "acknowledges"}
#: One attribution: (speaker, clause start, clause end, verb words, the parse's kind or None).
Attribution = tuple[ActorMention, int, int, str, str | None]
_FIGURE_KINDS = {"killed": "fatalities", "wounded": "injuries", "captured": "captured-persons",
                 "missing": "missing-persons", "seized": "materiel-seized"}
_SOURCE_CLASSES = {"ArmedGroup", "StateForce", "ForeignForce", "State", "GovernmentBody", "Person",
                   "MediaOutlet", "NewsOrganization", "MonitoringOrganization", "CollectiveSource",
                   "Alliance", "Organization"}


def figure_kind(figure: FigureMention) -> str:
    """The claim kind of a figure category (``soldiers-killed`` -> ``fatalities``)."""
    for word, kind in _FIGURE_KINDS.items():
        if word in figure.category:
            return kind
    return "fatalities"


_RELATIVE = re.compile(r"^\s*,?\s*(?:who|which|that)\b", re.I)


def _claimant_before(actors: list[ActorMention], sentence_start: int, at: int,
                     text: str) -> ActorMention | None:
    """The subject of the speech verb at ``at``: the nearest actor before it, unless an
    earlier actor heads a relative clause that contains it ("Security sources who spoke
    with X confirmed" -> security sources)."""
    candidates = [a for a in actors if sentence_start <= a.evidence.start and a.evidence.end <= at
                  and a.actor_class in _SOURCE_CLASSES]
    for candidate in candidates:
        if _RELATIVE.match(text[candidate.evidence.end : at]):
            return candidate
    return candidates[-1] if candidates else None


def find_claims(text: str, key: str, sentences: list[tuple[int, int]], actors: list[ActorMention],
                figures: list[FigureMention], events: list[EventRecord],
                publisher: ActorMention | None, places: list[PlaceMention] = (),
                region_of: dict[str, str] | None = None, parses: dict[int, Doc] | None = None, *,
                lex: Lexicon) -> list[ClaimRecord]:
    """Every claim of the document, in text order, with answers and verifications linked.
    ``parses`` (sentence start -> parse) give the statements read from the parse
    (:mod:`kg.extract.attribution`): the speaker of each speech verb, and condemnations,
    accusations, calls and descriptions; ``lex`` is the document's cue lexicon."""
    claims: list[ClaimRecord] = []
    last: ActorMention | None = None
    previous_about: list[EventRecord | None] = []
    parses = parses or {}
    actors_at, figures_at, places_at = (Within(mentions, evidence_span) for mentions in (actors, figures, places))
    for start, end in sentences:
        sentence_figures = figures_at.inside(start, end)
        parsed = statements(parses[start], start, actors_at.inside(start, end), lex, last, key) \
            if start in parses else []
        said = _speakers_of(parsed, attributions(text, start, end, actors_at.inside(start, end), last, lex), lex)
        stated = [st for st in parsed if st.kind in STATEMENT_KINDS]
        if not said and not sentence_figures and not stated:
            continue   # no statement and no figure: nothing is claimed
        sentence_actors = actors_at.starting(start, end)   # all that the clauses below look at
        sentence_places = places_at.starting(start, end)
        summary_of_several = is_summary(text[start:end], sentence_places)   # about none of them
        event = None if summary_of_several else _event_of(events, start, sentence_places)
        if said or stated:
            about = [None] if summary_of_several else _scope(text, start, end, events, event, sentence_places,
                                                             region_of or {}, previous_about)
            previous_about = about
        summary = [f for f in sentence_figures if not said or _NARRATOR_SUMMARY.search(
            text[max(start, f.evidence.start - 20) : f.evidence.start])]
        if summary and publisher is not None:   # the narrator's own figures: the document's
            claims += _figure_claims(key, publisher, summary, event, text, start, end, narrator=True,
                                     n=len(claims))
        sentence_figures = [f for f in sentence_figures if f not in summary]
        for speaker, clause_start, clause_end, verb, said_kind in said:
            last = speaker
            clause = text[clause_start:clause_end]
            clause_figures = sentence_figures if len(said) == 1 else [
                f for f in sentence_figures if clause_start <= f.evidence.start < clause_end]
            stance = _KIND_STANCE.get(said_kind) or _stance(verb + " " + clause, lex)
            denial = lex.content["denial"].search(text, clause_start, clause_end) if stance == "denies" else None
            # figures after the denying word are what is denied ("denies soldiers were captured"), not asserted
            denied = [f for f in clause_figures if denial and f.evidence.start > denial.start()]
            asserted = [f for f in clause_figures if f not in denied]
            made = _figure_claims(key, speaker, asserted, event, text, start, end, n=len(claims))
            author = _claimed_by(text, clause_start, clause_end, sentence_actors) if denied else None
            if author:   # "rejected claims by the Islamic State that two soldiers were captured"
                made += _figure_claims(key, author, denied, event, text, start, end, n=len(claims) + len(made))
            kinds = _kinds(verb + " " + clause, stance, bool(made) or bool(denied), speaker, lex)
            if said_kind not in (None, "content", *kinds) and not (said_kind == "responsibility" and made):
                kinds.append(said_kind)   # the verb names it: "was claimed by", "refuted", "verified"
            if not kinds and not made and _describes(lex, clause, speaker, publisher) and stance == "asserts" \
                    and not any(st.speaker.iri == speaker.iri for st in stated):
                kinds = ["description"]   # an attributed account with no figure and no other kind
            for kind in kinds:
                for subject in about:
                    if kind == "responsibility" and not _may_claim(speaker, subject):
                        continue
                    made.append(ClaimRecord(
                        f"c{len(claims) + len(made) + 1}", speaker, kind,
                        "acknowledges" if kind == "acknowledgement" else stance,
                        Evidence(key, start, end, text[start:end]), subject.key if subject else None,
                        figures=denied if kind == "denial" else [], quote=_quote(text[start:end])))
            channel = _channel(text, start, end, sentence_actors, speaker)
            for claim in made:
                claim.channel = channel
            claims += made
        for st in stated:   # condemnations, accusations, calls, descriptions read from the parse
            if st.kind == "description" and not _describes(lex, text[st.clause_start : st.clause_end], st.speaker,
                                                           publisher):
                continue
            for speaker in (*st.co_speakers, st.speaker):
                claims += [ClaimRecord(f"c{len(claims) + i + 1}", speaker, st.kind, "asserts",
                                       Evidence(key, start, end, text[start:end]), subject.key if subject else None,
                                       quote=_quote(text[start:end]))
                           for i, subject in enumerate(about)]
            last = st.speaker
    _link(claims)
    return _dedupe(claims)


def _speakers_of(parsed: list, patterns: list[tuple[ActorMention, int, int, str]], lex: Lexicon) -> list[Attribution]:
    """The attributions of a sentence: the parse's speaker of each speech verb, the
    patterns' only where the parse finds none, or only a relay. "According to X, Y claimed":
    X relays Y's statement, whose verb its clause holds, and is dropped; "selon X, ...,
    tandis que Y affirme" keeps both."""
    speaking = [st for st in parsed if st.kind in _PATTERN_KINDS]
    relays = lex.relay_words
    speaking = [st for st in speaking if st.verb.lower() not in relays or not any(
        other.verb.lower() not in relays and st.clause_start <= other.verb_start < st.clause_end
        for other in speaking)]
    from_parse = [(speaker, st.clause_start, st.clause_end, st.verb.lower(), st.kind)
                  for st in speaking for speaker in (*st.co_speakers, st.speaker)]
    only_relays = all(st.verb.lower() in relays for st in speaking)
    if from_parse and (not patterns or not only_relays):
        return from_parse
    return [(*attribution, None) for attribution in patterns]


def _describes(lex: Lexicon, clause: str, speaker: ActorMention, publisher: ActorMention | None) -> bool:
    """True when an attributed clause with no other kind is an account of an incident: it
    names one (an attack word of the lexicon) and its speaker is not the narrator itself
    ("Dependable NG reports that ..." is the publisher's own text)."""
    if publisher is not None and speaker.iri == publisher.iri:
        return False
    return bool(lex.incident_words.search(clause))


def _quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) offsets of the quotations in the sentence ``text[start:end]``."""
    return [(start + m.start(), start + m.end()) for m in _QUOTE_SPAN.finditer(text[start:end])]


def _channel(text: str, start: int, end: int, actors: list[ActorMention],
             speaker: ActorMention) -> ActorMention | None:
    """The media outlet an armed group's statement was published through: a media outlet
    named in the same sentence, outside quotes ("ISSP claimed responsibility in a statement
    published by its Amaq agency"). None for any other speaker."""
    if speaker.actor_class != "ArmedGroup":
        return None
    quoted = _quoted_spans(text, start, end)
    return next((a for a in actors if start <= a.evidence.start < end and a.actor_class == "MediaOutlet"
                 and not any(qs <= a.evidence.start < qe for qs, qe in quoted)), None)


#: "rejected claims circulated by the Islamic State group that ...": whose claim is denied.
_CLAIMED_BY = guarded(r"\b(?:claims?|reports?|allegations?|assertions?)\s+(?:[\w-]+\s+){0,6}?by\s+(?:the\s+)?$",
                      re.I)


def _claimed_by(text: str, start: int, end: int, actors: list[ActorMention]) -> ActorMention | None:
    """The actor whose claim a denial rejects, when the clause names it ("claims ... by X")."""
    return next((a for a in actors if start <= a.evidence.start < end and a.actor_class in _SOURCE_CLASSES
                 and _CLAIMED_BY.search(text, max(start, a.evidence.start - 80), a.evidence.start)), None)


def _may_claim(speaker: ActorMention, event: EventRecord | None) -> bool:
    """A group claims responsibility only for an incident it may have carried out: not one
    whose known attackers are others ("the FLA said the army's strike hit a pharmacy")."""
    if event is None or not event.attackers:
        return True
    return speaker.iri in {a.iri for a in event.attackers}


def _speakers(text: str, start: int, end: int, actors: list[ActorMention]) -> list[ActorMention]:
    """Actors of the sentence that can speak: not inside quotes, not after a preposition,
    not the object of blame or violence, not the victims of a passive, not named only as
    another group's patron."""
    quoted = _quoted_spans(text, start, end)
    return [a for a in actors if start <= a.evidence.start and a.evidence.end <= end
            and a.actor_class in _SOURCE_CLASSES and a.how != "patron"
            and not any(qs <= a.evidence.start < qe for qs, qe in quoted)
            and (not _PREPOSITION.search(text[max(start, a.evidence.start - 20) : a.evidence.start])
                 or _PARTITIVE.search(text[max(start, a.evidence.start - 20) : a.evidence.start]))
            and not _OBJECT_OF.search(text[max(start, a.evidence.start - 20) : a.evidence.start])
            and not _VICTIM.match(text[a.evidence.end : a.evidence.end + 40])]


_APPOSITIVE = guarded(r",\s*(?:an?|the|its|whose|which|who)\b[^,]*$", re.I)


def _parenthetical(text: str, actor: ActorMention, at: int, sentence_start: int = 0) -> bool:
    """True when ``actor`` sits in a comma-delimited aside before the verb at ``at``
    ("JNIM, a group close to the FLA, claimed" -> the FLA is aside); the aside opens in
    the same sentence."""
    before = text[max(sentence_start, actor.evidence.start - 80) : actor.evidence.start]
    after = text[actor.evidence.end : at]
    return "," in after and bool(_APPOSITIVE.search(before))


def attributions(text: str, start: int, end: int, actors: list[ActorMention],
                 last: ActorMention | None, lex: Lexicon | None = None) -> list[tuple[ActorMention, int, int, str]]:
    """(speaker, clause start, clause end, verb) for each attribution in the sentence: each
    English speech verb with its own subject ("X claims A, Y denies" -> two), or a refusal to
    comment of the lexicon ``lex`` (English when None)."""
    sentence = text[start:end]
    verbs = [m for m in _SPEECH.finditer(sentence) if not _PASSIVE_REPORT.match(sentence[m.start():])]
    decline = (lex or lexicon("en")).content["declines"].search(sentence)
    if decline:
        verbs = [decline]
    speakers = _speakers(text, start, end, actors) if verbs else []
    found: list[tuple[ActorMention, int, int, str]] = []
    for i, verb in enumerate(verbs):
        at = start + verb.start()
        # The clause runs from the previous verb (or the sentence start: "A, JNIM claimed")
        # to the next verb (or the sentence end: "JNIM claimed A").
        clause_start = start + verbs[i - 1].end() if i else start
        clause_end = start + verbs[i + 1].start() if i + 1 < len(verbs) else end
        speaker = _subject(text, start, at, speakers, last, verb)
        if speaker is not None:
            # "residents and a local official told AFP": each says it
            for partner in _co_speakers(text, speaker, speakers):
                found.append((partner, clause_start, clause_end, verb.group().lower()))
            found.append((speaker, clause_start, clause_end, verb.group().lower()))
            last = speaker
    if not found:
        everyone = [a for a in actors if start <= a.evidence.start and a.evidence.end <= end
                    and a.actor_class in _SOURCE_CLASSES]
        for actor in everyone:
            if _ACCORDING.search(text[max(start, actor.evidence.start - 25) : actor.evidence.start]):
                found.append((actor, start, end, "according to"))
    return found


_AND = re.compile(r",?\s+and\s+")


def _co_speakers(text: str, speaker: ActorMention, speakers: list[ActorMention]) -> list[ActorMention]:
    """The speaker joined to ``speaker`` by "and" just before it ("residents and an official")."""
    before = [s for s in speakers if s.evidence.end <= speaker.evidence.start]
    joined = before and _AND.fullmatch(text, before[-1].evidence.end, speaker.evidence.start)
    if joined and before[-1].iri != speaker.iri:
        return [before[-1]]
    return []


_QUOTED_AS = re.compile(r"quoted\s+(.*?)\s+as\s+saying", re.I)
_FULL_STOP = re.compile(r"[.;]")
_BY_BEFORE = re.compile(r"\bby\s+$")
_COMMA_BEFORE = re.compile(r",\s*$")


def _subject(text: str, start: int, at: int, speakers: list[ActorMention], last: ActorMention | None,
             verb: re.Match[str]) -> ActorMention | None:
    quoted_as = _QUOTED_AS.search(verb.group())
    if quoted_as:   # "BBC quoted X as saying": X speaks
        inside = [a for a in speakers if at + quoted_as.start(1) <= a.evidence.start < at + quoted_as.end(1)]
        if inside:
            return inside[0]
    if last is not None and _BACK_REFERENCE.search(text[max(start, at - 30) : at]):
        return last   # "..., it said", "the communiqué states", "the sources said": the last speaker
    before = [a for a in speakers if a.evidence.end <= at and not _parenthetical(text, a, at, start)]
    for candidate in before:
        if _RELATIVE.match(text[candidate.evidence.end : at]):
            return candidate
    if before and not _FULL_STOP.search(text, before[-1].evidence.end, at):
        return before[-1]
    if _PRONOUN.search(text[max(start, at - 12) : at]) or _BY_BEFORE.search(text[start:at]):
        return last
    after = [a for a in speakers if a.evidence.start >= at]
    if after and (after[0].evidence.start - at < 25 or _COMMA_BEFORE.search(text[start:at])):
        return after[0]   # post-posed: "..., JNIM claimed." / passive "... verified by SITE"
    return None


def _stance(sentence: str, lex: Lexicon) -> str:
    if lex.content["declines"].search(sentence):
        return "declines-to-comment"
    if lex.content["denial"].search(sentence):
        return "denies"
    if lex.content["acknowledgement"].search(sentence):
        return "acknowledges"
    return "asserts"


_STATE_SIDE = {"StateForce", "GovernmentBody", "State", "ForeignForce"}


def _kinds(clause: str, stance: str, has_figures: bool, speaker: ActorMention, lex: Lexicon) -> list[str]:
    """What a clause claims; an attack reported by the side attacked is an acknowledgement,
    by an armed group a claim of responsibility; a witness's account is neither."""
    if stance == "declines-to-comment":
        return ["fatalities"]
    if stance == "denies":
        return ["denial"]
    # "attempted to overrun the positions" claims no control
    kinds = [kind for kind, pattern in lex.content_kinds
             if (achieved(pattern, clause) if kind == "territorial-control" else pattern.search(clause))]
    if speaker.actor_class in _STATE_SIDE and "responsibility" in kinds:
        kinds.remove("responsibility")
    if ("repelled-attack" in kinds and speaker.actor_class in _STATE_SIDE and "acknowledgement" not in kinds
            and lex.content["named_attack"].search(clause)):
        kinds.append("acknowledgement")   # "repulsed attacks on bases": the attacks took place
    if not kinds and not has_figures and lex.content["attack_words"].search(clause):
        if speaker.actor_class in _STATE_SIDE:
            kinds = ["acknowledgement"]
        elif speaker.actor_class in ("ArmedGroup", "MediaOutlet"):
            kinds = ["responsibility"]
    return kinds


_QUOTED = re.compile(r"[\"“]([^\"”]{2,200})[\"”]")


def _quote(sentence: str) -> str | None:
    quoted = _QUOTED.findall(sentence)
    return " … ".join(q.strip() for q in quoted) or None


def _figure_claims(key: str, claimant: ActorMention, figures: list[FigureMention], event: EventRecord | None,
                   text: str, start: int, end: int, *, narrator: bool = False, n: int = 0) -> list[ClaimRecord]:
    return [ClaimRecord(f"c{n + i + 1}", claimant, figure_kind(f), "asserts",
                        Evidence(key, start, end, text[start:end]), event.key if event else None,
                        figures=[f], quote=_quote(text[start:end]), narrator=narrator)
            for i, f in enumerate(figures)]


#: "... that left dozens dead": the narrator's summary inside an attributed sentence.
_NARRATOR_SUMMARY = guarded(r"\b(?:that|which)\s+left\s+$|\bleaving\s+$", re.I)
#: A list that names only some of the sites: the statement is about the whole campaign.
_PARTIAL_LIST = guarded(r"\b(?:including|among\s+them|such\s+as)\b", re.I)
#: "also claimed (two) other attacks": about the incidents the text describes next.
_FORWARD = re.compile(r"\b(?P<count>two|three|four|five|\d+)?\s*other\s+(?:\w+\s+){0,3}attacks\b", re.I)
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}


def _scope(text: str, start: int, end: int, events: list[EventRecord], event: EventRecord | None,
           places: list[PlaceMention], region_of: dict[str, str],
           previous: list[EventRecord | None]) -> list[EventRecord | None]:
    """The incidents a statement is about: the ones it names; else those the previous
    statement named when it names none itself ("... in A and B. The army says it repelled
    the attackers."); one only when it lists just some sites; the incidents described next
    for "two other attacks"; else the sentence's event."""
    sentence = text[start:end]
    about = _events_named(events, places, sentence, region_of) or [event]
    in_event = any(ev.start == start for e in events for ev in e.evidence)
    if len(about) == 1 and not places and not in_event and len(previous) > 1:
        about = previous
    if len(about) > 1 and _PARTIAL_LIST.search(sentence):
        about = about[:1]
    forward = _FORWARD.search(sentence)
    if forward:
        about = _following_events(events, end, forward["count"]) or about
    return about


def _following_events(events: list[EventRecord], after: int, count: str | None) -> list[EventRecord]:
    """The events first described after offset ``after``, as many as ``count`` says."""
    later = sorted((e for e in events if e.evidence and min(x.start for x in e.evidence) >= after),
                   key=lambda e: min(x.start for x in e.evidence))
    n = _COUNT_WORDS.get((count or "").lower()) or (int(count) if count and count.isdigit() else len(later))
    return later[:n]


_PLURAL_ATTACKS = guarded(r"\b(?:attacks|bases|camps|both\s+(?:towns|camps|bases)|two\s+(?:camps|bases|towns))\b",
                          re.I)


def _events_named(events: list[EventRecord], places: list[PlaceMention], sentence: str,
                  region_of: dict[str, str]) -> list[EventRecord]:
    """The incidents a statement is about when it names several: the events at the towns it
    names, or, for "attacks on bases in the X region", the events in that region. A claim
    about two incidents becomes one claim per incident."""
    towns = {p.part_of if p.place_class == "MilitaryInstallation" else p.iri for p in places
             if p.place_class in ("PopulatedPlace", "MilitaryInstallation")}
    named = [e for e in events if e.place is not None and (e.place.iri in towns or e.place.part_of in towns)]
    if len(named) > 1:
        return named
    regions = {p.iri for p in places if p.place_class == "Admin1Region"}
    if regions and _PLURAL_ATTACKS.search(sentence):
        def region(event: EventRecord) -> str:
            town = event.place.part_of if event.place.place_class == "MilitaryInstallation" else event.place.iri
            return region_of.get(town or "") or event.place.part_of or ""

        in_region = [e for e in events if e.place is not None and not e.background and region(e) in regions]
        if len(in_region) > 1:
            return in_region
    return []


def _event_of(events: list[EventRecord], sentence_start: int,
              places: list[PlaceMention] = ()) -> EventRecord | None:
    """The event whose evidence includes the sentence; else the event at a town the sentence
    names; else the event described most recently before it; else the document's first."""
    for event in events:
        if any(e.start == sentence_start for e in event.evidence):
            return event
    towns = {p.part_of if p.place_class == "MilitaryInstallation" else p.iri for p in places
             if p.place_class in ("PopulatedPlace", "MilitaryInstallation")}
    for event in events:
        if event.place is not None and (event.place.iri in towns or event.place.part_of in towns):
            return event
    latest: tuple[int, EventRecord] | None = None
    for event in events:
        starts = [e.start for e in event.evidence if e.start <= sentence_start]
        if starts and (latest is None or max(starts) > latest[0]):
            latest = (max(starts), event)
    return latest[1] if latest else (events[0] if events else None)


_OPPOSED = {("StateForce", "ArmedGroup"), ("GovernmentBody", "ArmedGroup"), ("Person", "ArmedGroup"),
            ("ArmedGroup", "StateForce"), ("ArmedGroup", "GovernmentBody")}


def _link(claims: list[ClaimRecord]) -> None:
    """A denial of a figure answers the claim of that figure; a repelled-attack or another
    denial answers the latest opposing control/responsibility claim on the same event; a
    verification verifies the latest party claim before it."""
    for i, claim in enumerate(claims):
        earlier = [c for c in claims[:i] if c.event_key == claim.event_key and not c.narrator]
        categories = {f.category for f in claim.figures}
        figure_denied = [c for c in claims if c is not claim and claim.kind == "denial" and categories
                         and c.event_key == claim.event_key and c.kind != "denial"
                         and categories & {f.category for f in c.figures}]
        if figure_denied:   # "denies that two soldiers were captured": the claim of that figure
            claim.answers = figure_denied[0].key
        elif claim.kind in ("repelled-attack", "denial"):
            same_event = [c for c in claims if c.event_key == claim.event_key and not c.narrator]
            opposed = [c for c in same_event if c.kind in ("territorial-control", "responsibility")
                       and (claim.claimant.actor_class, c.claimant.actor_class) in _OPPOSED]
            control = [c for c in opposed if c.kind == "territorial-control"]
            if control or opposed:
                claim.answers = (control or opposed)[0].key
        elif claim.kind == "verification":
            parties = [c for c in earlier if c.claimant.iri != claim.claimant.iri
                       and c.kind != "verification"]
            statements = [c for c in parties if c.claimant.actor_class in ("ArmedGroup", "MediaOutlet")]
            if statements or parties:
                claim.verifies = (statements or parties)[-1].key


def _dedupe(claims: list[ClaimRecord]) -> list[ClaimRecord]:
    """One claim per (claimant, kind, event, figure category): a repeated statement is one."""
    seen: dict[tuple, ClaimRecord] = {}
    kept = []
    same_as: dict[str, str] = {}
    for claim in claims:
        category = claim.figures[0].category if claim.figures else None
        key = (claim.claimant.iri, claim.kind, claim.event_key, category, claim.stance)
        if key in seen:
            same_as[claim.key] = seen[key].key   # links to a repeat go to the claim kept
            continue
        seen[key] = claim
        kept.append(claim)
    renamed = {c.key: f"c{i + 1}" for i, c in enumerate(kept)}
    renamed.update({dropped: renamed[kept_key] for dropped, kept_key in same_as.items()})
    for claim in kept:
        claim.key = renamed[claim.key]
        claim.answers = renamed.get(claim.answers) if claim.answers else None
        claim.verifies = renamed.get(claim.verifies) if claim.verifies else None
    return kept
