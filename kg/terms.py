"""Small constructors for pyoxigraph terms, so that modules name IRIs by their prefix.

>>> str(skg("Document"))
'<https://w3id.org/sahel-kg/ontology#Document>'
>>> str(literal("2023-11-26", "date"))
'"2023-11-26"^^<http://www.w3.org/2001/XMLSchema#date>'
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg import namespaces as ns


def iri(value: str) -> NamedNode:
    """A NamedNode for a full IRI."""
    return NamedNode(value)


def skg(local: str) -> NamedNode:
    """A term of the sahel-kg ontology."""
    return NamedNode(ns.SKG + local)


def term(prefix: str, local: str) -> NamedNode:
    """A term of a known namespace by its prefix (``term("dcterms", "title")``)."""
    return NamedNode(ns.PREFIXES[prefix] + local)


def literal(value: str, datatype: str | None = None, language: str | None = None) -> Literal:
    """A literal; ``datatype`` is an XSD local name such as ``"date"`` or ``"integer"``."""
    if language:
        return Literal(value, language=language)
    if datatype:
        return Literal(value, datatype=NamedNode(ns.XSD + datatype))
    return Literal(value)


RDF_TYPE = NamedNode(ns.RDF + "type")
