"""Date expressions in a document's cleaned text, resolved to ranges of days.

``find_dates`` finds explicit dates ("24 November 2023", "2023-11-24", "le 3 mars 2024"),
partial ones ("On 2 June", "in September", "in 2012"), weekdays ("late Friday afternoon")
and relative expressions ("yesterday", "two weeks ago", "the day before"), and resolves
each against what it can lean on:

* ``explicit``: the expression states its year;
* ``previous-date``: a date without a year takes the year that puts it closest to the last
  explicit day or month (with its year) written before it ("On 24 November 2023 ... On
  2 June" -> June 2023; "... 30 December 2023 ... On 2 January" -> January 2024), never
  after the publication when another year fits; a bare year ("since 2012") is background
  and does not count. "the day before"/"the next day" shift the previous resolved date ("the same day" keeps it);
* ``publication``: otherwise a yearless date is the most recent one on or before the
  publication date (the end of its month or year when that is all that is known), and
  weekdays and "yesterday", "last week", "N days ago" count back from it.

A month- or year-precision publication date widens the result to that precision. Nothing
here reads the clock: the same text and publication date always give the same mentions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from kg.extract.scanning import alternation, guarded
from kg.extract.spans import non_overlapping
from kg.load.published import MONTHS
from kg.records import DateMention, Evidence, PublicationDate

PRECISIONS = ("day", "week", "month", "year")  # finest first
DAY = dt.timedelta(days=1)

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4,
    "samedi": 5, "dimanche": 6,
}
_ENGLISH_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "sept",
}
_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
NUMBERS = ({w: i for i, w in enumerate(_UNITS, 1)} | {"a": 1, "an": 1, "thirty": 30}
           | {f"twenty-{w}": 20 + i for i, w in enumerate(_UNITS[:9], 1)})

Resolution = tuple[dt.date | None, dt.date | None, str, str]  # earliest, latest, precision, anchor
Period = tuple[dt.date, dt.date, str]  # first day, last day, precision


def _alt(words) -> str:
    """A regex alternation of ``words``, longest first (so "novembre" beats "nov"); a hyphen
    matches a hyphen or white space."""
    return alternation(words, lambda w: r"[\s-]".join(map(re.escape, w.split("-"))))


_M = rf"(?P<month>{_alt(MONTHS)})\.?(?!\w)"
_FULL_M = rf"(?P<month>{_alt(set(MONTHS) - _ABBREVIATIONS)})(?!\w)"
_D = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:er|st|nd|rd|th)?(?!\w)"
_Y = r"(?P<year>(?:19|20)\d{2})(?![\d\w])"
_WD_PREFIX = rf"(?:(?P<wd>{_alt(WEEKDAYS)})(?:\s*,\s*|\s+(?P<open>\()|\s+)(?:the\s+)?)?"
_CLOSE = r"(?(open)\))"
_COUNT_NOUNS = (r"(?:more\s+|other\s+|displaced\s+|armed\s+|civilian\s+)?(?:people|persons|men|women|children|"
                r"civilians|soldiers|troops|fighters|militants|refugees|families|households|residents|"
                r"victims|dead|deaths|casualties|vehicles|cattle|heads|km|kilometres|kilometers)\b")

# ISO and YEAR are compiled as they are: a guard (kg.extract.scanning) made them slower.
ISO = re.compile(r"(?<![\w-])(?P<year>(?:19|20)\d{2})-(?P<mnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?![\w-])")
MONTH_FIRST = guarded(rf"(?<!\w){_WD_PREFIX}{_M}\s+{_D}(?:,?\s+{_Y})?{_CLOSE}", re.I)
DAY_FIRST = guarded(rf"(?<!\w){_WD_PREFIX}{_D}\s+(?:of\s+)?{_M}(?:,?\s+{_Y})?{_CLOSE}", re.I)
MONTH_YEAR = guarded(rf"(?<!\w){_M}\s+(?:of\s+)?{_Y}", re.I)
MONTH_ALONE = guarded(
    r"(?<!\w)(?:in|since|from|until|till|by|during|through|early|late|mid|en|depuis|début|fin|mi)"
    rf"[\s-]+(?P<span>{_FULL_M})", re.I)
# not guarded either (see ISO)
YEAR = re.compile(
    r"(?:(?<!\w)(?:in|since|from|until|till|by|of|during|through|between|en|depuis)\s+"
    r"(?:(?:early|mid|late)[\s-]+)?|(?P<open>(?<=\()))"
    r"(?P<span>(?P<year>(?:19|20)\d{2})(?:\s*(?:-|–|—|to|and|until)\s*(?:(?:early|mid|late)[\s-]+)?"
    r"(?P<year2>(?:19|20)\d{2}))?)(?!\w)"
    rf"(?![,.]\d)(?!\s*(?:%|percent|per\s+cent))(?!\s+{_COUNT_NOUNS}){_CLOSE}", re.I)
#: "between 27 and 31 March", "from 3 to 5 May 2024", "27-31 March", "March 27-31": a range of days
#: in one month, both ends kept.
_D2 = r"(?P<day2>3[01]|[12]\d|0?[1-9])(?:er|st|nd|rd|th)?(?!\w)"
_TO = r"\s*(?:-|–|—|to|and|until|through|au|et)\s*"
_FROM = r"(?:(?:between|from|du|entre\s+le)\s+)?"
DAY_RANGE = guarded(rf"(?<!\w){_FROM}{_D}{_TO}{_D2}\s+(?:of\s+)?{_M}(?:,?\s+{_Y})?", re.I)
MONTH_RANGE = guarded(rf"(?<!\w){_FROM}{_M}\s+{_D}{_TO}{_D2}(?:,?\s+{_Y})?", re.I)
WEEKDAY = guarded(
    rf"(?<!\w)(?:(?P<mod>early|late|last|this\s+past|overnight)\s+)?(?P<wd>{_alt(WEEKDAYS)})"
    r"(?:\s+(?:morning|afternoon|evening|night|dernier))?(?!\w)", re.I)


def _days(k: int, d: dt.date) -> Period:
    """The day ``k`` days from ``d``."""
    return d + k * DAY, d + k * DAY, "day"


def _weeks(k: int, d: dt.date) -> Period:
    """The Monday-Sunday week ``k`` weeks from the week of ``d``."""
    monday = d - d.weekday() * DAY + dt.timedelta(weeks=k)
    return monday, monday + 6 * DAY, "week"


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a calendar month."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), following - DAY


def _months(k: int, d: dt.date) -> Period:
    """The calendar month ``k`` months from the month of ``d``."""
    year, index = divmod(d.year * 12 + d.month - 1 + k, 12)
    return *_month_range(year, index + 1), "month"


def _years(k: int, d: dt.date) -> Period:
    """The calendar year ``k`` years from the year of ``d``."""
    return dt.date(d.year + k, 1, 1), dt.date(d.year + k, 12, 31), "year"


def _so_far(period: Callable[[int, dt.date], Period], d: dt.date) -> Period:
    """From the start of ``d``'s week/month/year to the day before ``d`` ("earlier this month")."""
    first, _, precision = period(0, d)
    return first, max(first, d - DAY), precision


