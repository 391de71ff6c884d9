"""The loader: a file or folder of articles -> Documents (clean text + metadata).

``load_documents(paths)`` walks folders recursively in a stable order, skipping sidecars
and hidden files, and loads each article: read -> remove furniture -> merge metadata
(sidecar first, then what the markup declares, then what the text states) -> identity.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import DocumentError
from kg.load.furniture import CleanedText, join_paragraphs, remove_furniture
from kg.load.language import detect_language
from kg.load.published import infer_publication_date
from kg.load.readers import SUPPORTED_SUFFIXES, SourceText, read_source
from kg.load.sidecar import is_sidecar, read_sidecar
from kg.records import Document, DocumentMetadata, PublicationDate

#: The largest file read: larger ones are refused before a byte is read (an HTML page carries
#: markup and scripts besides its text, so this is well above MAX_TEXT_CHARS).
MAX_FILE_BYTES = 50_000_000
#: The most text one document may hold after furniture removal: about 330,000 words, a
#: long book. Building a document takes about 0.8 GB of memory per million characters
#: (measured: 1.9 GB peak and 50 s for 2,000,000; 7.8 GB for 10 MB), so this keeps one
#: document under 2 GB.
MAX_TEXT_CHARS = 2_000_000


def discover_files(paths: Iterable[Path]) -> list[tuple[Path, Path]]:
    """Every article under ``paths`` as (root, file), sorted, without duplicates.

    A file given directly is its own root; a folder is searched recursively. Hidden
    files, sidecars and unsupported suffixes inside folders are skipped; a missing path
    or an unsupported file named directly is a DocumentError.
    """
    found: dict[Path, Path] = {}
    for path in paths:
        if not path.exists():
            raise DocumentError(f"{path}: no such file or folder")
        if path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES or is_sidecar(path):
                raise DocumentError(
                    f"{path}: not an article (supported: {', '.join(SUPPORTED_SUFFIXES)})"
                )
            found.setdefault(path.resolve(), path.parent)
            continue
        for file in sorted(path.rglob("*")):
            relative = file.relative_to(path)
            if any(part.startswith(".") for part in relative.parts) or not file.is_file():
                continue
            if file.suffix.lower() in SUPPORTED_SUFFIXES and not is_sidecar(file):
                found.setdefault(file.resolve(), path)
    return sorted(((root, file) for file, root in found.items()), key=lambda rf: str(rf[1]))


def load_documents(paths: Iterable[Path]) -> Iterator[Document]:
    """Load every article under ``paths`` (see :func:`discover_files`)."""
    for root, file in discover_files(paths):
        yield load_document(file, root)


def source_key(path: Path, root: Path) -> str:
    """The name a document is stored under: its path relative to ``root``, POSIX style."""
    return path.resolve().relative_to(root.resolve()).as_posix()


def load_document(path: Path, root: Path | None = None) -> Document:
    """Load one article; ``root`` is the folder its source key is relative to.
    DocumentError (MetadataError for the sidecar) naming the file when it cannot be read,
    is not text, is larger than :data:`MAX_FILE_BYTES` or holds more than
    :data:`MAX_TEXT_CHARS` characters of text."""
    root = root or path.parent
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentError(f"{path}: {size / 1e6:,.1f} MB, over the {MAX_FILE_BYTES / 1e6:,.0f} MB "
                                "a file may have; split it into smaller files (one per article)")
        raw = path.read_bytes()
    except OSError as err:
        raise DocumentError(f"{path}: cannot be read ({err.strerror})") from None
    source = read_source(path, raw)
    sidecar = read_sidecar(path)
    declared_title = (sidecar.title if sidecar else None) or source.declared.get("title")
    cleaned = remove_furniture(source.lines, declared_title)
    text = join_paragraphs(cleaned.lines)
    if not text.strip():
        raise DocumentError(f"{path}: no article text left (empty file, or only page furniture)")
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentError(f"{path}: {len(text):,} characters of text, over the {MAX_TEXT_CHARS:,} a "
                            "document may hold; split it into smaller files (one per article or chapter)")
    metadata = _merge_metadata(sidecar, source, cleaned, text)
    key = source_key(path, root)
    raw_sha = hashlib.sha256(raw).hexdigest()
    text_sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    identity = _identity(key, raw_sha, metadata, text_sha)
    return Document(key, path, raw_sha, text, text_sha, metadata, identity,
                    tuple(cleaned.removed))


def _merge_metadata(sidecar: DocumentMetadata | None, source: SourceText,
                    cleaned: CleanedText, text: str) -> DocumentMetadata:
    """Sidecar values win; then the markup's declarations; then what the text states."""
    base = sidecar or DocumentMetadata()
    declared = source.declared
    first_line = next((line for line in text.split("\n") if line.strip()), None)
    return dataclasses.replace(
        base,
        title=base.title or declared.get("title") or first_line,
        publisher=base.publisher or declared.get("publisher"),
        published=base.published or _declared_date(declared.get("published"))
        or infer_publication_date(source.lines),
        url=base.url or declared.get("url"),
        author=base.author or declared.get("author") or cleaned.byline,
        agency=base.agency or cleaned.agency,
        language=base.language or declared.get("language") or detect_language(text),
        language_source="sidecar" if base.language else "markup" if declared.get("language") else "detected",
    )


def _declared_date(value: str | None) -> PublicationDate | None:
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value or "")
    if not match:
        return None
    try:
        return PublicationDate(dt.date(*map(int, match.groups())), "day", "text")
    except ValueError:
        return None


def _identity(key: str, raw_sha: str, metadata: DocumentMetadata, text_sha: str) -> str:
    """sha256 over the source key, raw bytes, metadata and cleaned text (all that matters)."""
    meta = dataclasses.asdict(metadata)
    if metadata.published:
        meta["published"] = [metadata.published.iso(), metadata.published.source]
    payload = json.dumps([key, raw_sha, meta, text_sha], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
