"""Publication dates stated in a document's own header ("November 26, 2023" under a byline).

Only the header counts: the lines before the body starts (the first line of 20 words or
more), at most ``HEADER_LINES`` of them. A line qualifies when it is a date, optionally
with a label ("Published", "Updated", "date", "Publié le") or a section word ("WORLD");
a date inside a sentence is an event date, not a publication date, and is ignored.
"""

from __future__ import annotations

import datetime as dt
import re

from kg.records import PublicationDate

HEADER_LINES = 15
BODY_WORDS = 20

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    re.compile(r"(?<![\w-])(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?![\w-])"),
    re.compile(rf"(?<![\w]){_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b",
               re.I),
    re.compile(rf"(?<![\w])(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+{_MONTH}\s+(?P<year>\d{{4}})\b",
               re.I),
]
_LABEL = re.compile(
    r"^(date|published|publication|posted|updated|last updated|publié|publie|mis à jour)"
    r"(\s+(on|le))?\s*:?\s+",
    re.I,
)
_TIME_SUFFIX = re.compile(r"^[\s,|-]*(at\s+)?\d{1,2}[:h.]\d{2}(\s*(am|pm|gmt|utc|[+-]\d{2}:?\d{2}))?",
                          re.I)
_SECTION_WORD = re.compile(r"^[\s|·-]*[A-Z]{2,15}[\s|·-]*$")


def find_date(text: str) -> tuple[dt.date, re.Match[str]] | None:
    """The first full date (day, month, year) written in ``text``, and its match."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match:
            date = _to_date(match)
            if date:
                return date, match
    return None


def _to_date(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()]
    try:
        return dt.date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None


def is_date_line(line: str) -> dt.date | None:
    """The date when ``line`` is nothing but a (labelled) date, else None.

    >>> is_date_line("November 26, 2023")
    datetime.date(2023, 11, 26)
    >>> is_date_line(" date 2023-11-26 WORLD")
    datetime.date(2023, 11, 26)
    >>> is_date_line("On November 24, 2023, militants attacked the camp.") is None
    True
    """
    stripped = _LABEL.sub("", line.strip())
    found = find_date(stripped)
    if not found:
        return None
    date, match = found
    before, after = stripped[: match.start()], stripped[match.end() :]
    after = _TIME_SUFFIX.sub("", after)
    if before.strip(" |·-") or (after.strip(" |·-") and not _SECTION_WORD.match(after)):
        return None
    return date


def infer_publication_date(lines: list[str]) -> PublicationDate | None:
    """The publication date stated in the header lines, or None when none is stated."""
    seen = 0
    for line in lines:
        if not line.strip():
            continue
        if len(line.split()) >= BODY_WORDS or seen >= HEADER_LINES:
            return None
        seen += 1
        date = is_date_line(line)
        if date:
            return PublicationDate(date, "day", "text")
    return None
