"""The IRIs of the project: namespaces, named graphs and the minting of instance IRIs.

The contract is ``docs/ontology-terms.md``. Instance IRIs are derived from stable keys so
that building twice gives the same quads.

>>> from kg.namespaces import document_iri, graph_for_document
>>> document_iri("0123456789abcdef0123")
'https://w3id.org/sahel-kg/id/doc/0123456789abcdef'
>>> graph_for_document(document_iri("0123456789abcdef0123"))
'https://w3id.org/sahel-kg/graph/doc/0123456789abcdef'
"""

from __future__ import annotations

import re
import unicodedata

SKG = "https://w3id.org/sahel-kg/ontology#"
SKGV = "https://w3id.org/sahel-kg/vocab/"
SKGID = "https://w3id.org/sahel-kg/id/"
SKGG = "https://w3id.org/sahel-kg/graph/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
GEO = "http://www.opengis.net/ont/geosparql#"
SF = "http://www.opengis.net/ont/sf#"
WGS = "http://www.w3.org/2003/01/geo/wgs84_pos#"
OA = "http://www.w3.org/ns/oa#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"

#: Prefixes offered to every SPARQL query and used in exports.
PREFIXES: dict[str, str] = {
    "skg": SKG,
    "skgv": SKGV,
    "skgid": SKGID,
    "skgg": SKGG,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "geo": GEO,
    "sf": SF,
    "wgs": WGS,
    "oa": OA,
    "sem": SEM,
}

GRAPH_ONTOLOGY = SKGG + "ontology"
GRAPH_REFERENCE = SKGG + "reference"
GRAPH_DOC_PREFIX = SKGG + "doc/"
DOC_PREFIX = SKGID + "doc/"

#: How many hex digits of a content hash name a document (64 bits: collisions are
#: negligible for any realistic corpus, and IRIs stay readable).
DOC_KEY_LENGTH = 16


def document_iri(content_hash: str) -> str:
    """The IRI of a document whose identity hash (hex) is ``content_hash``."""
    return DOC_PREFIX + content_hash[:DOC_KEY_LENGTH]


def graph_for_document(doc_iri: str) -> str:
    """The named graph that holds everything extracted from the document ``doc_iri``."""
    if not doc_iri.startswith(DOC_PREFIX):
        raise ValueError(f"not a document IRI: {doc_iri}")
    return GRAPH_DOC_PREFIX + doc_iri[len(DOC_PREFIX) :]


def slug(text: str) -> str:
    """A lower-case ASCII slug: accents stripped, runs of other characters become ``-``.

    >>> slug("Jama'at Nusrat al-Islam wal-Muslimin")
    'jama-at-nusrat-al-islam-wal-muslimin'
    >>> slug("  Ménaka ")
    'menaka'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def name_key(text: str) -> str:
    """The lookup key of a name: accents stripped, case folded, spaces collapsed. Stored as
    ``skg:nameKey`` on every named node (the names graph) and applied to ``name``
    parameters, so that a query finds "Ménaka", "MENAKA" or "menaka" with an index lookup.

    >>> name_key("  Ménaka  Region ")
    'menaka region'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.casefold().split())


def new_actor_iri(name: str) -> str:
    """The IRI of an actor named in a document but absent from the reference data."""
    return SKGID + "actor/new/" + slug(name)
