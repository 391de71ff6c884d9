"""Extraction records -> quads in the document's named graph, in the ontology's terms.

Every asserted node carries ``skg:hasEvidence`` pointing to an Evidence node (the
document, the exact quote, its start/end offsets). IRIs are derived from the document
key and offsets or record keys, so rebuilding gives the same quads. New actors and
places are minted from their names (``actor/new/<slug>``, ``place/new/<iso>/<slug>``):
the same name in two documents is the same node. A document graph never describes such a
shared node (each copy would be yielded again by the union of the graphs): it holds an
:func:`~kg.graph.entities.declaration` of it (what this document says it is, with the
evidence), and ``kg/entities.py`` describes the node once, in the entities graph. A new
place has no coordinates of its own: its geometry is the one of the place the text puts
it in, with the precision codes saying so.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad

from kg import namespaces as ns
from kg.graph.entities import declaration
from kg.records import (
    ACLED_TIME_PRECISION,
    ActorMention,
    ClaimRecord,
    DateMention,
    EventRecord,
    Evidence,
    Extraction,
    FigureMention,
    PlaceMention,
)
from kg.terms import RDF_TYPE, iri, literal, skg, term

Triple = tuple[NamedNode, NamedNode, object]
_UCDP_DATE = {"day": 1, "week": 3, "month": 4, "year": 5}
#: (ACLED geo_precision, UCDP where_prec) by the class of the event's place.
_GEO_PRECISION = {"MilitaryInstallation": (1, 1), "PopulatedPlace": (1, 1), "Admin2District": (2, 3),
                  "Admin1Region": (3, 4), "Country": (3, 6)}
_ANSWER_PROPERTY = {"denial": "denies", "repelled-attack": "contradicts"}


def place_precision(place: PlaceMention) -> tuple[int, int]:
    """(ACLED geo_precision, UCDP where_prec) of an event at ``place``: its class's, except
    where the point is borrowed. A village the gazetteer lacks, or a camp in such a village,
    is placed at its enclosing place's point (its region's, or its country's), so it is only
    as precise as that region (ACLED 3, UCDP 4): never "exact" at a town it is not in."""
    new_town = not place.in_reference and place.place_class == "PopulatedPlace"
    camp_in_new_town = place.place_class == "MilitaryInstallation" and "/place/new/" in (place.part_of or "")
    if new_town or camp_in_new_town:
        return 3, 4
    return _GEO_PRECISION[place.place_class]


def vocab(scheme: str, slug: str | int) -> NamedNode:
    """A concept of one of the project's SKOS schemes."""
    return iri(f"{ns.SKGV}{scheme}/{slug}")


