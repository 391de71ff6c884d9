"""RDF exports of the seed store: each parses back isomorphic to the store (rdflib), and
an independent parser (raptor's ``rapper``; pyoxigraph for the JSON-LD rdflib wrote)
reads the same number of distinct triples or quads.

``ROUND_TRIPS`` names the test of every registered format: a format added to
``kg.export.FORMATS`` without a round-trip test fails ``test_every_format_has_a_round_trip``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse
from rdflib.compare import isomorphic

from kg.export import FORMATS
from kg.export.rdf import context
from kg.namespaces import PREFIXES
from tests.conftest import require

RAPPER_SYNTAX = {"turtle": "turtle", "ntriples": "ntriples", "nquads": "nquads", "trig": "trig", "rdfxml": "rdfxml"}
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "rdfxml": "xml",
                 "jsonld": "json-ld"}
#: format -> the test module/function that reads it back (completeness, STYLE.md point 8)
ROUND_TRIPS = {
    **{name: "test_rdf_exports.py::test_round_trip" for name in RDFLIB_FORMAT},
    "graphml": "test_projections.py::test_graphml_loads_in_networkx_with_the_expected_counts",
    "neo4j": "test_neo4j.py::test_import_cypher_runs_in_ladybug_and_answers_like_sparql",
    "acled-csv": "test_projections.py::test_acled_csv_has_one_row_per_incident",
    "geojson": "test_projections.py::test_geojson_is_a_feature_collection_of_incidents",
}


def test_every_format_has_a_round_trip():
    assert set(FORMATS) == set(ROUND_TRIPS)


def _term(term):
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    assert isinstance(term, Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value.endswith("#string"):         # RDF 1.1: "x" and "x"^^xsd:string are one
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _expected_union(store) -> rdflib.Graph:
    graph = rdflib.Graph()
    for quad in store.quads():
        graph.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    return graph


@pytest.fixture(scope="module")
def expected_union(seed_store) -> rdflib.Graph:
    return _expected_union(seed_store)


@pytest.fixture(scope="module")
def expected_graphs(seed_store) -> dict[str, rdflib.Graph]:
    graphs = {}
    for quad in seed_store.quads():
        graph = graphs.setdefault(quad.graph_name.value, rdflib.Graph())
        graph.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    return graphs


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(RDFLIB_FORMAT))
def test_round_trip(name, exports, expected_union, expected_graphs):
    path = exports[name]
    if FORMATS[name].keeps_graphs:
        dataset = rdflib.Dataset()
        dataset.parse(path, format=RDFLIB_FORMAT[name])
        found = {str(g.identifier): g for g in dataset.graphs() if len(g)}
        assert set(found) == set(expected_graphs)
        for iri, graph in expected_graphs.items():
            assert isomorphic(found[iri], graph), iri
    else:
        graph = rdflib.Graph()
        graph.parse(path, format=RDFLIB_FORMAT[name])
        assert isomorphic(graph, expected_union)
    _independent_parse(name, path, expected_union, expected_graphs)


def _independent_parse(name, path: Path, expected_union, expected_graphs) -> None:
    if name == "jsonld":
        # rdflib wrote it: read it with Oxigraph's parser instead (its context is embedded).
        triples = set(parse(path=str(path), format=RdfFormat.JSON_LD))
        assert len(triples) == len(expected_union)
        return
    require(shutil.which("rapper") is not None, "rapper (Debian's raptor2-utils)")
    run = subprocess.run(["rapper", "-q", "-i", RAPPER_SYNTAX[name], "-o", "nquads", str(path),
                          "https://w3id.org/sahel-kg/"], capture_output=True, check=True, text=True)
    lines = {line for line in run.stdout.splitlines() if line.strip()}
    expected = sum(len(g) for g in expected_graphs.values()) if FORMATS[name].keeps_graphs else len(expected_union)
    # rapper names blank nodes per document; count the distinct statements it read.
    assert len(lines) == expected


def test_jsonld_embeds_the_packaged_context(exports):
    document = json.loads(exports["jsonld"].read_text(encoding="utf-8"))
    assert document["@context"] == context()
    assert context() == PREFIXES       # the shipped file and the code's prefixes agree


def test_union_formats_carry_every_graph_and_quad_formats_keep_them(exports, seed_store):
    nquads = exports["nquads"].read_text(encoding="utf-8")
    assert "<https://w3id.org/sahel-kg/graph/fusion> ." in nquads
    # The Niafunké attack as fused from three reports, in the fusion graph.
    fused = [line for line in nquads.splitlines() if "event/fused/" in line and "#reportOf>" not in line
             and line.endswith("<https://w3id.org/sahel-kg/graph/fusion> .")]
    assert fused
    turtle = exports["turtle"].read_text(encoding="utf-8")
    assert "@prefix skg: <https://w3id.org/sahel-kg/ontology#>" in turtle


def test_graph_selection_exports_only_that_graph(seed_store, tmp_path):
    out = tmp_path / "fusion.nq"
    with out.open("wb") as handle:
        FORMATS["nquads"].write(seed_store, handle, ["https://w3id.org/sahel-kg/graph/fusion"])
    graphs = {line.rsplit(" ", 2)[-2] for line in out.read_text(encoding="utf-8").splitlines()}
    assert graphs == {"<https://w3id.org/sahel-kg/graph/fusion>"}
