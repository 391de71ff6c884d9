"""What the side panel and the document view show: a node's properties, the claims about it
(or by it), the evidence sentences, and a document's text with one span highlighted.

Everything returned is plain data (strings, numbers); the views escape it. Parameters are
bound RDF terms.

>>> from kg.store import KgStore
>>> node_details(KgStore.in_memory(), "https://w3id.org/sahel-kg/id/actor/nobody") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from kg.explore import nodes as styling
from kg.explore.selection import describe
from kg.namespaces import SKGID
from kg.store import KgStore

DOCUMENT_PREFIX = SKGID + "doc/"
_HIDDEN = {"text", "hasEvidence", "consolidatedFigure", "contentHash", "hiddenLabel", "wasDerivedFrom", "type"}
_MAX_EVIDENCE = 60
#: A side panel lists at most this many claims (an actor may have thousands).
_MAX_CLAIMS = 200

_PROPERTIES = """SELECT ?p ?o ?oLabel WHERE {
  ?node ?p ?o .
  OPTIONAL { ?o skos:prefLabel ?oLabel FILTER(LANG(?oLabel) IN ("en", "")) }
}"""
# Claims made by an actor (or through its outlet), about an incident (or a report fused into
# it), in a document, or the claim itself: one path from the bound node (a UNION would be
# evaluated over every claim of the store before the join); the first _MAX_CLAIMS found.
_CLAIM_IDS = """SELECT DISTINCT ?claim WHERE {
  ?node (^skg:claimant|^skg:issuedThrough|^skg:about|^skg:incident/^skg:about|^skg:reportedBy)? ?claim .
  ?claim a skg:Claim .
} LIMIT %d"""
#: The claims' details; ``?claim`` is bound to the IRIs found by _CLAIM_IDS.
_CLAIMS = """SELECT DISTINCT ?claim ?claimantLabel ?kind ?stance ?quote ?file ?category ?low ?high WHERE {
  ?claim skg:claimant ?claimant ; skg:claimKind ?kindNode ; skg:stance ?stanceNode ;
         skg:reportedBy/skg:fileName ?file .
  ?claimant skos:prefLabel ?claimantLabel FILTER(LANG(?claimantLabel) IN ("en", ""))
  BIND(STRAFTER(STR(?kindNode), "claim-kind/") AS ?kind)
  BIND(STRAFTER(STR(?stanceNode), "stance/") AS ?stance)
  OPTIONAL { ?claim skg:quote ?quote }
}
ORDER BY ?file ?claim"""
#: The claims' figures, apart: an OPTIONAL holding an OPTIONAL is evaluated over every figure
#: of the store before the join (3-4 s at 10M quads), a flat pattern per claim is not.
_FIGURES = """SELECT ?claim ?category ?low ?high ?text WHERE {
  ?claim skg:hasFigure ?figure .
  ?figure skg:figureCategory ?categoryNode ; skg:low ?low .
  OPTIONAL { ?figure skg:high ?high }
  OPTIONAL { ?figure skg:figureText ?text }
  BIND(STRAFTER(STR(?categoryNode), "figure-category/") AS ?category)
}"""
# The node's own evidence, and for actors and places the evidence of their mentions (``?node``
# bound to one or more IRIs by a VALUES block); the first ones found, at most a few per node.
_EVIDENCE = """SELECT DISTINCT ?node ?document ?file ?title ?quote ?start ?end WHERE {
  ?node skg:hasEvidence|^skg:refersTo/skg:hasEvidence ?evidence .
  ?evidence oa:hasSource ?document ; oa:hasSelector ?quoteSelector , ?positionSelector .
  ?quoteSelector oa:exact ?quote .
  ?positionSelector oa:start ?start ; oa:end ?end .
  ?document skg:fileName ?file .
  OPTIONAL { ?document dcterms:title ?title }
} LIMIT %d"""
_DOCUMENT = """SELECT ?text ?title ?file ?issued ?url ?publisherLabel ?creator WHERE {
  ?node a skg:Document ; skg:text ?text ; skg:fileName ?file .
  OPTIONAL { ?node dcterms:title ?title }
  OPTIONAL { ?node dcterms:issued ?issued }
  OPTIONAL { ?node skg:sourceUrl ?url }
  OPTIONAL { ?node dcterms:creator ?creator }
  OPTIONAL { ?node skg:publisher/skos:prefLabel ?publisherLabel FILTER(LANG(?publisherLabel) IN ("en", "")) }
} LIMIT 1"""


def document_link(document_iri: str, start: int | None = None, end: int | None = None) -> str:
    """The explorer's address of a document view, with the span to highlight."""
    doc_id = document_iri.removeprefix(DOCUMENT_PREFIX)
    return f"/documents/{doc_id}" + (f"?start={start}&end={end}#span" if start is not None else "")


def node_details(store: KgStore, iri: str) -> dict | None:
    """The side panel of node ``iri``: label, kind, properties, claims (each with its evidence)
    and evidence; None when the store has no drawable node with that IRI."""
    node = describe(store, iri)
    if node is None:
        return None
    bound = {"node": NamedNode(iri)}
    return {
        "id": iri, "label": node["label"], "title": node["title"], "kind": node["kind"],
        "properties": _properties(store, bound),
        "claims": _claims(store, bound),
        "evidence": evidence(store, iri),
    }


