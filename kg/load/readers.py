"""Readers: one source file -> its text as lines, plus what its markup says of itself.

Supported: ``.txt`` (as is), ``.md`` (markdown syntax stripped to text), ``.html`` /
``.htm`` (visible article text; navigation, scripts and styles dropped). Text must be
UTF-8; anything else is a :class:`~kg.errors.DocumentError` naming the file.
"""

from __future__ import annotations

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


def decode(raw: bytes, path: Path) -> str:
    """Decode UTF-8 (a BOM is dropped); raise a DocumentError naming the file otherwise."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DocumentError(
            f"{path}: not UTF-8 text (invalid byte at offset {err.start}); "
            "re-save the file as UTF-8"
        ) from None
    if "\x00" in text:
        raise DocumentError(f"{path}: contains NUL bytes; is it a binary file?")
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
