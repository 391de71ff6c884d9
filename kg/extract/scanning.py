"""Faster regular expressions for scanning text, with the same matches as ``re.compile``.

Python's ``re`` tries a pattern at every position of the text. A pattern that opens with
``\\b`` or a look-behind and a long alternation ("\\b(?:killed|dead|slain|...)") runs the
whole alternation at most positions, only to fail on the first letter. Two rewrites make
the failures cheap without changing any match:

* :func:`guarded` compiles a pattern behind zero-width tests that hold wherever a match
  can start: ``\\b`` when a match always starts a word, a look-ahead for the characters a
  match can start with (``(?=[dks])`` for the example), and one for its first three
  characters (``(?=de|ki|sl)``, as a tree), so that a position where no match can start
  is dismissed in a few steps. They are read from the parsed pattern; when they cannot be
  (the pattern can start with any character, or match the empty string) the pattern is
  compiled as it is.
* :func:`alternation` writes a list of words as an alternation grouped by first letter
  ("d(?:ead)|k(?:illed)|s(?:lain)"), longest first within a group, so that ``re`` tries
  one group per letter instead of every word. Words with different first letters can never
  match at the same position, so the grouping keeps the order in which ``re`` tries the
  words that can: the same matches as the plain alternation, longest first.

``tests/extract/test_scanning.py`` checks every guarded pattern of the extraction modules
against its plain compilation.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable

try:   # the parser of the standard library's ``re`` (private; without it nothing is guarded)
    from re import _constants as sre
    from re import _parser as sre_parser
except ImportError:   # pragma: no cover - another Python implementation
    sre = sre_parser = None

#: Character classes a guard may hold (the negated ones would let nearly everything through).
_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_WORD: r"\w"} if sre else {}
#: How many characters a range may span before the guard is not worth it.
_WIDEST_RANGE = 1000
#: Flags a guard can reproduce; any other flag inside the pattern leaves it unguarded.
_SCOPED_FLAGS_HANDLED = re.IGNORECASE
#: How many first characters the guards read, and how many prefixes they may list.
PREFIX_LENGTH = 3
_MOST_PREFIXES = 400
_WORD_CHARACTER = re.compile(r"\w")
#: pattern compiled by :func:`guarded` -> (the source and flags it was given), for the tests
#: (weak: a pattern compiled from the reference data goes with its Linker).
SOURCES: weakref.WeakKeyDictionary[re.Pattern[str], tuple[str, int]] = weakref.WeakKeyDictionary()

#: A class of characters: its items (("range", (low, high)) or ("category", r"\d")) and
#: whether it ignores case.
Step = tuple[frozenset[tuple], bool]
#: A prefix of a match: its first characters' classes, and whether more may be read after
#: them (False: the prefix is all that is known).
Path = tuple[tuple[Step, ...], bool]


class _TooManyPrefixes(Exception):
    """The prefixes of a pattern are too many to list."""


def guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` behind :func:`match_start`: the same matches, found
    faster by ``search``, ``finditer`` and ``sub``."""
    start = match_start(pattern, flags)
    if start is None:
        return re.compile(pattern, flags)
    try:
        compiled = re.compile(f"{start}(?:{pattern})", flags)
    except re.error:   # e.g. global inline flags, which must open the pattern
        return re.compile(pattern, flags)
    SOURCES[compiled] = (pattern, flags)
    return compiled


def match_start(pattern: str, flags: int = 0) -> str | None:
    """A zero-width regex that holds wherever a match of ``pattern`` can start (it may hold
    elsewhere too): ``\\b`` when a match always starts a word, then look-aheads for the
    first character and the first :data:`PREFIX_LENGTH` characters a match can start with.
    None when a match can start with any character or be empty."""
    if sre_parser is None or flags & (re.VERBOSE | re.LOCALE | re.ASCII) or not isinstance(pattern, str):
        return None
    try:
        tree = sre_parser.parse(pattern, flags)
    except re.error:
        return None
    if tree.state.flags & (re.LOCALE | re.ASCII) or _opens_with_a_class(tree.data):
        return None
    for length in range(PREFIX_LENGTH, 0, -1):
        try:
            prefixes = {steps for steps, _ in _paths(tree.data, tree.state.flags, length)}
        except _TooManyPrefixes:
            continue
        if not prefixes or not all(prefixes):
            return None
        if tree.state.flags & re.IGNORECASE:   # the guard ignores case as a whole
            prefixes = {tuple((items, False) for items, _ in steps) for steps in prefixes}
        return _guard(tree.data, prefixes)
    return None


