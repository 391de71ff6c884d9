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

from kg.records import ActorMention, ClaimRecord, EventRecord, Evidence, FigureMention

_SPEECH = re.compile(
    r"\b(?P<verb>claim(?:ed|s|ing)?|sa(?:id|ys|y)|stated|states|announced|reported|reporting|told|"
    r"added|puts?|acknowledged|acknowledges|admitted|conceded|denied|denies|deny|confirmed|"
    r"verified|insisted|described|released|issued|claimed\s+responsibility|mention(?:ed)?|"
    r"reported)\b", re.I)
_DECLINE = re.compile(r"\b(?:did\s+not\s+wish\s+to|declined\s+to|refused\s+to|would\s+not|"
                      r"could\s+not\s+be\s+reached|did\s+not\s+(?:respond|comment|mention))\b", re.I)
_ACCORDING = re.compile(r"\baccording\s+to\s+$", re.I)
#: "soldiers reported injured", "reportedly looted": not an attribution.
_PASSIVE_REPORT = re.compile(r"reported(?:ly)?\s+(?:injured|killed|dead|missing|wounded|captured|looted|"
                             r"to\s+have)\b|reportedly\b", re.I)
_QUOTED = re.compile(r"\bquoted\s+$", re.I)
_BY = re.compile(r"\bby\s+$", re.I)
_PRONOUN = re.compile(r"\b(?:it|they|he|she)\s+$", re.I)
_KINDS = [
    ("verification", re.compile(r"\b(?:verified|authenticated|geolocated)\b", re.I)),
    ("denial", re.compile(r"\b(?:denied|denies|deny|rejected|dismissed)\b", re.I)),
    ("repelled-attack", re.compile(r"\b(?:repell?ed|repulsed|routed|thwarted|foiled|tried\s+in\s+vain|"
                                   r"pushed\s+back|neutrali[sz]ed\s+the\s+attack)\b", re.I)),
    ("acknowledgement", re.compile(r"\b(?:acknowledged|admitted|conceded)\b", re.I)),
    ("territorial-control", re.compile(
        r"\b(?:(?:took|taken|take|seized?|gained|in)\s+control|overr[au]n|stormed|"
        r"(?:seized|captured)\s+(?:the\s+|a\s+|three\s+|two\s+)?(?:\w+\s+){0,2}(?:camp|base|barracks|post|town))",
        re.I)),
    ("responsibility", re.compile(r"\b(?:claimed\s+responsibility|responsibility\s+for|"
                                  r"claimed\s+(?:a|an|the)\s+(?:[\w-]+\s+)?attack|claimed\s+to\s+have\s+"
                                  r"(?:hit|fired|attacked|struck|carried))", re.I)),
    ("damage", re.compile(r"\b(?:damaged|destroyed|burn(?:ed|t))\b", re.I)),
]
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
                publisher: ActorMention | None) -> list[ClaimRecord]:
    """Every claim of the document, in text order, with answers and verifications linked."""
    claims: list[ClaimRecord] = []
    last_claimant: ActorMention | None = None
    for start, end in sentences:
        sentence = text[start:end]
        claimant = _attribution(text, start, end, actors, last_claimant)
        sentence_figures = [f for f in figures if start <= f.evidence.start and f.evidence.end <= end]
        event = _event_of(events, start)
        if claimant is None:
            if sentence_figures and publisher is not None:
                claims += _figure_claims(key, publisher, sentence_figures, event, text, start, end,
                                         narrator=True, n=len(claims))
            continue
        last_claimant = claimant
        stance = _stance(sentence)
        made = _figure_claims(key, claimant, sentence_figures, event, text, start, end, n=len(claims))
        for kind in _kinds(sentence, stance, bool(made)):
            made.append(ClaimRecord(f"c{len(claims) + len(made) + 1}", claimant, kind, stance,
                                    Evidence(key, start, end, sentence),
                                    event.key if event else None, quote=_quote(sentence)))
        claims += made
    _link(claims)
    return _dedupe(claims)


