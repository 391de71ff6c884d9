"""Readers: one source file -> its text as lines, plus what its markup says of itself.

Supported: ``.txt`` (as is), ``.md`` (markdown syntax stripped to text), ``.html`` /
``.htm`` (visible article text; navigation, scripts and styles dropped). Text must be
UTF-8, or UTF-8/UTF-16/UTF-32 with a byte-order mark; anything else is a
:class:`~kg.errors.DocumentError` naming the file and saying what it seems to be.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import DocumentError

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


@dataclass
class SourceText:
    """The readable lines of a file and the metadata its markup declares (HTML ``<meta>``)."""

    lines: list[str]
    declared: dict[str, str] = field(default_factory=dict)


#: Byte-order marks, longest first (a UTF-32 LE mark begins like a UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
#: How much of a file the guesses below look at.
_PROBE = 4096
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}


def decode(raw: bytes, path: Path) -> str:
    """The text of ``raw``: UTF-8, or UTF-8, UTF-16 or UTF-32 with a byte-order mark (the
    mark says which, so nothing is guessed). Anything else is a DocumentError naming the
    file and saying what it seems to be: UTF-16 without a mark, a binary file, or text in a
    legacy 8-bit encoding (Latin-1, Windows-1252 ...), which is not read, because the same
    bytes are different letters in each of those and a wrong guess would be stored as the
    document's text.

    >>> decode("Ménaka".encode("utf-16"), Path("a.txt"))
    'Ménaka'
    >>> decode("Ménaka".encode("latin-1"), Path("a.txt"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.DocumentError: a.txt: not UTF-8 text: byte 0xe9 at offset 1 ('é' in Latin-1/Windows-1252), ...
    """
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(codec)
            except UnicodeDecodeError as err:
                raise DocumentError(f"{path}: starts with a {name} byte-order mark but is not {name} (bad "
                                    f"bytes at offset {err.start + len(bom)}); re-save the file as UTF-8") from None
            break
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise DocumentError(f"{path}: {_not_utf8(raw, err.start)}") from None
    if "\x00" in text:
        raise DocumentError(f"{path}: {_nul_bytes(raw)}")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _not_utf8(raw: bytes, offset: int) -> str:
    """Why bytes that are not UTF-8 cannot be read, with a guess at what they are."""
    if b"\x00" in raw[:_PROBE]:
        return _nul_bytes(raw)
    probe = raw[:_PROBE]
    if sum(byte in _CONTROL for byte in probe) > len(probe) // 20:
        return f"not text (invalid UTF-8 at offset {offset} and many control bytes): a binary file?"
    byte = raw[offset]
    seen = bytes([byte]).decode("cp1252", "replace")
    return (f"not UTF-8 text: byte 0x{byte:02x} at offset {offset} ({seen!r} in Latin-1/Windows-1252), "
            "so the file is in a legacy 8-bit encoding; re-save it as UTF-8 "
            "(e.g. iconv -f WINDOWS-1252 -t UTF-8)")


def _nul_bytes(raw: bytes) -> str:
    """Why a file holding NUL bytes cannot be read: UTF-16 without its mark, or binary."""
    probe = raw[:_PROBE]
    even = probe[0::2].count(0)
    odd = probe[1::2].count(0)
    half = len(probe) // 2
    if half and max(even, odd) > half * 0.3 and min(even, odd) < half * 0.05:
        order = "little" if odd > even else "big"
        return (f"looks like UTF-16 ({order}-endian) without a byte-order mark; re-save the file "
                "as UTF-8 (or as UTF-16 with a byte-order mark)")
    return "contains NUL bytes: a binary file, not text"


def read_source(path: Path, raw: bytes) -> SourceText:
    """Turn ``raw`` (the bytes of ``path``) into lines according to the file's suffix."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"{path}: unsupported file type {suffix or '(none)'}; "
            f"supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    text = decode(raw, path)
    if suffix in (".html", ".htm"):
        return _read_html(text)
    if suffix in (".md", ".markdown"):
        return SourceText(_markdown_lines(text))
    return SourceText(text.split("\n"))


_MD_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_LINE_MARK = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+(?=\S))")


def _markdown_lines(text: str) -> list[str]:
    """Strip the markdown syntax that is not text: front matter, images, link targets,
    emphasis marks, heading and quote markers. Headings stay as lines of their own."""
    text = _MD_FRONT_MATTER.sub("", text)
    lines = []
    for line in text.split("\n"):
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        line = _MD_LINE_MARK.sub("", line)
        lines.append(line)
    return lines


_SKIPPED_TAGS = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
    "svg", "iframe", "template", "figure", "figcaption", "select", "head",
}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
    "ul", "ol", "br", "tr", "table", "blockquote", "pre", "dd", "dt", "title", "time",
}
_META_KEYS = {
    "og:title": "title",
    "og:site_name": "publisher",
    "article:published_time": "published",
    "datepublished": "published",
    "date": "published",
    "author": "author",
    "article:author": "author",
    "og:url": "url",
}


class _ArticleHTMLParser(HTMLParser):
    """Collects visible text line by line, skipping furniture elements wholesale."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.declared: dict[str, str] = {}
        self._skip_depth = 0
        self._in_title = False
        self._title = ""
        self._lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and attributes.get("lang"):
            self._lang = attributes["lang"]
        if tag == "meta":
            self._meta(attributes)
            return
        if tag == "title":
            self._in_title = True
        if tag in _SKIPPED_TAGS and tag != "head":
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIPPED_TAGS and tag != "head" and self._skip_depth:
            self._skip_depth -= 1
        elif tag in _BLOCK_TAGS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title += data
            return
        if self._skip_depth:
            return
        self.lines[-1] += re.sub(r"\s+", " ", data)

    def _meta(self, attributes: dict[str, str]) -> None:
        key = (attributes.get("property") or attributes.get("name") or "").lower()
        field_name = _META_KEYS.get(key)
        content = attributes.get("content", "").strip()
        if field_name and content and field_name not in self.declared:
            self.declared[field_name] = content

    def result(self) -> SourceText:
        declared = dict(self.declared)
        if self._title.strip() and "title" not in declared:
            declared["title"] = self._title.strip()
        if self._lang and "language" not in declared:
            declared["language"] = self._lang
        return SourceText([line.strip() for line in self.lines], declared)


def _read_html(text: str) -> SourceText:
    parser = _ArticleHTMLParser()
    parser.feed(text)
    parser.close()
    return parser.result()
