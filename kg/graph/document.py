"""The graph builder: records -> quads. The only module that writes triples.

``document_quads`` turns a loaded :class:`~kg.records.Document` into the quads of its own
named graph: the document node, its metadata and the cleaned text that every evidence
offset refers to. Publishers and agencies are linked to reference actors through the
``resolve`` callable (a label -> IRI lookup); a name that the reference data lacks
becomes a new organisation node (``skg:inReferenceData false``), declared here and
described in the entities graph.
"""

from __future__ import annotations

from collections.abc import Callable

from pyoxigraph import NamedNode, Quad

from kg import namespaces as ns
from kg.graph.entities import declaration
from kg.records import Document, PublicationDate
from kg.terms import RDF_TYPE, iri, literal, skg, term

#: label -> actor IRI (or None); built from the reference graph by kg.link.
Resolver = Callable[[str], str | None]

DOCUMENT_CLASSES = {
    "news-article": "NewsArticle",
    "encyclopedia-article": "EncyclopediaArticle",
    "statement": "Statement",
    "document": "Document",
}
_DATE_TYPES = {"day": "date", "month": "gYearMonth", "year": "gYear"}


def document_quads(document: Document, resolve: Resolver) -> tuple[NamedNode, list[Quad]]:
    """The named graph of ``document`` and every quad that goes in it."""
    doc = iri(ns.document_iri(document.identity))
    graph = iri(ns.graph_for_document(doc.value))
    meta = document.metadata
    triples: list[tuple[NamedNode, NamedNode, object]] = [
        (doc, RDF_TYPE, skg("Document")),
        (doc, RDF_TYPE, skg(DOCUMENT_CLASSES[meta.kind])),
        (doc, term("dcterms", "title"), literal(meta.title or document.source_key)),
        (doc, skg("fileName"), literal(document.source_key)),
        (doc, skg("text"), literal(document.text)),
        (doc, skg("contentHash"), literal(document.text_sha256)),
        (graph, term("prov", "wasDerivedFrom"), doc),
    ]
    optional = [
        (term("dcterms", "language"), meta.language and literal(meta.language)),
        (skg("languageSource"), meta.language and meta.language_source and literal(meta.language_source)),
        (term("dcterms", "creator"), meta.author and literal(meta.author)),
        (skg("sourceUrl"), meta.url and literal(meta.url, "anyURI")),
        (term("rdfs", "comment"), meta.notes and literal(meta.notes, language="en")),
    ]
    triples += [(doc, p, o) for p, o in optional if o]
    triples += _publication_triples(doc, meta.published)
    declared: set[str] = set()
    for prop, name in (("publisher", meta.publisher), ("relaysAgency", meta.agency)):
        if name:
            org, org_triples = _organisation(doc, name, resolve)
            triples.append((doc, skg(prop), org))
            if org.value not in declared:
                declared.add(org.value)
                triples += org_triples
    return graph, [Quad(s, p, o, graph) for s, p, o in triples]  # type: ignore[arg-type]


def _publication_triples(doc: NamedNode, published: PublicationDate | None) -> list:
    if not published:
        return []
    return [
        (doc, term("dcterms", "issued"),
         literal(published.iso(), _DATE_TYPES[published.precision])),
        (doc, skg("publicationDateSource"), literal(published.source)),
    ]


def _organisation(doc: NamedNode, name: str, resolve: Resolver) -> tuple[NamedNode, list]:
    """The reference actor called ``name``, or a new organisation node with this document's
    declaration of it (described once, in the entities graph; the metadata is the evidence)."""
    known = resolve(name)
    if known:
        return iri(known), []
    org = iri(ns.new_actor_iri(name))
    return org, declaration(doc, org, ["NewsOrganization", "Actor"], literal(name, language="en"))