def _phrases() -> dict[str, tuple[str, Callable[[dt.date], Period]]]:
    """Fixed relative phrases -> (what they count from, how)."""
    table = [
        ("publication", partial(_days, -1), "yesterday|hier"),
        ("publication", partial(_days, -2), "the day before yesterday|avant-hier"),
        ("publication", partial(_days, 0), "today|aujourd'hui"),
        ("previous-date", partial(_days, -1), "the day before|the previous day|la veille"),
        ("previous-date", partial(_days, 1), "the next day|the following day|le lendemain"),
        ("previous-date", partial(_days, 0), "the same day|that same day|on that day|le même jour|le jour même"),
        ("publication", partial(_weeks, -1), "last week|la semaine dernière|la semaine passée"),
        ("publication", partial(_weeks, 0), "this week|cette semaine"),
        ("publication", partial(_so_far, _weeks), "earlier this week"),
        ("publication", partial(_months, -1), "last month|le mois dernier"),
        ("publication", partial(_months, 0), "this month|ce mois-ci"),
        ("publication", partial(_so_far, _months), "earlier this month"),
        ("publication", partial(_years, -1), "last year|l'année dernière|l'an dernier"),
        ("publication", partial(_years, 0), "this year|cette année"),
        ("publication", partial(_so_far, _years), "earlier this year"),
    ]
    return {phrase: (base, how) for base, how, phrases in table for phrase in phrases.split("|")}


PHRASES = _phrases()
_SHIFTS = {"day": _days, "week": _weeks, "month": _months, "year": _years}
RELATIVE = guarded(
    r"(?<!\w)(?<!the\s)(?:(?P<count>(?P<n>\d{1,3}|" + _alt(NUMBERS) + r")\s+(?P<unit>day|week|month|year)s?"
    r"\s+(?P<dir>ago|later|earlier))|(?P<phrase>"
    + alternation(PHRASES, lambda p: r"\s+".join(map(re.escape, p.split())).replace("'", "['’]")) + r"))(?!\w)", re.I)


