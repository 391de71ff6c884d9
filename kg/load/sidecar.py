"""Sidecar metadata: ``NAME.meta.toml`` beside ``NAME.txt`` (or ``.md``, ``.html``).

Fields (all optional)::

    title = "Militants claim to have seized military base, army denies"
    publisher = "TRT World"          # an organisation; linked to the reference actors
    published = 2023-11-26           # a TOML date, or "2023-11" / "2023" when less is known
    url = "https://www.trtworld.com/article/15982781"
    author = "Staff Reporter"
    agency = "AFP"                   # the agency the article relays, if any
    language = "en"                  # BCP 47
    kind = "news-article"            # news-article | encyclopedia-article | statement | document
    notes = "free text kept with the document"

An unknown field, a wrong type or a malformed value is a MetadataError naming the file
and the field.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from kg.errors import MetadataError
from kg.records import DOCUMENT_KINDS, DocumentMetadata, PublicationDate

SIDECAR_SUFFIX = ".meta.toml"
_FIELDS = ("title", "publisher", "published", "url", "author", "agency", "language", "kind",
           "notes")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
_URL = re.compile(r"^https?://[^\s<>\"]+$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


#: The names publishers and archives give to the four document kinds: a sidecar may use them.
KIND_SYNONYMS = {
    "article": "news-article", "news": "news-article", "wire": "news-article", "dispatch": "news-article",
    "newsletter": "news-article", "bulletin": "news-article", "roundup": "news-article", "feature": "news-article",
    "analysis": "news-article", "liveblog": "news-article", "live-blog": "news-article", "blog-post": "news-article",
    "brief": "news-article", "press-release": "statement", "communique": "statement", "communiqué": "statement",
    "press-statement": "statement", "declaration": "statement", "encyclopedia": "encyclopedia-article",
    "wiki": "encyclopedia-article", "report": "document", "situation-report": "document",
}


def sidecar_path(document_path: Path) -> Path:
    """Where the sidecar of ``document_path`` would be: same folder, same stem."""
    return document_path.with_name(document_path.stem + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    """True for a metadata file, which is never loaded as a document itself."""
    return path.name.endswith(SIDECAR_SUFFIX)


def read_sidecar(document_path: Path) -> DocumentMetadata | None:
    """The metadata beside ``document_path``, or None when there is no sidecar."""
    path = sidecar_path(document_path)
    if not path.exists():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise MetadataError(f"{path}: not valid TOML ({err})") from None
    return parse_metadata(data, path)


def parse_metadata(data: dict[str, Any], origin: Path) -> DocumentMetadata:
    """Check and convert a sidecar's table into DocumentMetadata (origin names the file)."""
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise MetadataError(
            f"{origin}: unknown field {unknown[0]!r}; allowed: {', '.join(_FIELDS)}"
        )
    values = {name: _string(data, name, origin) for name in _FIELDS if name != "published"}
    if values["url"] and not _URL.match(values["url"]):
        raise MetadataError(f"{origin}: field 'url' must be an http(s) URL, got {values['url']!r}")
    if values["language"] and not _LANGUAGE.match(values["language"]):
        raise MetadataError(
            f"{origin}: field 'language' must be a BCP 47 tag such as 'en' or 'fr', "
            f"got {values['language']!r}"
        )
    kind = values.pop("kind") or "news-article"
    kind = KIND_SYNONYMS.get(kind.strip().lower().replace("_", "-").replace(" ", "-"), kind)
    if kind not in DOCUMENT_KINDS:
        raise MetadataError(
            f"{origin}: field 'kind' must be one of {', '.join(DOCUMENT_KINDS)}, got {kind!r}"
        )
    published = _published(data.get("published"), origin)
    return DocumentMetadata(kind=kind, published=published, **values)


def _string(data: dict[str, Any], name: str, origin: Path) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MetadataError(f"{origin}: field {name!r} must be a string, got {value!r}")
    return value.strip() or None


def _published(value: Any, origin: Path) -> PublicationDate | None:
    """A TOML date, or a string YYYY-MM-DD / YYYY-MM / YYYY, as a PublicationDate."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return PublicationDate(value.date(), "day", "sidecar")
    if isinstance(value, dt.date):
        return PublicationDate(value, "day", "sidecar")
    match = _PARTIAL_DATE.match(value) if isinstance(value, str) else None
    if not match:
        raise MetadataError(
            f"{origin}: field 'published' must be a date (2023-11-26, 2023-11 or 2023), "
            f"got {value!r}"
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        date = dt.date(year, month or 1, day or 1)  # type: ignore[arg-type]
    except ValueError:
        raise MetadataError(f"{origin}: field 'published' is not a real date: {value!r}") from None
    precision = "day" if day else "month" if month else "year"
    return PublicationDate(date, precision, "sidecar")