def _opens_with_a_class(items: Iterable) -> bool:
    """True when the first character a pattern reads is tested by one class (after any
    zero-width items, inside any group): ``re`` rejects a position as fast as a guard would,
    or faster (it looks for a first literal or class on its own)."""
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        if op is sre.SUBPATTERN:
            return _opens_with_a_class(av[3])
        return op in (sre.LITERAL, sre.IN, sre.CATEGORY)
    return False


def _guard(items: list, prefixes: set[tuple[Step, ...]]) -> str:
    """The zero-width regex for a pattern (parsed ``items``) whose matches start with one of
    ``prefixes``."""
    first = _merged({steps[0] for steps in prefixes})
    guard = ("\\b" if _starts_word(items, {item for items, _ in first for item in items}) else "") + (
        f"(?={'|'.join(map(_render_step, first))})")
    if any(len(steps) > 1 for steps in prefixes):
        guard += f"(?={_tree(prefixes)})"
    return guard


# -- what a match can start with ---------------------------------------------------------


def _paths(items: Iterable, flags: int, length: int) -> set[Path]:
    """The prefixes (up to ``length`` characters) a match of the parsed ``items`` can start
    with (an empty one: any); _TooManyPrefixes when there are too many to list."""
    paths: set[Path] = {((), True)}
    for op, av in items:
        if all(not more or len(steps) >= length for steps, more in paths):
            break
        paths = _then(paths, _item_paths(op, av, flags, length), length)
    return paths


def _then(left: set[Path], right: set[Path], length: int) -> set[Path]:
    """The prefixes of ``left`` followed by those of ``right``."""
    joined: set[Path] = set()
    for steps, more in left:
        if not more or len(steps) >= length:
            joined.add((steps[:length], False))
            continue
        for next_steps, next_more in right:
            both = steps + next_steps
            joined.add((both[:length], next_more and len(both) < length))
    if len(joined) > _MOST_PREFIXES:
        raise _TooManyPrefixes
    return joined


def _item_paths(op, av, flags: int, length: int) -> set[Path]:  # noqa: ANN001 - sre opcodes
    """The prefixes of one parsed item (a zero-width one has the empty prefix, which more
    prefixes may follow; one that says nothing of its characters has the empty prefix,
    which nothing known follows)."""
    unknown: set[Path] = {((), False)}
    if op is sre.LITERAL or op is sre.IN or op is sre.CATEGORY:
        items = _class_items([(op, av)] if op is not sre.IN else av)
        return {(((items, bool(flags & re.IGNORECASE)),), True)} if items else unknown
    if op is sre.BRANCH:
        return set().union(*(_paths(branch, flags, length) for branch in av[1]))
    if op is sre.SUBPATTERN:
        _group, add, remove, sub = av
        if (add | remove) & ~_SCOPED_FLAGS_HANDLED:
            return unknown
        return _paths(sub, (flags | add) & ~remove, length)
    if op is sre.ATOMIC_GROUP:
        return _paths(av, flags, length)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _repeat_paths(*av, flags, length)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {((), True)}
    if op is sre.GROUPREF_EXISTS:
        _group, yes, no = av
        return _paths(yes, flags, length) | (_paths(no, flags, length) if no is not None else {((), True)})
    return unknown   # any character (.), a back-reference, ...


def _repeat_paths(low: int, high: int, sub: Iterable, flags: int, length: int) -> set[Path]:
    """The prefixes of ``sub`` repeated ``low`` to ``high`` times (more repeats than
    ``low + length`` add no prefix: each adds a character or nothing)."""
    each = _paths(sub, flags, length)
    found: set[Path] = set()
    repeated: set[Path] = {((), True)}
    for count in range(min(high, low + length) + 1):
        if count >= low:
            found |= repeated
        repeated = _then(repeated, each, length)
    return found


def _class_items(items: Iterable) -> frozenset[tuple]:
    """Class items for parsed class items: literals, ranges, \\d \\s \\w; empty for a class a
    guard cannot hold (negated, \\S \\W \\D, a very wide range)."""
    found: set[tuple] = set()
    for op, av in items:
        if op is sre.LITERAL:
            found.add(("range", (av, av)))
        elif op is sre.RANGE and av[1] - av[0] <= _WIDEST_RANGE:
            found.add(("range", av))
        elif op is sre.CATEGORY and av in _CATEGORIES:
            found.add(("category", _CATEGORIES[av]))
        else:
            return frozenset()
    return frozenset(found)


