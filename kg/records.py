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
