"""Fusion groups -> quads of the ``fusion`` graph (``kg/fuse.py`` finds the groups).

- :func:`fusion_quads` -- one fused event per group of document events reporting one
  incident: the highest-ranked type (ACLED's rule for combined tactics), the overlap of the
  dates of the dated reports, the most precise place, every actor, the evidence, and
  ``skg:reportOf`` from every report; ``skg:matchedOn`` states why the reports matched.
- :func:`incident_quads` -- one ``skg:Incident`` per incident (a fused event, or a document
  event that no other document reports) and ``skg:incident`` from every document event.
- :func:`derived_figure_quads` -- per incident and figure category, one ``skg:DerivedFigure``
  per method of :data:`METHODS`, linked to the reported figures it is computed from.

IRIs are derived from the members' IRIs, so recomputing the same groups gives the same quads.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode, Quad

from kg import namespaces as ns
from kg.terms import RDF_TYPE, iri, literal, skg, term

if TYPE_CHECKING:   # kg.fuse imports this module: the records are only annotations here
    from kg.fuse import DocumentEvent

    #: Groups of document events reporting one incident, with the reasons they matched.
    Groups = list[tuple[list[DocumentEvent], set[str]]]

GRAPH_FUSION = ns.SKGG + "fusion"
#: Lower ranks win when reports disagree (ACLED's order, as in kg.extract.events.TACTICS).
_RANK = ["non-state-actor-overtakes-territory", "government-regains-territory", "armed-clash",
         "suicide-bomb", "shelling-artillery-missile-attack", "air-drone-strike",
         "remote-explosive-landmine-ied", "attack", "abduction-forced-disappearance",
         "looting-property-destruction"]
_PRECISION = {"MilitaryInstallation": 0, "PopulatedPlace": 1, "Admin2District": 2, "Admin1Region": 3,
              "Country": 4, "Place": 5}
#: (method slug, how the derived bounds are computed): ACLED records the lowest reported
#: figure, a vague word counting as ACLED's conservative number ("dozens" = 12, not the
#: two dozen that bound it below); UCDP keeps a low and a high estimate (its "best" needs a judgement we leave to
#: analysts: the inputs are linked).
METHODS = ("acled-lowest-reported", "ucdp-low-best-high")
#: (incident IRI, figure category) -> reported figure IRI -> (low, high, ACLED value, evidence IRIs),
#: as :func:`kg.fuse.figure_inputs` reads them.
FigureInputs = dict[tuple[str, str], dict[str, tuple[float, float | None, float, set[str]]]]


def fusion_quads(groups: Groups) -> list[Quad]:
    """The fused events of ``groups`` as quads of the fusion graph."""
    graph = NamedNode(GRAPH_FUSION)
    triples: list = []
    for members, reasons in groups:
        fused = iri(_fused_iri(members))
        sub = min((m.sub_type for m in members), key=lambda t: _RANK.index(t) if t in _RANK else 99)
        best = min(members, key=lambda m: _PRECISION.get(m.place_class or "Place", 9))
        parent = next(m.event_type for m in members if m.sub_type == sub)
        triples += [(fused, RDF_TYPE, skg("Event")),
                    (fused, skg("subEventType"), iri(f"{ns.SKGV}acled/{sub}")),
                    (fused, skg("eventType"), iri(f"{ns.SKGV}acled/{parent}")),
                    (fused, skg("place"), iri(best.place)),
                    (fused, skg("matchedOn"), literal("; ".join(sorted(reasons))))]
        dated = [m for m in members if not m.undated]   # a publication window is never a date
        if dated:
            earliest, latest = max(m.earliest for m in dated), min(m.latest for m in dated)
            triples += [(fused, skg("date"), literal(earliest, "date")),
                        (fused, skg("earliestDate"), literal(earliest, "date")),
                        (fused, skg("latestDate"), literal(latest, "date"))]
        for member in members:
            triples.append((fused, term("prov", "wasDerivedFrom"), iri(member.iri)))
            triples += [(iri(r), skg("reportOf"), fused) for r in sorted(member.reports)]
            triples += [(fused, skg("attacker"), iri(a)) for a in sorted(member.attackers)]
            triples += [(fused, skg("target"), iri(t)) for t in sorted(member.targets)]
            triples += [(fused, skg("hasEvidence"), iri(e)) for e in sorted(member.evidence)]
    return sorted({Quad(s, p, o, graph) for s, p, o in triples}, key=str)


def derived_figure_quads(inputs: FigureInputs) -> list[Quad]:
    """For each incident (fused, else the document's event) and figure category of
    ``inputs``, one DerivedFigure per method, linked to its inputs (``prov:wasDerivedFrom``)."""
    graph = NamedNode(GRAPH_FUSION)
    triples: list = []
    for (event, category), figures in sorted(inputs.items()):
        lows = [low for low, *_ in figures.values()]
        highs = [high for _l, high, *_ in figures.values()]
        acled = min(value for _l, _h, value, _e in figures.values())
        bounds = {"acled-lowest-reported": (acled, acled),
                  "ucdp-low-best-high": (min(lows), None if None in highs else max(highs))}
        for method in METHODS:
            node = iri(f"{ns.SKGID}figure/derived/" + hashlib.sha256(
                f"{event}|{category}|{method}".encode()).hexdigest()[:16])
            low, high = bounds[method]
            triples += [(iri(event), skg("consolidatedFigure"), node), (node, RDF_TYPE, skg("Figure")),
                        (node, RDF_TYPE, skg("DerivedFigure")), (node, skg("figureCategory"), iri(category)),
                        (node, skg("derivationMethod"), iri(f"{ns.SKGV}derivation-method/{method}")),
                        (node, skg("low"), literal(_decimal(low), "decimal"))]
            if high is not None:
                triples.append((node, skg("high"), literal(_decimal(high), "decimal")))
            for figure, (*_, evidence) in sorted(figures.items()):
                triples.append((node, term("prov", "wasDerivedFrom"), iri(figure)))
                triples += [(node, skg("hasEvidence"), iri(e)) for e in sorted(evidence)]
    return [Quad(s, p, o, graph) for s, p, o in triples]


def _decimal(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def incident_of(groups: Groups) -> dict[str, str]:
    """Document event IRI -> its fused event's IRI, for every event in a group."""
    return {m.iri: _fused_iri(members) for members, _ in groups for m in members}


def _fused_iri(members: list[DocumentEvent]) -> str:
    key = hashlib.sha256("|".join(sorted(m.iri for m in members)).encode()).hexdigest()[:16]
    return f"{ns.SKGID}event/fused/{key}"


def incident_quads(events: list[DocumentEvent], groups: Groups) -> list[Quad]:
    """One ``skg:Incident`` per incident (a fused event, or a document event reported
    nowhere else) and, for every document event, ``skg:incident`` pointing to it: queries
    start from the incidents instead of testing every event for a fused parent."""
    incident = incident_of(groups)
    graph = NamedNode(GRAPH_FUSION)
    quads = []
    for event in events:
        target = iri(incident.get(event.iri, event.iri))
        quads += [Quad(iri(event.iri), skg("incident"), target, graph), Quad(target, RDF_TYPE, skg("Incident"), graph)]
    return quads
