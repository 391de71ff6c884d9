"""Comparing query answers from different engines as multisets of normalised rows.

Normalisation keeps what an analyst reads and drops what engines legitimately differ on:
numbers compare by value (``50`` = ``50.0``), strings by their text (an aggregate of
``@en`` labels is ``@en`` in Oxigraph and plain in Virtuoso), an empty string equals an
unbound cell (GROUP_CONCAT over nothing), the parts of a `` | ``-joined GROUP_CONCAT are
sorted (SPARQL leaves their order to the engine), booleans are 1 and 0 (Virtuoso answers
a boolean expression with an integer), and blank nodes are all alike.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from pyoxigraph import BlankNode, Literal, NamedNode

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}
_TEXT = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def normal(term: object) -> tuple | None:
    """One cell, normalised (see the module doc)."""
    if term is None:
        return None
    if isinstance(term, BlankNode):
        return ("blank",)
    if isinstance(term, NamedNode):
        return ("iri", term.value)
    assert isinstance(term, Literal)
    if term.datatype.value == XSD + "boolean":
        return ("number", Decimal(1 if term.value in ("true", "1") else 0))
    if term.datatype.value in _NUMBERS:
        return ("number", Decimal(term.value).normalize())
    if term.datatype.value in _TEXT:
        return None if term.value == "" else ("text", " | ".join(sorted(term.value.split(" | "))))
    return ("typed", term.value, term.datatype.value)


def solutions(result) -> Counter:  # noqa: ANN001 - pyoxigraph QuerySolutions
    """The rows of a SELECT result as a multiset of normalised tuples (by variable order)."""
    names = [v.value for v in result.variables]
    return Counter(tuple(normal(row[name]) for name in names) for row in result)
