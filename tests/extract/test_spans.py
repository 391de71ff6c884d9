"""kg.extract.spans answers as the scans it replaces (hypothesis, with empty and equal spans)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.spans import Coverage, Within, non_overlapping

SPAN = st.tuples(st.integers(0, 30), st.integers(0, 8)).map(lambda se: (se[0], se[0] + se[1]))
SPANS = st.lists(SPAN, max_size=25)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return not (a[1] <= b[0] or a[0] >= b[1])


@settings(max_examples=400, deadline=None)
@given(SPANS)
def test_non_overlapping_keeps_what_a_scan_keeps(spans):
    expected: list[tuple[int, int]] = []
    for span in spans:
        if not any(_overlap(span, k) for k in expected):
            expected.append(span)
    assert non_overlapping(spans, lambda s: s) == expected


def test_non_overlapping_keeps_items_not_spans():
    items = [("a", (0, 5)), ("b", (3, 8)), ("c", (5, 9)), ("d", (2, 2))]
    assert [n for n, _ in non_overlapping(items, lambda item: item[1])] == ["a", "c"]


@settings(max_examples=400, deadline=None)
@given(SPANS, SPAN)
def test_coverage_answers_as_a_scan(spans, query):
    coverage = Coverage(spans)
    start, end = query
    assert coverage.overlaps(start, end) == any(s < end and start < e for s, e in spans)
    assert coverage.encloses(start, end) == any(s <= start and end <= e and e - s > end - start for s, e in spans)


@settings(max_examples=400, deadline=None)
@given(SPANS, SPAN)
def test_within_answers_as_a_scan_in_list_order(spans, query):
    items = list(enumerate(spans))   # equal spans stay distinct items
    within = Within(items, lambda item: item[1])
    start, end = query
    assert within.inside(start, end) == [i for i in items if start <= i[1][0] and i[1][1] <= end]
    assert within.starting(start, end) == [i for i in items if start <= i[1][0] < end]


def test_reversed_spans_are_scanned():
    items = [(5, 2), (1, 3)]
    assert Within(items, lambda s: s).inside(0, 4) == [(5, 2), (1, 3)]
    assert non_overlapping(items, lambda s: s) == [(5, 2), (1, 3)]
