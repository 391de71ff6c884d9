"""Plain records passed between stages. No RDF here: only the graph builder writes triples.

A :class:`Document` is what the loader hands to extraction and to the graph builder: the
cleaned text that every evidence offset refers to, and the metadata that describes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

DOCUMENT_KINDS = ("news-article", "encyclopedia-article", "statement", "document")
DATE_PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class PublicationDate:
    """When a document was published, as precisely as it is known.

    ``value`` is the first day of the period for month and year precision; ``source`` says
    where it came from (``"sidecar"`` or ``"text"``).
    """

    value: dt.date
    precision: str
    source: str

    def iso(self) -> str:
        """The date at its own precision: ``2025-11-07``, ``2025-11`` or ``2025``."""
        if self.precision == "day":
            return self.value.isoformat()
        if self.precision == "month":
            return self.value.strftime("%Y-%m")
        return str(self.value.year)


@dataclass(frozen=True)
class DocumentMetadata:
    """What is known of a document besides its text. Every field is optional."""

    title: str | None = None
    publisher: str | None = None
    published: PublicationDate | None = None
    url: str | None = None
    author: str | None = None
    agency: str | None = None
    language: str | None = None
    #: where ``language`` came from: "sidecar", "markup" (the source's own declaration) or "detected"
    language_source: str | None = None
    kind: str = "news-article"
    notes: str | None = None


@dataclass(frozen=True)
class Evidence:
    """A span of a document's cleaned text that supports a fact: ``text[start:end] == exact``."""

    document_key: str
    start: int
    end: int
    exact: str


@dataclass(frozen=True)
class RemovedLine:
    """A line of the source that the furniture filter dropped, and the rule that dropped it."""

    line: str
    rule: str


@dataclass(frozen=True)
class Document:
    """A loaded document: cleaned text plus metadata, ready for extraction.

    ``source_key`` names the file within the folder it was loaded from (a POSIX relative
    path); ``identity`` is the sha256 (hex) of the source key, the raw bytes, the metadata
    and the cleaned text, from which the document's IRI is minted.
    """

    source_key: str
    source_path: Path
    raw_sha256: str
    text: str
    text_sha256: str
    metadata: DocumentMetadata
    identity: str
    removed: tuple[RemovedLine, ...] = field(default=())


# --- Extraction records (issue #3). Every record that asserts something carries Evidence. ---

#: ACLED time_precision for each date precision (1 day, 2 week, 3 month; a year is 3 too,
#: with the range kept in earliest/latest).
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


@dataclass(frozen=True)
class DateMention:
    """A date expression and what it resolves to.

    ``earliest``/``latest`` bound the day(s) meant; both are None when the expression
    cannot be resolved (then ``precision`` is ``"unresolved"`` and ``text`` keeps the
    words). ``precision`` is ``day``, ``week``, ``month``, ``year`` or ``unresolved``;
    ``anchor`` says what it was resolved against (``explicit``, ``publication``,
    ``previous-date``).
    """

    evidence: Evidence
    earliest: dt.date | None
    latest: dt.date | None
    precision: str
    anchor: str

    @property
    def text(self) -> str:
        return self.evidence.exact

    @property
    def resolved(self) -> bool:
        return self.earliest is not None


@dataclass(frozen=True)
class FigureMention:
    """A reported quantity: "around 50 Malian soldiers were killed".

    ``category`` is a slug of the ``skgv:figure-category`` scheme (``soldiers-killed``,
    ``vehicles-seized`` ...); ``low``/``high`` bound the number (``high`` None = open:
    "over 20"); ``quantity`` is the words that gave the number ("around 50", "dozens").
    """

    evidence: Evidence
    category: str
    low: int
    high: int | None
    quantity: str


@dataclass(frozen=True)
class ActorMention:
    """A mention of an actor: a name, an alias, or a descriptor resolved from context.

    ``iri`` is the reference actor (or a new actor's IRI when ``in_reference`` is False);
    ``how`` says how it was linked: ``alias``, ``fuzzy``, ``descriptor``, ``new``.
    """

    evidence: Evidence
    iri: str
    label: str
    how: str
    in_reference: bool = True
    actor_class: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class PlaceMention:
    """A mention of a place linked to the gazetteer, or a new place the text describes.

    ``part_of`` is the IRI of the enclosing place for a new place or installation;
    ``place_class`` is the ontology class local name (``PopulatedPlace``,
    ``MilitaryInstallation`` ...).
    """

    evidence: Evidence
    iri: str
    label: str
    place_class: str
    in_reference: bool = True
    part_of: str | None = None
    country: str | None = None
    #: the place has a point: its own (gazetteer) or the one it shares (a new place or an
    #: installation takes its enclosing place's); False when the gazetteer withheld it
    has_point: bool = True


@dataclass
class EventRecord:
    """One incident as this document reports it (fused across documents in issue #4)."""

    key: str
    sub_event_type: str
    evidence: list[Evidence]
    date: DateMention | None = None
    place: PlaceMention | None = None
    attackers: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    campaign: str | None = None
    background: bool = False


@dataclass
class ClaimRecord:
    """An attributed statement: ``claimant`` says (``stance``) something of ``kind``
    about ``event``; ``answers`` is the key of the claim it denies or contradicts,
    ``verifies`` the key of the claim it verifies. A statement the narrator makes
    without attribution has the document's publisher as claimant and ``narrator`` True.
    ``channel`` is the media outlet the claimant's statement was published through.
    """

    key: str
    claimant: ActorMention
    kind: str
    stance: str
    evidence: Evidence
    event_key: str | None = None
    figures: list[FigureMention] = field(default_factory=list)
    quote: str | None = None
    answers: str | None = None
    verifies: str | None = None
    narrator: bool = False
    #: the media outlet that published the claimant's statement ("published by its Amaq agency")
    channel: ActorMention | None = None


@dataclass
class Extraction:
    """Everything extracted from one document, ready for the graph builder."""

    document: Document
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    figures: list[FigureMention] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)
