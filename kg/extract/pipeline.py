"""The extraction pipeline: the one place where the stages are assembled.

    Document ─sentences─▶ spans ─mentions─▶ actors, places ─dates─▶ DateMentions
             ─figures─▶ FigureMentions ─parses─▶ parses ─events─▶ EventRecords
             ─claims─▶ ClaimRecords ─claimed-attackers─▶ EventRecords ─placeless─▶ both

:data:`STAGES` is what runs: each :class:`Stage` names what it requires and what it
produces, and a plain function from those inputs to those outputs. The registry is checked
when it is assembled (every input produced by an earlier stage or given by the document),
and each run checks that a stage returned exactly what it declares. None of the stages
knows of RDF or the store.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from kg.extract.attribution import needs_parse
from kg.extract.claims import find_claims
from kg.extract.dates import find_dates
from kg.extract.events import assemble_events, evidence_span, find_cues, tactics_in, town_dates
from kg.extract.figures import find_figures
from kg.extract.lexicon import Lexicon, lexicon, lexicon_languages
from kg.extract.mentions import Linker
from kg.extract.parse import parse_sentences
from kg.extract.pieces import cut, shifted
from kg.extract.sentences import split_sentences
from kg.extract.spans import Within
from kg.link.reference import ReferenceIndex
from kg.namespaces import new_actor_iri
from kg.records import (
    ActorMention,
    ClaimRecord,
    DateMention,
    Document,
    EventRecord,
    Evidence,
    Extraction,
    FigureMention,
    PlaceMention,
    PublicationDate,
)

#: What the document gives the first stage: its text (or a piece of it) and what is known of it.
GIVEN = ("text", "key", "published", "publisher", "language", "extractor")


@dataclass(frozen=True)
class Stage:
    """One step: ``run(**inputs)`` of the names in ``requires`` returns a dict of exactly the
    names in ``produces``."""

    name: str
    requires: tuple[str, ...]
    produces: tuple[str, ...]
    run: Callable[..., dict[str, Any]]


def check_stages(stages: tuple[Stage, ...]) -> None:
    """Fail when a stage requires something no earlier stage (or the document) provides."""
    available = set(GIVEN)
    for stage in stages:
        missing = set(stage.requires) - available
        if missing:
            raise ValueError(f"stage {stage.name!r} requires {sorted(missing)} before it is produced")
        available |= set(stage.produces)


def run_stages(stages: tuple[Stage, ...], given: dict[str, Any]) -> dict[str, Any]:
    """Run ``stages`` in order over ``given`` (the :data:`GIVEN` values); every output is
    checked against the stage's declaration."""
    values = dict(given)
    for stage in stages:
        produced = stage.run(**{name: values[name] for name in stage.requires})
        if set(produced) != set(stage.produces):
            raise ValueError(f"stage {stage.name!r} produced {sorted(produced)}, declared {sorted(stage.produces)}")
        values.update(produced)
    return values


_DOUBLE_QUOTES = ("“", "”", '"', "«", "»")


def _figures(text: str, sentences: list[tuple[int, int]], key: str) -> list[FigureMention]:
    """Figures of every sentence. Quotation marks are blanked first (same length, so
    offsets hold): an army's “neutralised” 80 militants are still 80 militants. The
    evidence keeps the document's exact characters."""
    blanked = text
    for quote in _DOUBLE_QUOTES:   # str.replace, five times, is faster than one str.translate
        blanked = blanked.replace(quote, " ")
    found = []
    for start, end in sentences:
        for figure in find_figures(blanked, start, end, key):
            ev = figure.evidence
            found.append(replace(figure, evidence=replace(ev, exact=text[ev.start : ev.end])))
    return found


def placed_at_country(events: list[EventRecord], places: list[PlaceMention]) -> list[EventRecord]:
    """An event the text gives no place for is placed at the country the document names
    most (ACLED's geo-precision 3); it stays placeless when the document names no country
    (see :func:`without_placeless`)."""
    countries = Counter(p.iri for p in places if p.place_class == "Country")
    if not countries:
        return events
    iri = countries.most_common(1)[0][0]
    country = next(p for p in places if p.iri == iri)
    return [e if e.place is not None else replace(e, place=country) for e in events]


