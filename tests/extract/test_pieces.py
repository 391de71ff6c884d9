"""Long documents in pieces (issue #13): where texts are cut, and records moved back into
the whole text."""

from __future__ import annotations

import dataclasses
import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import pieces
from kg.extract.pieces import cut, shifted
from kg.extract.pipeline import Extractor
from kg.load import load_document
from kg.records import ActorMention, Evidence
from tests.conftest import SEEDS


def test_the_module_examples_run():
    assert doctest.testmod(pieces).failed == 0


def test_a_text_under_the_limit_is_one_piece():
    assert cut("x" * 1000, limit=1000) == [(0, 1000)]
    assert pieces.PIECE_CHARS == 1_000_000   # spaCy's own limit: what it accepted is read whole


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab .\n!"), max_size=300), limit=st.integers(1, 40))
def test_pieces_cover_the_text_in_order_none_too_long(text, limit):
    spans = cut(text, limit)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(0 < end - start <= limit for start, end in spans) or text == ""


def test_cuts_prefer_paragraphs_then_lines_then_sentences_then_spaces():
    assert cut("aa\n\nbb\ncc dd", limit=10) == [(0, 4), (4, 12)]
    assert cut("aa bb\ncc dd ee", limit=10) == [(0, 6), (6, 14)]
    assert cut("One two. Three four five", limit=14) == [(0, 9), (9, 20), (20, 24)]
    assert cut("one two three", limit=10) == [(0, 8), (8, 13)]
    assert cut("x" * 25, limit=10) == [(0, 10), (10, 20), (20, 25)]


def test_shifted_moves_every_span_but_the_publishers():
    ev = Evidence("k", 2, 5, "abc")
    publisher = ActorMention(Evidence("k", 0, 9, "The title"), "iri:p", "P", "publisher")
    mention = ActorMention(ev, "iri:a", "A", "alias")
    moved = shifted([mention, publisher, (ev,)], 100)
    assert moved[0].evidence == Evidence("k", 102, 105, "abc")
    assert moved[1] is publisher
    assert moved[2] == (Evidence("k", 102, 105, "abc"),)


@pytest.fixture(scope="module")
def extractor(seed_store):
    from kg.link.reference import ReferenceIndex

    return Extractor(ReferenceIndex.from_store(seed_store))


def test_issue_13_a_long_document_is_read_in_pieces_that_point_into_the_whole_text(extractor, monkeypatch):
    """Three copies of a seed article, read with a piece size that holds one copy: each
    copy gives the first copy's records, moved to where it stands, numbered on."""
    document = load_document(SEEDS / "000_71546ba4e990e6b3.txt")
    copy = document.text + "\n\n"
    long = dataclasses.replace(document, text=copy * 3)
    monkeypatch.setattr(pieces, "PIECE_CHARS", len(copy))
    whole = extractor.extract(long)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 1_000_000)
    single = extractor.extract(dataclasses.replace(document, text=copy))
    assert single.events and single.claims, "the seed has events and claims to compare"

    for name in ("actors", "places", "dates", "figures"):
        found, one = getattr(whole, name), getattr(single, name)
        assert found == [shifted(r, k * len(copy)) for k in range(3) for r in one], name
    n_events, n_claims = len(single.events), len(single.claims)
    assert [e.key for e in whole.events] == [f"e{i + 1}" for i in range(3 * n_events)]
    assert [c.key for c in whole.claims] == [f"c{i + 1}" for i in range(3 * n_claims)]
    for k in range(3):
        for mine, theirs in zip(whole.events[k * n_events:(k + 1) * n_events], single.events, strict=True):
            assert mine.evidence == shifted(theirs.evidence, k * len(copy))
            assert mine.sub_event_type == theirs.sub_event_type
        for mine, theirs in zip(whole.claims[k * n_claims:(k + 1) * n_claims], single.claims, strict=True):
            assert mine.evidence == shifted(theirs.evidence, k * len(copy))
            if theirs.event_key:
                assert mine.event_key == f"e{int(theirs.event_key[1:]) + k * n_events}"

    keys = {e.key for e in whole.events}
    assert all(c.event_key in keys for c in whole.claims if c.event_key)
    for record in [*whole.actors, *whole.places, *whole.dates, *whole.figures, *whole.claims]:
        ev = record.evidence
        assert long.text[ev.start:ev.end] == ev.exact
    for event in whole.events:
        assert all(long.text[ev.start:ev.end] == ev.exact for ev in event.evidence)


def test_issue_13_one_line_longer_than_a_piece_is_cut_between_sentences(extractor, monkeypatch):
    document = load_document(SEEDS / "001_7cf434835259646a.txt")
    line = " ".join(document.text.split("\n"))
    monkeypatch.setattr(pieces, "PIECE_CHARS", 2000)
    found = extractor.extract(dataclasses.replace(document, text=line))
    assert len(cut(line)) > 1 and found.actors and found.events
    for record in [*found.actors, *found.places, *found.dates, *found.figures, *found.claims]:
        assert line[record.evidence.start:record.evidence.end] == record.evidence.exact