def _properties(store: KgStore, bound: dict) -> list[dict]:
    properties = []
    for row in store.query(_PROPERTIES, bound):
        name = styling.local_name(row["p"].value)
        if name in _HIDDEN:
            continue
        value = row["o"]
        if isinstance(value, Literal):
            if value.language not in (None, "", "en"):
                continue
            properties.append({"name": name, "value": value.value})
        elif isinstance(value, NamedNode):
            label = row["oLabel"].value if row["oLabel"] is not None else styling.local_name(value.value)
            properties.append({"name": name, "value": label, "iri": value.value})
    properties.sort(key=lambda p: (p["name"], p["value"]))
    return properties


def _claims(store: KgStore, bound: dict) -> list[dict]:
    found = [row["claim"] for row in store.query(_CLAIM_IDS % _MAX_CLAIMS, bound)]
    if not found:
        return []
    claims: dict[str, dict] = {}
    for row in store.query(_CLAIMS, {"claim": found}):
        iri = row["claim"].value
        claims.setdefault(iri, {
            "id": iri, "claimant": row["claimantLabel"].value, "kind": row["kind"].value,
            "stance": row["stance"].value, "file": row["file"].value,
            "quote": row["quote"].value if row["quote"] is not None else "", "figures": [],
        })
    for row in store.query(_FIGURES, {"claim": found}):
        claim = claims.get(row["claim"].value)
        if claim is not None:
            high = row["high"].value if row["high"] is not None else None
            text = row["text"].value if row["text"] is not None else ""
            figure = f"{row['category'].value}: {figure_text(row['low'].value, high, text)}"
            if figure not in claim["figures"]:
                claim["figures"].append(figure)
    spans = evidence_of(store, [NamedNode(iri) for iri in claims], per_node=10)
    for iri, claim in claims.items():
        claim["evidence"] = spans.get(iri, [])
    return list(claims.values())


def figure_text(low: str, high: str | None, text: str = "") -> str:
    """A figure as stated: the source's words when the graph has them, with the bounds they
    were read as; else its bounds ("50", "20–30", "at least 21" when there is no upper
    bound). Never the bare lower bound of an open figure.

    >>> figure_text("21", None, "Over 20"), figure_text("20", "30"), figure_text("50", "50")
    ('“Over 20” (at least 21)', '20–30', '50')
    """
    bounds = f"at least {low}" if high is None else low if high == low else f"{low}–{high}"
    return f"“{text}” ({bounds})" if text and text != bounds else bounds


def evidence(store: KgStore, iri: str) -> list[dict]:
    """The evidence spans of ``iri`` (at most 60), in document order: quote, document, file,
    title, offsets, link."""
    return evidence_of(store, [NamedNode(iri)], per_node=_MAX_EVIDENCE).get(iri, [])


def evidence_of(store: KgStore, nodes: list[NamedNode], per_node: int) -> dict[str, list[dict]]:
    """The evidence spans of each of ``nodes`` (at most ``per_node`` each), in one query."""
    spans: dict[str, list[dict]] = {}
    for row in store.query(_EVIDENCE % (per_node * len(nodes)), {"node": nodes}):
        start, end = int(row["start"].value), int(row["end"].value)
        document = row["document"].value
        spans.setdefault(row["node"].value, []).append({
            "quote": row["quote"].value, "document": document, "file": row["file"].value,
            "title": row["title"].value if row["title"] is not None else "",
            "start": start, "end": end, "link": document_link(document, start, end)})
    for found in spans.values():
        found.sort(key=lambda s: (s["file"], s["start"]))
        del found[per_node:]
    return spans


@dataclass(frozen=True)
class DocumentView:
    """A document's text cut around the highlighted span, and its metadata (plain text)."""

    iri: str
    title: str
    file: str
    issued: str
    url: str
    publisher: str
    creator: str
    before: str
    highlighted: str
    after: str


def document_view(store: KgStore, doc_id: str, start: int | None, end: int | None) -> DocumentView | None:
    """The document ``skgid:doc/<doc_id>`` with ``[start, end)`` highlighted; None when there
    is no such document. ValueError when the span is not inside the text."""
    rows = list(store.query(_DOCUMENT, {"node": NamedNode(DOCUMENT_PREFIX + doc_id)}))
    if not rows:
        return None
    row = rows[0]
    text = row["text"].value
    if start is None and end is None:
        start = end = 0
    elif start is None or end is None or not 0 <= start <= end <= len(text):
        raise ValueError(f"the span must satisfy 0 <= start <= end <= {len(text)} (the text's length)")

    def value(name: str) -> str:
        return row[name].value if row[name] is not None else ""

    return DocumentView(iri=DOCUMENT_PREFIX + doc_id, title=value("title"), file=value("file"),
                        issued=value("issued"), url=value("url"), publisher=value("publisherLabel"),
                        creator=value("creator"), before=text[:start], highlighted=text[start:end], after=text[end:])


def documents_texts(store: KgStore, iris: list[str]) -> dict[str, dict]:
    """For ``kg viz``: each document's title and full text, keyed by document IRI."""
    texts = {}
    for iri in iris:
        view = document_view(store, iri.removeprefix(DOCUMENT_PREFIX), None, None)
        if view is not None:
            texts[iri] = {"title": view.title, "file": view.file, "text": view.after}
    return texts