def claimed_attackers(events: list[EventRecord], claims: list[ClaimRecord]) -> list[EventRecord]:
    """An incident whose own sentences name no attacker takes the armed group that claims it
    (ACLED codes the claimed perpetrator when no other is reported): the attacker's evidence
    is the claim's mention of the group, so the document still shows where it comes from."""
    for event in events:
        if event.attackers:
            continue
        claimants = [c.claimant for c in claims if c.event_key == event.key and c.kind == "responsibility"
                     and c.stance == "asserts" and not c.narrator and c.claimant.actor_class == "ArmedGroup"]
        if len({c.iri for c in claimants}) == 1:   # two groups claiming one incident: no attacker is known
            event.attackers = [replace(claimants[0], role="attacker")]
    return events


def _uncodable(event: EventRecord) -> bool:
    """An incident known only by its country and at most its year ("attacks in Niger in 2023",
    a trend, an encyclopedia's overview) is no event an analyst can code: ACLED needs the
    month at least, and a place below the country or a date."""
    if event.place is None or event.place.place_class != "Country":
        return False
    return event.date is None or event.date.precision in ("year", "unresolved")


def without_placeless(events: list[EventRecord], claims: list[ClaimRecord]) -> tuple[list, list]:
    """Events still placeless after :func:`placed_at_country`, and those known only by a
    country and at most a year (:func:`_uncodable`), are dropped (an incident nowhere, or
    nowhen, is no event an analyst can map or count), after the claims were read with them
    (who may claim what depends on the incident's attackers); claims about them are kept,
    about no event."""
    gone = {e.key for e in events if e.place is None or _uncodable(e)}
    return ([e for e in events if e.key not in gone],
            [replace(c, event_key=None) if c.event_key in gone else c for c in claims])


def to_parse(text: str, sentences: list[tuple[int, int]], actors: list[ActorMention],
             lex: Lexicon) -> list[tuple[int, int]]:
    """The sentences whose parse can change a record: those that hold a speech verb of the
    lexicon (a speaker to find, known or not), and those naming an actor that hold an incident
    trigger (an attacker or a target to place). The others are not parsed (the parse is the
    build's main cost)."""
    actors_at = Within(actors, evidence_span)
    return [(s, e) for s, e in sentences if needs_parse(text[s:e], lex)
            or (actors_at.inside(s, e) and tactics_in(text[s:e], lex))]


def reading_language(document: Document) -> str:
    """The language whose lexicon and trained pipeline read ``document``: its sidecar's
    ``language`` when the project has a lexicon for it, else English."""
    language = (document.metadata.language or "en").split("-")[0].lower()
    return language if language in lexicon_languages() else "en"


def _sentences(text: str) -> dict[str, Any]:
    return {"sentences": split_sentences(text)}


def _mentions(text: str, key: str, extractor: Extractor) -> dict[str, Any]:
    mentions = extractor.linker.mentions(text, key)
    return {"actors": mentions.actors, "places": mentions.places}


def _dates(text: str, key: str, published: PublicationDate | None) -> dict[str, Any]:
    return {"dates": find_dates(text, published, key)}


def _figure_stage(text: str, key: str, sentences: list[tuple[int, int]]) -> dict[str, Any]:
    return {"figures": _figures(text, sentences, key)}


def _parses(text: str, sentences: list[tuple[int, int]], actors: list[ActorMention],
            language: str) -> dict[str, Any]:
    lex = lexicon(language)
    return {"lexicon": lex, "parses": parse_sentences(text, to_parse(text, sentences, actors, lex), language)}