class _Builder:
    """Accumulates the triples of one document's extraction."""

    def __init__(self, extraction: Extraction) -> None:
        self.x = extraction
        self.doc = iri(ns.document_iri(extraction.document.identity))
        self.doc_key = ns.document_iri(extraction.document.identity).rsplit("/", 1)[-1]
        self.triples: list[Triple] = []
        self._seen_nodes: set[str] = set()
        #: a new actor's name is tagged with its document's language
        self.language = extraction.document.metadata.language or "en"

    def node(self, kind: str, local: str) -> NamedNode:
        return iri(f"{ns.SKGID}{kind}/{self.doc_key}/{local}")

    def add(self, *triples: Triple) -> None:
        self.triples.extend(triples)

    def evidence(self, ev: Evidence) -> NamedNode:
        node = self.node("evidence", f"{ev.start}-{ev.end}")
        if node.value not in self._seen_nodes:
            self._seen_nodes.add(node.value)
            quote, position = iri(node.value + "#quote"), iri(node.value + "#position")
            self.add((node, RDF_TYPE, skg("Evidence")), (node, term("oa", "hasSource"), self.doc),
                     (node, term("oa", "hasSelector"), quote), (node, term("oa", "hasSelector"), position),
                     (quote, RDF_TYPE, term("oa", "TextQuoteSelector")),
                     (quote, term("oa", "exact"), literal(ev.exact)),
                     (position, RDF_TYPE, term("oa", "TextPositionSelector")),
                     (position, term("oa", "start"), literal(str(ev.start), "nonNegativeInteger")),
                     (position, term("oa", "end"), literal(str(ev.end), "nonNegativeInteger")))
        return node

    def actor(self, mention: ActorMention) -> NamedNode:
        """The actor's node; a new actor is declared (once per document) with its first
        evidence: the shared node itself is described in the entities graph."""
        node = iri(mention.iri)
        if not mention.in_reference and mention.iri not in self._seen_nodes:
            self._seen_nodes.add(mention.iri)
            classes = [mention.actor_class or "Actor", "Actor"]
            self.add(*declaration(self.doc, node, classes, literal(mention.label, language=self.language),
                                  self.evidence(mention.evidence)))
        return node

    def place(self, mention: PlaceMention) -> NamedNode:
        """The place's node; a new place or installation is declared (once per document),
        located in the place the text gives and sharing its geometry (no coordinates are
        invented): the shared node itself is described in the entities graph."""
        node = iri(mention.iri)
        if mention.in_reference or mention.iri in self._seen_nodes:
            return node
        self._seen_nodes.add(mention.iri)
        where: list[tuple[str, NamedNode]] = []
        if mention.country:
            where.append(("declaredCountry", iri(f"{ns.SKGID}place/iso/{mention.country}")))
        if mention.part_of:
            prop = "declaredLocatedIn" if mention.place_class == "MilitaryInstallation" else "declaredPartOf"
            where.append((prop, iri(mention.part_of)))
            if mention.has_point:
                where.append(("declaredGeometry", iri(self._geometry_of(mention.part_of))))
        self.add(*declaration(self.doc, node, [mention.place_class, "Place"], literal(mention.label),
                              self.evidence(mention.evidence), where))
        return node

    def _geometry_of(self, place: str) -> str:
        """The geometry node a place inherits: its own for a reference place; for a new
        place, the geometry of the place it is part of."""
        for mention in self.x.places:
            if mention.iri == place and not mention.in_reference and mention.part_of:
                return self._geometry_of(mention.part_of)
        return place + "/geometry"


def extraction_quads(extraction: Extraction, graph: NamedNode) -> list[Quad]:
    """Every quad of ``extraction``, in ``graph`` (the document's named graph)."""
    b = _Builder(extraction)
    for n, mention in enumerate(extraction.actors):
        _mention(b, f"a{n}", mention.evidence, b.actor(mention), mention.role)
    for n, place in enumerate(extraction.places):
        _mention(b, f"p{n}", place.evidence, b.place(place), None)
    for event in extraction.events:
        _event(b, event)
    for claim in extraction.claims:
        _claim(b, claim)
    return [Quad(s, p, o, graph) for s, p, o in b.triples]  # type: ignore[arg-type]


def _mention(b: _Builder, local: str, ev: Evidence, target: NamedNode, role: str | None) -> None:
    node = b.node("mention", f"{ev.start}-{ev.end}-{local[0]}")
    b.add((node, RDF_TYPE, skg("Mention")), (node, skg("refersTo"), target),
          (node, skg("inDocument"), b.doc), (node, skg("hasEvidence"), b.evidence(ev)))
    if role:
        b.add((node, skg("role"), literal(role)))


def _event(b: _Builder, event: EventRecord) -> None:
    node = b.node("event", event.key)
    report = b.node("report", event.key)
    sub = vocab("acled", event.sub_event_type)
    b.add((node, RDF_TYPE, skg("Event")), (node, skg("subEventType"), sub),
          (node, skg("eventType"), vocab("acled", _parent_type(event.sub_event_type))),
          (report, RDF_TYPE, skg("EventReport")), (report, skg("reportOf"), node),
          (report, skg("inDocument"), b.doc))
    for ev in event.evidence:
        b.add((node, skg("hasEvidence"), b.evidence(ev)), (report, skg("hasEvidence"), b.evidence(ev)))
    _event_date(b, node, event.date)
    if event.place is not None:
        acled, ucdp = place_precision(event.place)
        b.add((node, skg("place"), b.place(event.place)),
              (node, skg("placePrecision"), vocab("acled-geo-precision", acled)),
              (node, skg("placePrecision"), vocab("ucdp-where-prec", ucdp)))
    for role, mentions in (("attacker", event.attackers), ("target", event.targets)):
        for mention in mentions:
            b.add((node, skg(role), b.actor(mention)))
    for outcome in event.outcomes:
        b.add((node, skg("outcome"), vocab("outcome", outcome)))
    if event.campaign:
        campaign = b.node("campaign", event.campaign)
        b.add((campaign, RDF_TYPE, skg("Campaign")), (node, skg("partOfCampaign"), campaign),
              (campaign, skg("hasEvidence"), b.evidence(event.evidence[0])))


