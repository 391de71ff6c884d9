"""Stage 1 — sentences: a document's text -> sentence spans.

A spaCy pipeline built without a trained model: the English tokenizer and the rule-based
``sentencizer``. Lines are split first (a headline or an infobox line has no final
full stop but is a unit of its own), then each line into sentences.

>>> [text[s:e] for s, e in (spans := split_sentences(text := "A title\\nIt rained. It stopped."))]
['A title', 'It rained.', 'It stopped.']
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language

Span = tuple[int, int]
_LINE = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The shared blank English pipeline (tokenizer + sentencizer); built once."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> list[Span]:
    """(start, end) of every sentence of ``text``, in order, stripped of white space."""
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text)]
    spans: list[Span] = []
    for (offset, _line), doc in zip(lines, pipeline().pipe(line for _, line in lines), strict=True):
        for sentence in doc.sents:
            start = offset + sentence.start_char
            end = offset + sentence.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
    return spans
