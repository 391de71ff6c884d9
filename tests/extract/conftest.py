"""Fixtures for extraction tests: the reference index and an extractor over it."""

import datetime as dt
from pathlib import Path

import pytest

from kg.extract.mentions import Linker
from kg.extract.pipeline import Extractor
from kg.link.reference import ReferenceIndex
from kg.records import Document, DocumentMetadata, PublicationDate


@pytest.fixture(scope="session")
def reference(seed_store):
    return ReferenceIndex.from_store(seed_store)


@pytest.fixture(scope="session")
def linker(reference):
    return Linker(reference)


@pytest.fixture(scope="session")
def extractor(reference):
    return Extractor(reference)


def make_document(text: str, published: str | None = "2024-03-10", publisher: str | None = "RFI",
                  key: str = "test.txt") -> Document:
    """A hand-made document (no file): ``published`` is a YYYY-MM-DD day."""
    date = PublicationDate(dt.date.fromisoformat(published), "day", "sidecar") if published else None
    meta = DocumentMetadata(title=text.split("\n")[0], publisher=publisher, published=date, language="en")
    return Document(key, Path(key), "0" * 64, text, "0" * 64, meta, "f" * 64)
