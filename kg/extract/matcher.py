"""Name matching over a document: reference names -> spans, with spaCy's PhraseMatcher.

Patterns are generated from the reference data (every label, alias, acronym and
spelling), in variants for apostrophes and accents, matched case-insensitively; an
acronym (or any all-capitals name) must match with its exact case, so that "SITE" is
the monitoring group and "site" is a word. Misspelt multi-word names are caught by a
fuzzy pass (rapidfuzz) over runs of capitalised words that matched nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kg.extract.scanning import guarded
from kg.extract.sentences import pipeline
from kg.extract.spans import Coverage, non_overlapping
from kg.link.aliases import normalise

#: Minimum rapidfuzz ratio (0-100) for a misspelt name to link to a reference name.
FUZZY_CUTOFF = 92
_CAPITALISED_RUN = guarded(
    r"\b[A-Z][\w'’-]+(?:\s+(?:(?:al|el|wal|ul|ad|ag|de|du|des|la|le|of|the|and|for)[\s-]+)?[A-Z][\w'’-]+){1,7}")


_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class NameHit:
    """A name found in the text: its span and the IRIs it may denote."""

    start: int
    end: int
    iris: frozenset[str]
    how: str = "alias"


#: A French elision: a one-letter word (or "qu") and its apostrophe before the next word ("l'armée").
_ELISION = re.compile(r"(?<![\w'’])((?:[cdjlmnst]|qu))['’](?=\w)", re.I)


def blank_elisions(text: str) -> str:
    """``text`` with the apostrophe of each French elision made a space ("l'armée malienne" ->
    "l armée malienne"): the same length, so offsets hold, and the tokenizer then sees the
    name after it. Names and text are matched through the same blanking."""
    return _ELISION.sub(r"\1 ", text)


def _variants(name: str) -> set[str]:
    stripped = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    names = {name, stripped}
    for form in list(names):
        names |= {form.replace("’", "'"), form.replace("'", "’"), form.replace("-", " ")}
    return {n for n in names if n.strip()}


def _exact_case(name: str, kind: str) -> bool:
    return kind == "acronym" or (name.isupper() and len(name) <= 8)


class NameMatcher:
    """Finds reference names in text. ``names`` maps entry IRI -> {surface name: kind}."""

    def __init__(self, names: dict[str, dict[str, str]], *, capitalised: bool = False,
                 fuzzy: bool = True) -> None:
        nlp = pipeline()
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact: dict[str, set[str]] = {}
        self._loose: dict[str, set[str]] = {}
        self._capitalised = capitalised
        self._by_norm: dict[str, set[str]] = {}
        for iri, surfaces in names.items():
            patterns = []
            for name, kind in surfaces.items():
                for variant in {blank_elisions(v) for v in _variants(name)}:
                    patterns.append(nlp.make_doc(variant))
                    bucket = self._exact if _exact_case(name, kind) else self._loose
                    bucket.setdefault(iri, set()).add(variant if bucket is self._exact
                                                      else variant.lower())
                if len(name.split()) >= 2:
                    self._by_norm.setdefault(normalise(name), set()).add(iri)
            self._matcher.add(iri, patterns)
        self._norm_keys = list(self._by_norm) if fuzzy else []
        self._keys_by_length: dict[int, list[str]] = {}

    def find(self, text: str) -> list[NameHit]:
        """Every longest, non-overlapping name in ``text`` (overlapping alternatives for the
        same span are merged into one hit with several IRIs)."""
        doc = _tokens(blank_elisions(text))
        spans: dict[tuple[int, int], set[str]] = {}
        for match_id, start, end in self._matcher(doc):
            span = doc[start:end]
            iri = doc.vocab.strings[match_id]
            if not self._accept(iri, span.text):
                continue
            spans.setdefault((span.start_char, span.end_char), set()).add(iri)
        hits = [NameHit(s, e, frozenset(iris)) for (s, e), iris in spans.items()]
        hits += self._fuzzy(text, hits)
        return _longest(hits)

    def _accept(self, iri: str, surface: str) -> bool:
        """An exact-case name must match its case; others any case (but, for place names,
        a capital first letter: "say" is a verb, "Say" a town in Niger)."""
        if surface in self._exact.get(iri, ()):
            return True
        if surface.lower() not in self._loose.get(iri, ()):
            return False
        return not self._capitalised or surface[:1].isupper()

    def _fuzzy(self, text: str, found: list[NameHit]) -> list[NameHit]:
        if not self._norm_keys:
            return []
        covered = Coverage((h.start, h.end) for h in found)
        hits = []
        for match in _CAPITALISED_RUN.finditer(text):
            if covered.overlaps(match.start(), match.end()):
                continue
            best = self._best_sub_run(text, match.start(), match.end())
            if best:
                hits.append(best)
        return hits

    def _best_sub_run(self, text: str, start: int, end: int) -> NameHit | None:
        """The sub-run of words (two or more) closest to a reference name, if close enough:
        a run often starts with a capitalised word that is not part of the name."""
        words = [m.span() for m in _WORD.finditer(text, start, end)]
        best: tuple[float, int, int, str] | None = None
        for i in range(len(words)):
            for j in range(i + 1, len(words)):
                s, e = words[i][0], words[j][1]
                query = normalise(text[s:e])
                keys = self._keys_near(len(query))
                found = keys and process.extractOne(query, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
                if found and (best is None or (found[1], e - s) > (best[0], best[2] - best[1])):
                    best = (found[1], s, e, found[0])
        if best is None:
            return None
        return NameHit(best[1], best[2], frozenset(self._by_norm[best[3]]), "fuzzy")

    def _keys_near(self, length: int) -> list[str]:
        """The reference names (in their order) whose length lets them reach FUZZY_CUTOFF
        against a name of ``length`` characters: fuzz.ratio is 100·(1 - d/(a+b)) with an
        edit distance d of at least |a-b|, so a name too much longer or shorter never does."""
        if length not in self._keys_by_length:
            self._keys_by_length[length] = [k for k in self._norm_keys if _may_reach(length, len(k))]
        return self._keys_by_length[length]


def _may_reach(a: int, b: int) -> bool:
    """True unless strings of lengths ``a`` and ``b`` are sure to score below FUZZY_CUTOFF."""
    return 100 * abs(a - b) <= (100 - FUZZY_CUTOFF) * (a + b)


@lru_cache(maxsize=1)
def _tokens(text: str) -> Doc:
    """The tokens of ``text``: kept for the next matcher, as the actor and the place matchers
    read the same document one after the other."""
    return pipeline().make_doc(text)


def _longest(hits: list[NameHit]) -> list[NameHit]:
    """Keep the longest hits; drop any hit overlapping a longer (or earlier equal) one."""
    kept = non_overlapping(sorted(hits, key=lambda h: (-(h.end - h.start), h.start)), lambda h: (h.start, h.end))
    return sorted(kept, key=lambda h: h.start)