def _events(text: str, key: str, sentences, actors, places, dates, figures, parses, lexicon,  # noqa: ANN001
            extractor: Extractor) -> dict[str, Any]:
    cues = find_cues(text, sentences, actors, places, dates, figures, parses, lexicon)
    dated = town_dates(sentences, places, dates)
    return {"events": placed_at_country(assemble_events(text, key, cues, extractor.region_of, dated), places)}


def _claims(text: str, key: str, sentences, actors, places, figures, events, publisher, parses,  # noqa: ANN001
            lexicon, extractor: Extractor) -> dict[str, Any]:
    return {"claims": find_claims(text, key, sentences, actors, figures, events, publisher, places,
                                  extractor.region_of, parses, lex=lexicon)}


def _claimed_attackers(events: list[EventRecord], claims: list[ClaimRecord]) -> dict[str, Any]:
    return {"events": claimed_attackers(events, claims)}


def _regimes(actors: list[ActorMention], events: list[EventRecord], claims: list[ClaimRecord],
             published: PublicationDate | None, extractor: Extractor) -> dict[str, Any]:
    return dict(zip(("actors", "events", "claims"),
                    regimes_by_date(actors, events, claims, published, extractor.reference), strict=True))


def regimes_by_date(actors: list[ActorMention], events: list[EventRecord], claims: list[ClaimRecord],
                    published: PublicationDate | None, reference: ReferenceIndex) -> tuple[list, list, list]:
    """A descriptor that names a government body ("the Nigerien government", "the junta")
    names it only from the day it took power (``skg:inPowerSince``); for an incident before
    that day (or, outside any incident, a publication before it) it names the state: a 2020
    "Nigerien government" is not the 2023 junta. Mentions, attackers, targets and claimants
    are resolved alike."""
    governed_by = dict(reference.relations.get("governmentOf", ()))
    events_at = sorted(((ev.start, ev.end, e) for e in events for ev in e.evidence), key=lambda t: t[0])

    def day_of(mention: ActorMention) -> dt.date | None:
        at = mention.evidence.start
        event = next((e for s, end, e in events_at if s <= at < end), None)
        if event is not None and event.date is not None and event.date.latest is not None:
            return event.date.latest
        return published.value if published is not None else None

    def resolved(mention: ActorMention) -> ActorMention:
        entry = reference.actors.get(mention.iri)
        since = entry.in_power_since if entry else None
        day = day_of(mention) if since and mention.how == "descriptor" else None
        state = governed_by.get(mention.iri)
        if day is None or day >= since or state not in reference.actors:
            return mention
        return replace(mention, iri=state, label=reference.actors[state].label, actor_class="State")

    for event in events:
        event.attackers = [resolved(m) for m in event.attackers]
        event.targets = [resolved(m) for m in event.targets]
    for claim in claims:
        claim.claimant = resolved(claim.claimant)
    return [resolved(m) for m in actors], events, claims


def _placeless(events: list[EventRecord], claims: list[ClaimRecord]) -> dict[str, Any]:
    events, claims = without_placeless(events, claims)
    return {"events": events, "claims": claims}


#: The stages, in the order they run (see the module doc).
STAGES: tuple[Stage, ...] = (
    Stage("sentences", ("text",), ("sentences",), _sentences),
    Stage("mentions", ("text", "key", "extractor"), ("actors", "places"), _mentions),
    Stage("dates", ("text", "key", "published"), ("dates",), _dates),
    Stage("figures", ("text", "key", "sentences"), ("figures",), _figure_stage),
    Stage("parses", ("text", "sentences", "actors", "language"), ("lexicon", "parses"), _parses),
    Stage("events", ("text", "key", "sentences", "actors", "places", "dates", "figures", "parses", "lexicon",
                     "extractor"), ("events",), _events),
    Stage("claims", ("text", "key", "sentences", "actors", "places", "figures", "events", "publisher", "parses",
                     "lexicon", "extractor"), ("claims",), _claims),
    Stage("claimed-attackers", ("events", "claims"), ("events",), _claimed_attackers),
    Stage("regimes", ("actors", "events", "claims", "published", "extractor"), ("actors", "events", "claims"),
          _regimes),
    Stage("placeless", ("events", "claims"), ("events", "claims"), _placeless),
)
check_stages(STAGES)