@dataclass
class _Context:
    """What later expressions resolve against: the publication period, the range of the last
    explicit day or month, and the last resolved mention's period (updated mention by mention)."""

    published: Period | None
    explicit: tuple[dt.date, dt.date] | None = None
    previous: Period | None = None

    def note(self, resolution: Resolution) -> None:
        earliest, latest, precision, anchor = resolution
        if earliest is None or latest is None:
            return
        self.previous = (earliest, latest, precision)
        if anchor == "explicit" and precision in ("day", "month"):
            self.explicit = (earliest, latest)


def _unresolved(anchor: str) -> Resolution:
    """No range: the words are kept, ``anchor`` names what was missing to resolve them."""
    return None, None, "unresolved", anchor


def _coarser(a: str, b: str) -> str:
    """The coarser of two precisions."""
    return max(a, b, key=PRECISIONS.index)


def _apply(how: Callable[[dt.date], Period], period: Period) -> Period:
    """``how`` applied to a period: to its day, or to both ends at (at least) its precision."""
    start, end, precision = period
    first = how(start)
    if start == end:
        return first
    return first[0], how(end)[1], _coarser(first[2], precision)


def _infer_year(make: Callable[[int], tuple[dt.date, dt.date] | None], precision: str,
                ctx: _Context) -> Resolution:
    """Resolve a yearless day or month: ``make(year)`` gives its range in a year (None if invalid)."""
    if ctx.explicit:
        ref = ctx.explicit[0] + (ctx.explicit[1] - ctx.explicit[0]) // 2
        candidates = [r for y in (ref.year - 1, ref.year, ref.year + 1) if (r := make(y))]
        if ctx.published:
            candidates = [r for r in candidates if r[0] <= ctx.published[1]] or candidates
        if not candidates:
            return _unresolved("previous-date")
        best = min(candidates, key=lambda r: abs((r[0] - ref).days))
        return *best, precision, "previous-date"
    if ctx.published:
        ref = ctx.published[1]
        for year in range(ref.year, ref.year - 9, -1):
            found = make(year)
            if found and found[0] <= ref:
                return *found, precision, "publication"
    return _unresolved("publication")


def _day(year: int, month: int, day: int) -> tuple[dt.date, dt.date] | None:
    """The one-day range of a calendar date, or None when it does not exist (30 February)."""
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date, date


def _resolve_date(match: re.Match[str], ctx: _Context) -> Resolution:
    """A day and month, with or without a year, with or without a weekday.

    A weekday written with the date is part of the mention; when it disagrees with the
    date, the date (the more specific of the two) is kept.
    """
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()]
    day = int(groups["day"])
    if groups["year"]:
        found = _day(int(groups["year"]), month, day)
        return (*found, "day", "explicit") if found else _unresolved("explicit")
    return _infer_year(lambda year: _day(year, month, day), "day", ctx)


def _resolve_range(match: re.Match[str], ctx: _Context) -> Resolution:
    """A range of days of one month: both ends, at week precision when it spans a week or
    less (ACLED's time_precision 2), else at month precision."""
    groups = match.groupdict()
    month = MONTHS[groups["month"].lower()]
    first, last = sorted((int(groups["day"]), int(groups["day2"])))

    def make(year: int) -> tuple[dt.date, dt.date] | None:
        start, end = _day(year, month, first), _day(year, month, last)
        return (start[0], end[0]) if start and end else None

    if groups["year"]:
        found = make(int(groups["year"]))
        resolution = (*found, "day", "explicit") if found else _unresolved("explicit")
    else:
        resolution = _infer_year(make, "day", ctx)
    earliest, latest, _precision, anchor = resolution
    if earliest is None:
        return resolution
    return earliest, latest, "week" if (latest - earliest).days < 7 else "month", anchor


def _resolve_month(match: re.Match[str], ctx: _Context) -> Resolution:
    """A month with a year ("November 2023"), or alone ("in September")."""
    month = MONTHS[match["month"].lower()]
    if match.groupdict().get("year"):
        return *_month_range(int(match["year"]), month), "month", "explicit"
    return _infer_year(lambda year: _month_range(year, month), "month", ctx)


