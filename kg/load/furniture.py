"""Page furniture removal: keep the article, drop what the web page put around it.

Rules work on lines and describe *kinds* of furniture, not the seeds' sentences:

- ``terminal``: a heading that opens a list of other stories or references
  ("Explore", "Most read", "References", "Related stories", "See also") ends the article;
- ``promo``: newsletter, subscription, app and social prompts;
- ``label``: navigation labels standing alone ("Advertising", "Share:", "Read more",
  "3 MIN READ", "RECOMMENDED", "edit", a section word such as "WORLD");
- ``teaser``: a label glued to another story's headline ("RelatedDaesh affiliate ...",
  "Read alsoThe army ..."); when the glued text is a full sentence of the article
  ("More ShortsJNIM described ...") only the label is removed;
- ``credit``: photo captions ending with a credit ("... AFP - NAME", "... / Others");
- ``byline``, ``dateline`` and ``agency``: kept as metadata, removed from the text;
- ``repeat``: the title repeated; ``noise``: lines without a letter or digit.

Inline, Wikipedia citation marks ("[1]", "[citation needed]") are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.load.published import MONTHS, is_date_line
from kg.records import RemovedLine

_TERMINAL = re.compile(
    r"^(explore|most read|most popular|most viewed|trending( now)?|more from [\w .'-]+|"
    r"more stories|you may also like|you might also like|related( stories| articles| news"
    r"| content| coverage)?|recommended( for you)?|read next|latest news|top stories)\s*:?$",
    re.I,
)
_END_SECTION = re.compile(
    r"^(references|notes and references|see also|external links|further reading|"
    r"bibliography|footnotes)\s*:?$",
    re.I,
)
#: A dateline ("Published: 3 March 2024 10:15 GMT | WORLD") is never longer than this.
DATELINE_MAX = 80
#: How many lines after a widget heading must look like headlines for it to end the text.
LIST_PROBE = 3
_LABEL = re.compile(
    r"^(advertising|advertisement|sponsored( content)?|share( this( article| story)?)?|"
    r"share on \w+|subscribe( now)?|read more|read also|also read|continue reading|"
    r"listen( to this article)?|print|email|comments?|\d+\s*min(ute)?s?\s*read|"
    r"impact shorts|more shorts|recommended|related|edit|\[edit\]|photo|video|watch|"
    r"follow us|skip to (main )?content|back to top|image source,.*|image caption,.*)\s*:?$",
    re.I,
)
_PROMO = re.compile(
    r"(newsletter|subscribe (now|to)|sign up|straight to your inbox|"
    r"download(ing)? (the|our) [\w' ]{0,30}\bapp\b|follow us on|turn on notifications|"
    r"get (all )?the latest [\w ]{0,40}(news|updates) (straight|delivered))",
    re.I,
)
_TEASER_PREFIX = re.compile(
    r"^(related|read also|also read|read more|see also|more shorts|recommended|"
    r"watch|listen|more on this story)(?:(?=[A-Z0-9\"“‘'])|\s*:\s*)",
    re.I,
)
_AGENCIES = r"(AFP|Reuters|AP|EPA|AA|Getty Images|Anadolu( Agency)?|Xinhua|DPA|Others?)"
_CREDIT = re.compile(
    rf"(\s/\s*{_AGENCIES}\s*$)|(\b{_AGENCIES}\s*[-–—/|]\s*[A-Z][A-Z .'’-]{{2,}}$)|"
    r"^(photo|image|credit|picture)\s*(credit)?\s*:",
    re.I,
)
_BYLINE = re.compile(r"^(by|par)\s*:?\s+(?P<name>[^\s.,;:!?][^.;:!?]{1,60})$", re.I)
_AGENCY_LINE = re.compile(
    r"^\(?\s*(source\s*:\s*(?P<source>[\w .&-]{2,40})|with inputs from (?P<inputs>[\w .&,-]{2,60}))\s*\)?\.?$",
    re.I,
)
_SECTION_WORD = re.compile(r"^[A-Z][A-Z&-]{2,15}$")
_MONTH_NAME = "(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
#: A wire dateline opening a paragraph: "OUAGADOUGOU, Oct 2 (Reuters) - ", "BAMAKO (AFP) — ".
_DATELINE_PREFIX = re.compile(
    r"^(?:[A-Z][A-Z .'’-]{2,30}(?:,\s+[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s+\d{4})?)?(?:\s+\([^)]{1,40}\))?"
    # "Bamako (AFP) - ": a city in title case is a dateline only with its agency
    r"|[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+)?,?\s+\((?:AFP|Reuters|AP|Xinhua|Anadolu|dpa|APS|ANP|AIB)\)"
    # "Ouagadougou, 17 February 2026 - ", "Niamey, March 4 - ": a title-case city with a full date
    r"|[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+)?,\s+(?:\d{1,2}\s+" + _MONTH_NAME + r"(?:\s+\d{4})?|"
    + _MONTH_NAME + r"\.?\s+\d{1,2}(?:,\s+\d{4})?)(?:\s+\([^)]{1,40}\))?)"
    r"\s+[-–—]{1,2}\s+(?=[A-Z])")
_CITATION = re.compile(r"\[(\d{1,3}|[a-z]|citation needed|note \d+)\]")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$|[\"”]$")


@dataclass
class CleanedText:
    """The article's lines after furniture removal, and what was learned on the way."""

    lines: list[str]
    removed: list[RemovedLine] = field(default_factory=list)
    byline: str | None = None
    agency: str | None = None


