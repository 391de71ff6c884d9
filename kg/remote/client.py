"""Querying a remote SPARQL endpoint with the same text the embedded store runs.

:func:`remote_query` sends the project's PREFIX declarations, then the query with its
parameters bound by :func:`kg.queries.bind_values` (a VALUES block: the user's text is
only ever one RDF term), as an HTML form POST (SPARQL 1.1 Protocol), and reads the
answer with Oxigraph's results parser, so that results render exactly like local ones.

The embedded store queries the union of the named graphs; a remote store must do the
same for the answers to agree: ``oxigraph serve --union-default-graph``; Virtuoso's
``/sparql`` reads every graph when a query names none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode

from pyoxigraph import Literal, NamedNode, QueryResultsFormat, parse_query_results

from kg.errors import RemoteError
from kg.namespaces import PREFIXES
from kg.queries import bind_values
from kg.remote.transport import TIMEOUT, Auth, request

_ACCEPT = "application/sparql-results+json"


_ESC = r"\\[/~.!$&'()*+,;=?#@%_-]"
_ESCAPED_NAME = re.compile(r"(?<![\w<])(?P<prefix>" + "|".join(PREFIXES) + r"):"
                           rf"(?P<local>(?:[\w.-]|{_ESC})*{_ESC}(?:[\w.-]|{_ESC})*)")


_UNESCAPE = re.compile(r"\\(.)")


def expand_escaped_names(sparql: str) -> str:
    r"""Prefixed names with backslash escapes (``skgv:acled\\/battles``, SPARQL 1.1's
    PN_LOCAL_ESC) written as full IRIs, which every store reads (Virtuoso 7 does not read
    the escapes).

    >>> expand_escaped_names("?x skg:derivationMethod skgv:derivation-method\\/acled-lowest-reported .")
    '?x skg:derivationMethod <https://w3id.org/sahel-kg/vocab/derivation-method/acled-lowest-reported> .'
    """
    return _ESCAPED_NAME.sub(lambda m: "<" + PREFIXES[m["prefix"]] + _UNESCAPE.sub(r"\1", m["local"]) + ">",
                             sparql)


def query_text(sparql: str, bindings: Mapping[str, Literal | NamedNode] | None = None) -> str:
    """The full text sent: PREFIX lines, then the query with its bindings (escaped prefixed
    names expanded, see :func:`expand_escaped_names`)."""
    prologue = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
    return prologue + expand_escaped_names(bind_values(sparql, dict(bindings or {})))


def remote_query(endpoint: str, sparql: str, bindings: Mapping[str, Literal | NamedNode] | None = None,
                 auth: Auth | None = None, timeout: float = TIMEOUT):  # noqa: ANN201 - pyoxigraph's QuerySolutions or QueryBoolean
    """Run a SELECT or ASK query at ``endpoint``; Oxigraph's result object (as
    :meth:`KgStore.query` returns). RemoteError subclasses as in :mod:`kg.remote.transport`."""
    body = urlencode({"query": query_text(sparql, bindings)}).encode("utf-8")
    answer = request("POST", endpoint, body, {"Content-Type": "application/x-www-form-urlencoded",
                                              "Accept": _ACCEPT}, auth, timeout=timeout)
    try:
        return parse_query_results(answer, format=QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as err:
        raise RemoteError(f"{endpoint}: the answer is not SPARQL JSON results ({err})") from None
