"""What the endpoint needs to know about a SPARQL text before Oxigraph runs it.

pyoxigraph's ``Store.update`` takes no dataset, so the protocol's ``using-graph-uri`` /
``using-named-graph-uri`` are applied the way SPARQL 1.1 Update defines them: as
``USING`` / ``USING NAMED`` clauses before the ``WHERE`` of every INSERT/DELETE
operation (:func:`apply_using`). And a query that names its own dataset (``FROM``) must
not be run over the union of all graphs (:func:`names_dataset`). Both need the keywords
of the text outside braces, strings, IRIs and comments, which :func:`top_level_words`
finds with a small tokenizer (the only text tokens that can hide a keyword or a brace).

>>> apply_using("INSERT { ?s a <x:B> } WHERE { ?s a <x:A> }", ["http://g"], [])
'INSERT { ?s a <x:B> } USING <http://g> WHERE { ?s a <x:A> }'
>>> names_dataset("SELECT * FROM <http://g> WHERE { ?s ?p 'FROM' }"), names_dataset("ASK {}")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kg.errors import QueryError

_TOKEN = re.compile(
    r'''(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|'\'\''(?:[^'\\]|\\.|'(?!''))*'\'\''
                  |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      |(?P<comment>\#[^\n]*)
      |(?P<brace>[{}])
      |(?P<pname>[A-Za-z_][\w.-]*:[\w.:%-]*|:[\w.:%-]*)
      |(?P<variable>[?$]\w+)
      |(?P<word>[A-Za-z_]\w*)
      |(?P<other>\S)''',
    re.X | re.S,
)


def top_level_words(text: str) -> Iterator[re.Match[str]]:
    """The bare words (keywords) of ``text`` outside any ``{...}`` group, in order."""
    depth = 0
    for token in _TOKEN.finditer(text):
        kind = token.lastgroup
        if kind == "brace":
            depth += 1 if token.group() == "{" else -1
        elif kind == "word" and depth == 0:
            yield token


def forbid_network(text: str) -> None:
    """QueryError if ``text`` would make the server fetch from the network: ``SERVICE``
    (federated query) or ``LOAD`` (Oxigraph would do either over HTTP).

    >>> forbid_network("SELECT ?service { ?s <x:service> ?service }")
    >>> forbid_network("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: SERVICE is disabled on this endpoint: the server does not fetch from the network
    """
    for token in _TOKEN.finditer(text):
        if token.lastgroup == "word" and token.group().upper() in ("SERVICE", "LOAD"):
            raise QueryError(f"{token.group().upper()} is disabled on this endpoint: "
                             "the server does not fetch from the network")


def names_dataset(query: str) -> bool:
    """True when the query has its own ``FROM`` / ``FROM NAMED`` clause."""
    return any(word.group().upper() == "FROM" for word in top_level_words(query))


def apply_using(update: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """``update`` with ``USING <g>`` / ``USING NAMED <g>`` before the WHERE of each of its
    INSERT/DELETE operations. QueryError when the update names its own dataset (USING or
    WITH: the protocol forbids both), or uses the ``DELETE WHERE`` short form, which has
    no place for USING."""
    if not default_graphs and not named_graphs:
        return update
    clauses = " ".join([*(f"USING <{_iri(g)}>" for g in default_graphs),
                        *(f"USING NAMED <{_iri(g)}>" for g in named_graphs)])
    pieces, last, previous, previous_end = [], 0, "", 0
    for word in top_level_words(update):
        keyword = word.group().upper()
        if keyword in ("USING", "WITH"):
            raise QueryError(f"the update has a {keyword} clause and the request gives "
                             "using-graph-uri/using-named-graph-uri; give the dataset one way only")
        if keyword == "WHERE":
            if previous == "DELETE" and "{" not in update[previous_end:word.start()]:
                raise QueryError("using-graph-uri/using-named-graph-uri cannot apply to "
                                 "'DELETE WHERE {...}'; write 'DELETE {...} WHERE {...}'")
            pieces += [update[last:word.start()], clauses, " "]
            last = word.start()
        previous, previous_end = keyword, word.end()
    return "".join(pieces) + update[last:]


def _iri(value: str) -> str:
    """``value`` if it can stand between ``<`` and ``>`` unchanged (else QueryError)."""
    if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*", value):
        raise QueryError(f"graph IRI {value!r} is not an absolute IRI")
    return value
