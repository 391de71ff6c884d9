"""kg.extract.scanning: guarded patterns and grouped alternations match exactly as plain ``re``."""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import claims, dates, events, figures, matcher, mentions  # noqa: F401 - their patterns register
from kg.extract.scanning import SOURCES, alternation, guarded, match_start
from kg.extract.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted([*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/heldout*/articles/*.txt")])
#: Characters whose case or word-ness is unusual (long s, Kelvin sign, dotted I ...).
ODD = "ſKİıéâ’'“”-–—\n\t\u00a0"


def _matches(pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> list:
    end = len(text) if endpos is None else endpos
    return [(m.span(), m.groups(), m.lastgroup) for m in pattern.finditer(text, pos, end)]


def _all_patterns(linker) -> list[tuple[re.Pattern[str], re.Pattern[str]]]:  # noqa: ANN001
    """Every guarded pattern of the extraction modules (the reference's too), with its plain twin."""
    _ = linker.patterns   # compiled from the reference data on first use
    return [(compiled, re.compile(source, flags)) for compiled, (source, flags) in SOURCES.items()]


def _words() -> list[str]:
    """Words the patterns look for (the letters of their sources), for texts that match."""
    found = {w for source, _ in SOURCES.values() for w in re.findall(r"[^\W\d_]{2,}", source)}
    return sorted(found)


def test_the_extraction_patterns_are_guarded(linker):
    assert len(_all_patterns(linker)) > 80
    assert figures._QTY.pattern.startswith(r"\b(?=")


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_guarded_patterns_match_as_plain_ones_on_the_articles(linker, path):
    text = path.read_text(encoding="utf-8")
    sentences = [text[s:e] for s, e in split_sentences(text)]
    for compiled, plain in _all_patterns(linker):
        assert _matches(compiled, text) == _matches(plain, text), plain.pattern
        for sentence in sentences:
            assert _matches(compiled, sentence) == _matches(plain, sentence), plain.pattern
            assert compiled.sub("#", sentence) == plain.sub("#", sentence)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_guarded_patterns_match_as_plain_ones_on_any_text(linker, data):
    words = st.sampled_from(_words()).map(lambda w: data.draw(st.sampled_from([w, w.upper(), w.title()])))
    parts = data.draw(st.lists(st.one_of(words, st.text(alphabet=ODD + " ,.;:()\"0123456789", max_size=3),
                                         st.text(max_size=4)), max_size=25))
    text = data.draw(st.sampled_from([" ", "", "-", "\n"])).join(parts)
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    for compiled, plain in _all_patterns(linker):
        assert _matches(compiled, text) == _matches(plain, text), (plain.pattern, text)
        assert _matches(compiled, text, pos, endpos) == _matches(plain, text, pos, endpos), (plain.pattern, text)
        found, expected = compiled.match(text, pos, endpos), plain.match(text, pos, endpos)
        assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))


def test_match_start_reads_the_first_characters():
    assert match_start(r"\b(?:killed|dead)\b", re.I) == r"\b(?=[dk])(?=d(?:e(?:a))|k(?:i(?:l)))"
    assert match_start(r"(?<![\w-])(?:\d+|one)") == r"\b(?=[\do])(?=\d|o(?:n(?:e)))"
    assert match_start(r"(?<![\w-])(?:\d+|-one)").startswith(r"(?=[\-\d])")   # "-" starts no word
    assert match_start(r"[A-Z][a-z]+|(?i:x)y") == r"(?=[A-Z]|(?i:x))(?=(?i:x)(?:y)|[A-Z](?:[a-z]))"
    assert match_start(r"(?:the\s+)?army") == r"(?=[at])(?=a(?:r(?:m))|t(?:h(?:e)))"
    assert match_start(r"(?:ab|xy)[^c]d") == r"(?=[ax])(?=a(?:b)|x(?:y))"   # nothing known past [^c]
    assert match_start(r"\bthe\s+(?:army|junta)") is None   # re tests the first letter as fast on its own


@pytest.mark.parametrize("pattern", [r"\w*", r"a?|b", r".x|y", r"[^a]b|c", r"(a)?\1x", r"\Sx|y", r"(?i)(?:ab|c)"])
def test_what_cannot_be_guarded_is_compiled_as_it_is(pattern):
    assert guarded(pattern).pattern == pattern


WORDS = st.lists(st.text(alphabet="abAB-k K", min_size=1, max_size=5), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(words=WORDS, text=st.text(alphabet="abAB-k K.", max_size=30), flags=st.sampled_from([0, re.I]))
def test_a_grouped_alternation_matches_as_the_plain_one(words, text, flags):
    plain = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    grouped = alternation(words)
    for template in ("(?:{})", r"\b(?:{})\b", "(?:{})x?b"):
        expected = re.compile(template.format(plain), flags)
        compiled = re.compile(template.format(grouped), flags)
        assert _matches(compiled, text) == _matches(expected, text), (grouped, text)


def test_alternation_groups_words_by_first_letter():
    assert alternation(["dead", "killed", "dozens", "kills"]) == "k(?:illed|ills)|d(?:ozens|ead)"
    assert alternation(["Mali", "mali"]) == "(?:Mali|mali)"   # one letter, two cases: not factored
    assert alternation(["éte", "ete"]) == "éte|ete"           # not all ASCII: not grouped
