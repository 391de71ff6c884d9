"""Long documents in pieces: where to cut a text so that no stage sees more than it can take.

spaCy refuses a text longer than its ``max_length`` (1,000,000 characters), and several
stages cost more than linear time in the length of what they read. A document longer than
:data:`PIECE_CHARS` is therefore extracted piece by piece (see
:meth:`kg.extract.pipeline.Extractor.extract`); a shorter one is extracted whole, exactly
as before. Pieces are cut, in order of preference, after a blank line (a paragraph), after
a line break, after the end of a sentence, at a space, and only failing all of those
(a million characters without a space) inside a word.

Offsets stay global: a piece is ``text[start:end]``, and :func:`shifted` moves what was
found in it by ``start``, so every evidence span still points into the whole text.

>>> cut("One.\\n\\nTwo. Three.\\n", limit=12)
[(0, 6), (6, 18)]
>>> cut("Two. Three. Four.", limit=12)
[(0, 12), (12, 17)]
>>> cut("short", limit=10)
[(0, 5)]
"""

from __future__ import annotations

import dataclasses
import re
from typing import TypeVar

from kg.records import ActorMention, Evidence

#: The longest text extracted whole: spaCy's own default limit, so that every document
#: spaCy accepted before is extracted exactly as before.
PIECE_CHARS = 1_000_000

_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+")
_SPACE = re.compile(r"\s+")

T = TypeVar("T")


def cut(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of ``text``, none longer than ``limit`` (default
    :data:`PIECE_CHARS`), that together cover it; one piece when ``text`` is not longer."""
    limit = PIECE_CHARS if limit is None else limit
    if limit < 1:
        raise ValueError(f"limit must be positive, got {limit}")
    spans = []
    start = 0
    while len(text) - start > limit:
        end = _cut_point(text, start, start + limit)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _cut_point(text: str, start: int, stop: int) -> int:
    """The best place to end a piece that starts at ``start`` and may not reach past ``stop``."""
    for mark in ("\n\n", "\n"):
        at = text.rfind(mark, start, stop)
        if at > start:
            return at + len(mark)
    for pattern in (_SENTENCE_END, _SPACE):
        last = None
        for last in pattern.finditer(text, start, stop):   # noqa: B007 - the last one is wanted
            pass
        if last is not None and last.end() > start:
            return last.end()
    return stop


def shifted(record: T, delta: int) -> T:
    """``record`` (an extraction record, a list of them, or anything holding them) with every
    evidence span moved ``delta`` characters on. The publisher's pseudo-mention is left as it
    is: it spans the document's first line, wherever the piece is."""
    if delta == 0:
        return record
    return _shift(record, delta)


def _shift(value, delta: int):  # noqa: ANN001, ANN202 - any record type
    if isinstance(value, Evidence):
        return dataclasses.replace(value, start=value.start + delta, end=value.end + delta)
    if isinstance(value, ActorMention) and value.how == "publisher":
        return value
    if isinstance(value, list):
        return [_shift(item, delta) for item in value]
    if isinstance(value, tuple):
        items = [_shift(item, delta) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)   # a NamedTuple keeps its type
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _shift(getattr(value, f.name), delta) for f in dataclasses.fields(value)
                   if _may_hold_evidence(getattr(value, f.name))}
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _may_hold_evidence(value: object) -> bool:
    return isinstance(value, list | tuple) or (dataclasses.is_dataclass(value) and not isinstance(value, type))