class _Records(NamedTuple):
    """What the stages find in one text, in the order of :class:`~kg.records.Extraction`."""

    actors: list[ActorMention]
    places: list[PlaceMention]
    dates: list[DateMention]
    figures: list[FigureMention]
    events: list[EventRecord]
    claims: list[ClaimRecord]


def _joined(parts: list[_Records]) -> _Records:
    """The records of consecutive pieces as one document's: events and claims renumbered
    in order (``e1``, ``e2`` ... across pieces) with every reference to them renamed."""
    joined = _Records([], [], [], [], [], [])
    for part in parts:
        events = {e.key: f"e{len(joined.events) + i + 1}" for i, e in enumerate(part.events)}
        claims = {c.key: f"c{len(joined.claims) + i + 1}" for i, c in enumerate(part.claims)}
        for event in part.events:
            event.key = events[event.key]
            if event.campaign:
                members = event.campaign.removeprefix("campaign-").split("-")
                event.campaign = "campaign-" + "-".join(sorted(events.get(m, f"{m}.{len(joined.events)}")
                                                               for m in members))
        for claim in part.claims:
            claim.key = claims[claim.key]
            claim.event_key = events.get(claim.event_key) if claim.event_key else None
            claim.answers = claims.get(claim.answers) if claim.answers else None
            claim.verifies = claims.get(claim.verifies) if claim.verifies else None
        for mine, theirs in zip(joined, part, strict=True):
            mine.extend(theirs)
    return joined


@dataclass
class Extractor:
    """Runs the stages over documents; build once per reference index (the matchers are
    compiled from the reference data)."""

    reference: ReferenceIndex

    def __post_init__(self) -> None:
        self.linker = Linker(self.reference)
        self.region_of = {iri: next((p for p in e.parents if "Admin1Region" in
                                     self.reference.places.get(p, e).classes), "")
                          for iri, e in self.reference.places.items()}

    def extract(self, document: Document) -> Extraction:
        """Every record the stages find in ``document``. A document longer than
        :data:`~kg.extract.pieces.PIECE_CHARS` is read piece by piece (see
        :mod:`kg.extract.pieces`): the records of each piece are moved to their place in the
        whole text and numbered on from the previous piece's, so no evidence span and no
        key changes meaning; a shorter one is read whole."""
        text, key = document.text, document.source_key
        publisher = self._publisher(document)
        published = document.metadata.published
        spans = cut(text)
        language = reading_language(document)
        if len(spans) == 1:
            records = self._extract_text(text, key, published, publisher, language)
        else:
            records = _joined([shifted(self._extract_text(text[start:end], key, published, publisher, language),
                                       start)
                               for start, end in spans])
        return Extraction(document, *records)

    def _extract_text(self, text: str, key: str, published: PublicationDate | None,
                      publisher: ActorMention | None, language: str = "en") -> _Records:
        """The stages over ``text`` (a whole document or a piece of one)."""
        values = run_stages(STAGES, {"text": text, "key": key, "published": published, "publisher": publisher,
                                     "language": language, "extractor": self})
        return _Records(*(values[name] for name in _Records._fields))

    def _publisher(self, document: Document) -> ActorMention | None:
        """The narrator: the document's publisher, as a pseudo-mention over the title."""
        from kg.link.aliases import normalise

        name = document.metadata.publisher
        if not name:
            return None
        first_line = document.text.split("\n", 1)[0]
        evidence = Evidence(document.source_key, 0, len(first_line), first_line)
        iris = self.reference.actor_names.get(normalise(name))
        if not iris:   # an outlet the reference lacks: the document graph's own publisher node
            return ActorMention(evidence, new_actor_iri(name), name, "publisher", False, "NewsOrganization")
        iri = sorted(iris)[0]
        entry = self.reference.actors[iri]
        return ActorMention(evidence, iri, entry.label, "publisher", True, entry.main_class)