def _attribution(text: str, start: int, end: int, actors: list[ActorMention],
                 last: ActorMention | None) -> ActorMention | None:
    sentence = text[start:end]
    in_sentence = [a for a in actors if start <= a.evidence.start and a.evidence.end <= end
                   and a.actor_class in _SOURCE_CLASSES]
    for actor in in_sentence:
        before = text[max(start, actor.evidence.start - 20) : actor.evidence.start]
        if _ACCORDING.search(before) or _BY.search(before) and re.search(
                r"\b(?:verified|confirmed|quoted|released|reported)\b", text[start:actor.evidence.start], re.I):
            return actor
    quoted = re.search(r"\bquoted\s+", sentence)
    if quoted:
        after = [a for a in in_sentence if a.evidence.start >= start + quoted.end()]
        if after:
            return after[0]
    decline = _DECLINE.search(sentence)
    speech = decline or next((m for m in _SPEECH.finditer(sentence) if not _PASSIVE_REPORT.match(
        sentence[m.start():])), None)
    if not speech:
        return None
    at = start + speech.start()
    subject = _claimant_before(in_sentence, start, at, text)
    if subject is None and _PRONOUN.search(sentence[: speech.start()]):
        return last
    if subject is None:
        after = [a for a in in_sentence if a.evidence.start >= at]
        post_posed = after and re.search(r",\s*$", sentence[: speech.start()].rstrip()[-2:] or "")
        if after and (post_posed or sentence.rstrip(".").endswith(after[-1].evidence.exact + " " + speech.group())
                      or after[0].evidence.start - at < 30):
            return after[0]
        if re.search(rf",\s*[\w\s'’-]{{0,60}}\b{re.escape(speech.group())}\W*$", sentence):
            return after[-1] if after else last
    return subject


def _stance(sentence: str) -> str:
    if _DECLINE.search(sentence):
        return "declines-to-comment"
    if _KINDS[1][1].search(sentence):
        return "denies"
    if _KINDS[3][1].search(sentence):
        return "acknowledges"
    return "asserts"


def _kinds(sentence: str, stance: str, has_figures: bool) -> list[str]:
    if stance == "declines-to-comment":
        return ["fatalities"]
    kinds = [kind for kind, pattern in _KINDS if pattern.search(sentence)]
    if not kinds and not has_figures and re.search(r"\battack|assault|operation", sentence, re.I):
        kinds = ["responsibility"]
    return kinds


def _quote(sentence: str) -> str | None:
    quoted = re.findall(r"[\"“]([^\"”]{2,200})[\"”]", sentence)
    return " … ".join(q.strip() for q in quoted) or None


def _figure_claims(key: str, claimant: ActorMention, figures: list[FigureMention], event: EventRecord | None,
                   text: str, start: int, end: int, *, narrator: bool = False, n: int = 0) -> list[ClaimRecord]:
    return [ClaimRecord(f"c{n + i + 1}", claimant, figure_kind(f), "asserts",
                        Evidence(key, start, end, text[start:end]), event.key if event else None,
                        figures=[f], quote=_quote(text[start:end]), narrator=narrator)
            for i, f in enumerate(figures)]


def _event_of(events: list[EventRecord], sentence_start: int) -> EventRecord | None:
    """The event whose evidence includes the sentence, else the last event described before it."""
    for event in events:
        if any(e.start == sentence_start for e in event.evidence):
            return event
    before = [e for e in events if e.evidence and min(x.start for x in e.evidence) <= sentence_start]
    return before[-1] if before else (events[0] if events else None)


_OPPOSED = {("StateForce", "ArmedGroup"), ("GovernmentBody", "ArmedGroup"), ("Person", "ArmedGroup"),
            ("ArmedGroup", "StateForce"), ("ArmedGroup", "GovernmentBody")}


def _link(claims: list[ClaimRecord]) -> None:
    """A repelled-attack or denial answers the latest opposing control/responsibility claim on
    the same event; a verification verifies the latest party claim before it."""
    for i, claim in enumerate(claims):
        earlier = [c for c in claims[:i] if c.event_key == claim.event_key and not c.narrator]
        if claim.kind in ("repelled-attack", "denial"):
            opposed = [c for c in earlier if c.kind in ("territorial-control", "responsibility")
                       and (claim.claimant.actor_class, c.claimant.actor_class) in _OPPOSED]
            if opposed:
                claim.answers = opposed[-1].key
        elif claim.kind == "verification":
            parties = [c for c in earlier if c.claimant.iri != claim.claimant.iri
                       and c.kind != "verification"]
            if parties:
                claim.verifies = parties[-1].key


def _dedupe(claims: list[ClaimRecord]) -> list[ClaimRecord]:
    """One claim per (claimant, kind, event, figure category): a repeated statement is one."""
    seen: dict[tuple, ClaimRecord] = {}
    kept = []
    for claim in claims:
        category = claim.figures[0].category if claim.figures else None
        key = (claim.claimant.iri, claim.kind, claim.event_key, category, claim.stance)
        if key in seen:
            continue
        seen[key] = claim
        kept.append(claim)
    renamed = {c.key: f"c{i + 1}" for i, c in enumerate(kept)}
    for claim in kept:
        claim.key = renamed[claim.key]
        claim.answers = renamed.get(claim.answers) if claim.answers else None
        claim.verifies = renamed.get(claim.verifies) if claim.verifies else None
    return kept