def _resolve_year(match: re.Match[str], ctx: _Context) -> Resolution:
    """A year ("in 2012") or a span of years ("from 2012 to 2015")."""
    first = int(match["year"])
    last = max(first, int(match["year2"] or first))
    return dt.date(first, 1, 1), dt.date(last, 12, 31), "year", "explicit"


def _resolve_weekday(match: re.Match[str], ctx: _Context) -> Resolution:
    """A weekday: the latest such day on or before a day-precision publication date
    (strictly before for "last Friday"); every such day of a month/year publication period."""
    if not ctx.published:
        return _unresolved("publication")
    weekday = WEEKDAYS[match["wd"].lower()]
    start, end, precision = ctx.published
    if precision == "day":
        back = (end.weekday() - weekday) % 7
        if back == 0 and (match["mod"] or "").lower() == "last":
            back = 7
        return end - back * DAY, end - back * DAY, "day", "publication"
    first = start + ((weekday - start.weekday()) % 7) * DAY
    last = end - ((end.weekday() - weekday) % 7) * DAY
    return first, last, precision, "publication"


def _resolve_relative(match: re.Match[str], ctx: _Context) -> Resolution:
    """"N days ago" (from publication), "N days later" (from the previous date), phrases."""
    if match["count"]:
        n = int(match["n"]) if match["n"].isdigit() else NUMBERS[re.sub(r"[\s-]+", "-", match["n"].lower())]
        direction = match["dir"].lower()
        how = partial(_SHIFTS[match["unit"].lower()], n if direction == "later" else -n)
        base = "publication" if direction == "ago" else "previous-date"
    else:
        base, how = PHRASES[" ".join(match["phrase"].lower().replace("’", "'").split())]
    period = ctx.published if base == "publication" else ctx.previous
    if period is None:
        return _unresolved(base)
    return *_apply(how, period), base


_FAMILIES = (
    (DAY_RANGE, _resolve_range), (MONTH_RANGE, _resolve_range),
    (ISO, _resolve_date), (MONTH_FIRST, _resolve_date), (DAY_FIRST, _resolve_date),
    (MONTH_YEAR, _resolve_month), (MONTH_ALONE, _resolve_month), (YEAR, _resolve_year),
    (WEEKDAY, _resolve_weekday), (RELATIVE, _resolve_relative),
)


def _plausible(match: re.Match[str]) -> bool:
    """False for an English month name in lower case ("may", "march" are words too)."""
    month = match.groupdict().get("month")
    return not month or month.lower() not in _ENGLISH_MONTHS | _ABBREVIATIONS or month[0].isupper()


def _candidates(text: str) -> Iterator[tuple[int, int, int, re.Match[str]]]:
    """Every plausible match of every family: (start, end, family index, match)."""
    for index, (pattern, _) in enumerate(_FAMILIES):
        for match in pattern.finditer(text):
            if _plausible(match):
                span = match.span("span") if "span" in pattern.groupindex else match.span()
                yield *span, index, match


def _select(text: str) -> list[tuple[int, int, int, re.Match[str]]]:
    """Non-overlapping candidates, longest first (ties: earliest, then family order), by start."""
    chosen = non_overlapping(sorted(_candidates(text), key=lambda c: (c[0] - c[1], c[0], c[2])), lambda c: c[:2])
    return sorted(chosen, key=lambda c: c[0])


def _period(published: PublicationDate | None) -> Period | None:
    """The days a publication date covers, with its precision."""
    if published is None:
        return None
    value = published.value
    if published.precision == "year":
        return dt.date(value.year, 1, 1), dt.date(value.year, 12, 31), "year"
    if published.precision == "month":
        return *_month_range(value.year, value.month), "month"
    return value, value, "day"


def find_dates(text: str, published: PublicationDate | None, document_key: str) -> list[DateMention]:
    """Every date expression in ``text``, resolved, sorted by start and non-overlapping.

    Offsets index ``text`` itself (``text[start:end] == exact``). An expression that cannot
    be resolved (a weekday with no publication date, "the day before" with no earlier date)
    is kept with ``earliest``/``latest`` None and precision ``"unresolved"``.
    """
    ctx = _Context(_period(published))
    mentions = []
    for start, end, family, match in _select(text):
        resolution = _FAMILIES[family][1](match, ctx)
        ctx.note(resolution)
        earliest, latest, precision, anchor = resolution
        evidence = Evidence(document_key, start, end, text[start:end])
        mentions.append(DateMention(evidence, earliest, latest, precision, anchor))
    return mentions