def _event_date(b: _Builder, node: NamedNode, date: DateMention | None) -> None:
    if date is None:
        return
    b.add((node, skg("dateText"), literal(date.text)), (node, skg("hasEvidence"), b.evidence(date.evidence)))
    if not date.resolved:
        return
    b.add((node, skg("date"), literal(date.earliest.isoformat(), "date")),
          (node, skg("earliestDate"), literal(date.earliest.isoformat(), "date")),
          (node, skg("latestDate"), literal(date.latest.isoformat(), "date")),
          (node, skg("datePrecision"), vocab("acled-time-precision", ACLED_TIME_PRECISION[date.precision])),
          (node, skg("datePrecision"), vocab("ucdp-date-prec", _UCDP_DATE[date.precision])))


_PARENT = {
    "armed-clash": "battles", "non-state-actor-overtakes-territory": "battles",
    "government-regains-territory": "battles", "suicide-bomb": "explosions-remote-violence",
    "shelling-artillery-missile-attack": "explosions-remote-violence",
    "air-drone-strike": "explosions-remote-violence", "remote-explosive-landmine-ied": "explosions-remote-violence",
    "attack": "violence-against-civilians", "abduction-forced-disappearance": "violence-against-civilians",
    "looting-property-destruction": "strategic-developments",
}


def _parent_type(sub_event_type: str) -> str:
    return _PARENT.get(sub_event_type, "battles")


def _claim(b: _Builder, claim: ClaimRecord) -> None:
    node = b.node("claim", claim.key)
    b.add((node, RDF_TYPE, skg("Claim")), (node, skg("claimant"), b.actor(claim.claimant)),
          (node, skg("reportedBy"), b.doc), (node, skg("claimKind"), vocab("claim-kind", claim.kind)),
          (node, skg("stance"), vocab("stance", claim.stance)),
          (node, skg("hasEvidence"), b.evidence(claim.evidence)))
    if claim.event_key:
        b.add((node, skg("about"), b.node("event", claim.event_key)))
    if claim.quote:
        b.add((node, skg("quote"), literal(claim.quote)))
    if claim.narrator:
        b.add((node, skg("byNarrator"), literal("true", "boolean")))
    if claim.answers:
        prop = _ANSWER_PROPERTY.get(claim.kind, "answers")
        b.add((node, skg(prop), b.node("claim", claim.answers)))
    if claim.verifies:
        b.add((node, skg("verifies"), b.node("claim", claim.verifies)))
    if claim.channel:
        b.add((node, skg("issuedThrough"), b.actor(claim.channel)))
    for n, figure in enumerate(claim.figures):
        _figure(b, node, f"{claim.key}-{n}", figure)


def _figure(b: _Builder, claim: NamedNode, local: str, figure: FigureMention) -> None:
    node = b.node("figure", local)
    b.add((claim, skg("hasFigure"), node), (node, RDF_TYPE, skg("Figure")),
          (node, skg("figureCategory"), vocab("figure-category", figure.category)),
          (node, skg("low"), literal(str(figure.low), "decimal")),
          (node, skg("figureText"), literal(figure.quantity)),
          (node, skg("hasEvidence"), b.evidence(figure.evidence)))
    if figure.high is not None:
        b.add((node, skg("high"), literal(str(figure.high), "decimal")))
