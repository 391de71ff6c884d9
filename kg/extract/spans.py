"""Questions about spans of a document, answered by bisection instead of scanning every span.

A document's mentions, dates and figures are looked up sentence by sentence, and overlaps
are resolved by keeping the preferred of overlapping spans. Asked of a list each time, both
cost the square of the document's length; the helpers here keep the spans sorted by start
and give the same answers in the same order. Spans are (start, end) with start <= end, as
evidence offsets are; a list that holds another kind is scanned as before.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
Span = tuple[int, int]


def non_overlapping(items: Iterable[T], span: Callable[[T], Span]) -> list[T]:
    """The ``items`` (most wanted first) that overlap none of those kept before them, in that
    order. Two spans overlap when each starts before the other ends."""
    items = list(items)
    spans = [span(item) for item in items]
    if any(start > end for start, end in spans):
        return _non_overlapping_by_scan(items, spans)
    kept: list[T] = []
    taken = _Taken()
    for item, (start, end) in zip(items, spans, strict=True):
        if not taken.overlaps(start, end):
            taken.add(start, end)
            kept.append(item)
    return kept


def _non_overlapping_by_scan(items: list[T], spans: list[Span]) -> list[T]:
    kept: list[tuple[T, Span]] = []
    for item, (start, end) in zip(items, spans, strict=True):
        if all(end <= kept_start or start >= kept_end for _, (kept_start, kept_end) in kept):
            kept.append((item, (start, end)))
    return [item for item, _ in kept]


class _Taken:
    """Spans that overlap one another nowhere: the non-empty ones sorted by start (so their
    ends are sorted too), the empty ones as positions."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.points: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """True when a span taken starts before ``end`` and ends after ``start``."""
        last = bisect_left(self.starts, end) - 1   # the last non-empty span starting before end
        if last >= 0 and self.ends[last] > start:
            return True
        after = bisect_right(self.points, start)   # an empty span strictly inside
        return after < len(self.points) and self.points[after] < end

    def add(self, start: int, end: int) -> None:
        if start == end:
            self.points.insert(bisect_left(self.points, start), start)
            return
        at = bisect_left(self.starts, start)
        self.starts.insert(at, start)
        self.ends.insert(at, end)


class Coverage:
    """Spans that may overlap one another, for "does any of them overlap this span?"."""

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._ends = [end for _, end in ordered]
        self._reach: list[int] = []   # the furthest end among the spans up to each one
        for _, end in ordered:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def overlaps(self, start: int, end: int) -> bool:
        """True when a span starts before ``end`` and ends after ``start``."""
        before = bisect_left(self._starts, end)
        return before > 0 and self._reach[before - 1] > start

    def encloses(self, start: int, end: int) -> bool:
        """True when a longer span holds ``start``..``end``: one that starts before it and
        ends no earlier, or starts with it and ends later."""
        first, after = bisect_left(self._starts, start), bisect_right(self._starts, start)
        return (first > 0 and self._reach[first - 1] >= end) or any(e > end for e in self._ends[first:after])


class Within(Generic[T]):
    """``items`` (mentions, dates, figures) by where their span starts, for the ones a
    sentence holds, in the order of ``items``."""

    def __init__(self, items: Sequence[T], span: Callable[[T], Span]) -> None:
        self._items = items
        spans = [span(item) for item in items]
        self._well_formed = all(start <= end for start, end in spans)
        self._order = sorted(range(len(items)), key=lambda i: spans[i][0])
        self._starts = [spans[i][0] for i in self._order]
        self._spans = spans

    def inside(self, start: int, end: int) -> list[T]:
        """The items whose span lies within ``start``..``end``."""
        if not self._well_formed:
            return [item for item, (s, e) in zip(self._items, self._spans, strict=True) if start <= s and e <= end]
        return self._pick(bisect_left(self._starts, start), bisect_right(self._starts, end),
                          lambda i: self._spans[i][1] <= end)

    def starting(self, start: int, end: int) -> list[T]:
        """The items whose span starts within ``start``..``end`` (``end`` excluded)."""
        if not self._well_formed:
            return [item for item, (s, _) in zip(self._items, self._spans, strict=True) if start <= s < end]
        return self._pick(bisect_left(self._starts, start), bisect_left(self._starts, end), lambda i: True)

    def _pick(self, low: int, high: int, keep: Callable[[int], bool]) -> list[T]:
        return [self._items[i] for i in sorted(i for i in self._order[low:high] if keep(i))]