def looks_like_headline(text: str) -> bool:
    """A short line without final punctuation: another story's headline, not prose."""
    return len(text.split()) <= 20 and not _SENTENCE_END.search(text.strip())


def _is_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and all(w[:1].isupper() or w.lower() in
                                        {"de", "du", "la", "le", "van", "al", "el", "and"}
                                        for w in words)


def _classify(line: str, title: str | None) -> tuple[str | None, str]:
    """(rule, kept text) for one stripped, non-empty line; rule None means keep it."""
    if not re.search(r"\w", line):
        return "noise", ""
    if _END_SECTION.match(line):
        return "terminal", ""
    if _TERMINAL.match(line):
        return "widget", ""
    if _LABEL.match(line) or _SECTION_WORD.match(line):
        return "label", ""
    teaser = _TEASER_PREFIX.match(line)
    if teaser:
        rest = line[teaser.end() :].strip()
        return ("teaser", "") if looks_like_headline(rest) else (None, rest)
    if len(line) < 200 and _PROMO.search(line):
        return "promo", ""
    if len(line) < 300 and _CREDIT.search(line):
        return "credit", ""
    if len(line) < DATELINE_MAX and is_date_line(line):
        return "dateline", ""
    if title and line == title:
        return "repeat", ""
    return None, line


def remove_furniture(lines: list[str], title: str | None = None) -> CleanedText:
    """Drop page furniture from ``lines``.

    The title (``title``, or else the first line kept) is kept once; its repeats are
    dropped. Everything after a terminal heading is dropped.
    """
    result = CleanedText(lines=[])
    title_kept = False
    for index, raw in enumerate(lines):
        line = _CITATION.sub("", raw).strip()
        dateline = _DATELINE_PREFIX.match(line)
        if dateline:   # the filing place and day are not where and when events happened
            result.removed.append(RemovedLine(dateline.group().strip(), "dateline"))
            line = line[dateline.end() :]
        if not line:
            result.lines.append("")
            continue
        if _learn_metadata(line, result):
            continue
        rule, kept = _classify(line, title if title_kept else None)
        if rule == "widget":
            rule = "terminal" if _opens_headline_list(lines[index + 1 :]) else "label"
        if rule == "terminal":
            result.removed.append(RemovedLine(line, rule))
            result.removed.extend(
                RemovedLine(rest.strip(), "after-terminal") for rest in lines[index + 1 :]
                if rest.strip()
            )
            break
        if rule:
            result.removed.append(RemovedLine(line, rule))
            continue
        result.lines.append(kept)
        title = title or kept
        title_kept = title_kept or kept == title
    return result


def _opens_headline_list(following: list[str]) -> bool:
    """True when the next LIST_PROBE non-empty lines all look like headlines (a story list),
    False when prose follows: a widget label in mid-article ends nothing."""
    probe = [line.strip() for line in following if line.strip()][:LIST_PROBE]
    return bool(probe) and all(looks_like_headline(_TEASER_PREFIX.sub("", line))
                               for line in probe)


def _learn_metadata(line: str, result: CleanedText) -> bool:
    """Record a byline or agency line as metadata; True when the line was consumed."""
    byline = _BYLINE.match(line)
    if byline and _is_name(byline["name"]):
        result.byline = result.byline or byline["name"].strip()
        result.removed.append(RemovedLine(line, "byline"))
        return True
    agency = _AGENCY_LINE.match(line)
    if agency:
        result.agency = result.agency or (agency["source"] or agency["inputs"]).strip()
        result.removed.append(RemovedLine(line, "agency"))
        return True
    return False


def join_paragraphs(lines: list[str]) -> str:
    """Join kept lines with newlines, collapsing runs of blank lines into one."""
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"