def _starts_word(items: list, first: set[tuple]) -> bool:
    """True when every match starts a word: the pattern opens with ``\\b``, or with a
    look-behind excluding a word character before a first character (of ``first``) that
    is one."""
    for op, av in items:
        if op is sre.AT and av is sre.AT_BOUNDARY:
            return True
        if op is sre.ASSERT_NOT and av[0] == -1 and _is_word_class(av[1]):
            return all(_word_only(item) for item in first)
        if op not in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            return False
    return False


def _is_word_class(sub) -> bool:  # noqa: ANN001 - a parsed sub-pattern
    """True for a one-character class that holds every word character ("[\\w'-]")."""
    return (len(sub) == 1 and sub[0][0] is sre.IN
            and any(op is sre.CATEGORY and av is sre.CATEGORY_WORD for op, av in sub[0][1])
            and all(op is not sre.NEGATE for op, _ in sub[0][1]))


def _word_only(item: tuple) -> bool:
    """True when every character of a class item is a word character (so are their other
    cases: a letter's)."""
    kind, value = item
    if kind == "category":
        return value in (r"\w", r"\d")
    low, high = value
    return all(_WORD_CHARACTER.match(chr(c)) for c in range(low, high + 1))


# -- writing the guards ------------------------------------------------------------------


def _tree(prefixes: Iterable[tuple[Step, ...]]) -> str:
    """An alternation of ``prefixes`` as a tree: "a(?:[bc])|d(?:e)"; classes that end a
    prefix are merged into one."""
    children: dict[Step, list[tuple[Step, ...]]] = {}
    for steps in prefixes:
        children.setdefault(steps[0], []).append(steps[1:])
    ends = _merged({step for step, rests in children.items() if not all(rests)})
    inner = [_render_step(step) + f"(?:{_tree(rests)})" for step, rests in children.items() if all(rests)]
    return "|".join(sorted(map(_render_step, ends)) + sorted(inner))


def _merged(steps: set[Step]) -> list[Step]:
    """``steps`` as at most two classes: one matched exactly, one ignoring case."""
    by_case: dict[bool, frozenset[tuple]] = {}
    for items, folded in steps:
        by_case[folded] = by_case.get(folded, frozenset()) | items
    return [(items, folded) for folded, items in sorted(by_case.items())]


def _render_step(step: Step) -> str:
    """A class as regex source."""
    items, folded = step
    rendered = sorted(map(_render_item, items))
    source = rendered[0] if len(rendered) == 1 and "-" not in rendered[0][1:] else "[" + "".join(rendered) + "]"
    return f"(?i:{source})" if folded else source


def _render_item(item: tuple) -> str:
    kind, value = item
    if kind == "category":
        return value
    low, high = value
    return re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"


# -- alternations of words ---------------------------------------------------------------


def alternation(words: Iterable[str], render: Callable[[str], str] = re.escape) -> str:
    """A regex alternation of ``words``, longest (as rendered) first, grouped by first letter
    (see the module doc). ``render`` writes a word as a regex that starts with the word's
    first character (default: ``re.escape``). Words that do not all start with an ASCII
    letter or digit are not grouped."""
    ordered = sorted(((w, render(w)) for w in words), key=lambda wr: len(wr[1]), reverse=True)
    if not all(w[:1].isascii() and w[:1].isalnum() and r[:1] == w[:1] for w, r in ordered):
        return "|".join(r for _, r in ordered)
    groups: dict[str, list[str]] = {}
    for _word, rendered in ordered:
        groups.setdefault(rendered[0].lower(), []).append(rendered)
    return "|".join(_group(group) for group in groups.values())


def _group(rendered: list[str]) -> str:
    """One letter's words: "d(?:ozens|ozen|ead)" when they share their first character as
    written, else the words side by side in a group."""
    if len(rendered) == 1:
        return rendered[0]
    first = rendered[0][0]
    if all(r[0] == first for r in rendered):
        return first + "(?:" + "|".join(r[1:] for r in rendered) + ")"
    return "(?:" + "|".join(rendered) + ")"
