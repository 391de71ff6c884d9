"""kg validate: the seeds pass; deliberately broken graphs fail with readable reports."""

import shutil

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse
from rdflib import Graph

from kg.build import refresh_reference_graphs
from kg.errors import ValidationFailed
from kg.store import KgStore
from kg.validate import owl_consistency, store_graph, validate_store
from tests.conftest import require

PREFIXES = """
@prefix skg: <https://w3id.org/sahel-kg/ontology#> .
@prefix skgid: <https://w3id.org/sahel-kg/id/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
DOCUMENT = PREFIXES + """
<https://w3id.org/sahel-kg/id/doc/test> a skg:Document , skg:NewsArticle ;
    dcterms:title "A test article" ; skg:fileName "test.txt" ;
    skg:text "Gunmen attacked the camp at dawn." ;
    skg:contentHash "b0253e35a474661134d19506db38572799b7981c392c89907a71c6c88d9c13ec" .
<https://w3id.org/sahel-kg/id/evidence/test> a skg:Evidence ;
    oa:hasSource <https://w3id.org/sahel-kg/id/doc/test> ;
    oa:hasSelector <https://w3id.org/sahel-kg/id/evidence/test#quote> ,
                   <https://w3id.org/sahel-kg/id/evidence/test#position> .
<https://w3id.org/sahel-kg/id/evidence/test#quote> a oa:TextQuoteSelector ; oa:exact "%s" .
<https://w3id.org/sahel-kg/id/evidence/test#position> a oa:TextPositionSelector ;
    oa:start "7"^^xsd:nonNegativeInteger ; oa:end "15"^^xsd:nonNegativeInteger .
"""
GRAPH = NamedNode("https://w3id.org/sahel-kg/graph/doc/test")


def store_with(turtle: str) -> KgStore:
    store = KgStore.in_memory()
    refresh_reference_graphs(store)
    triples = parse(turtle, format=RdfFormat.TURTLE)
    from pyoxigraph import Quad

    store.replace_graphs(GRAPH, [Quad(t.subject, t.predicate, t.object, GRAPH) for t in triples])
    return store


def test_seed_store_passes_shacl_and_owl(seed_store):
    require(shutil.which("java") is not None, "a Java runtime (make setup installs it)")
    report = validate_store(seed_store)
    assert report.ok and report.violations == [] and report.owl_consistent is True


def test_evidence_that_matches_its_document_passes():
    report = validate_store(store_with(DOCUMENT % "attacked"), owl=False)
    assert report.violations == []


def test_evidence_quote_that_disagrees_with_the_text_is_named():
    with pytest.raises(ValidationFailed, match="1 violations"):
        validate_store(store_with(DOCUMENT % "attacker"), owl=False)
    report = validate_store(store_with(DOCUMENT % "attacker"), owl=False,
                            raise_on_failure=False)
    (violation,) = report.violations
    assert violation.focus == "https://w3id.org/sahel-kg/id/evidence/test"
    assert "does not match the document text at offsets 7-15" in violation.message
    assert "attacker" in report.summary()


def test_document_without_text_and_with_two_titles_is_reported():
    broken = (DOCUMENT % "attacked").replace('skg:text "Gunmen attacked the camp at dawn." ;', "")
    broken += '<https://w3id.org/sahel-kg/id/doc/test> dcterms:title "Another title" .\n'
    report = validate_store(store_with(broken), owl=False, raise_on_failure=False)
    messages = {(v.focus.rsplit("/", 1)[-1], v.path) for v in report.violations}
    assert ("test", "dcterms:title") in messages
    assert ("test", "skg:text") in messages
    assert all(v.line().startswith("Violation: <https://w3id.org/") for v in report.violations)


def test_an_actor_in_two_disjoint_classes_makes_the_reference_inconsistent(seed_store):
    require(shutil.which("java") is not None, "a Java runtime (make setup installs it)")
    graph = store_graph(seed_store, ["https://w3id.org/sahel-kg/graph/ontology"])
    graph += Graph().parse(data=PREFIXES + "<https://w3id.org/sahel-kg/id/actor/x> a skg:ArmedGroup , skg:StateForce .",
                           format="turtle")
    consistent, problems = owl_consistency(graph)
    assert consistent is False
    assert problems == ["inconsistent: <https://w3id.org/sahel-kg/id/actor/x> is both "
                        "skg:ArmedGroup and skg:StateForce, which are disjoint"]


BROKEN_PLACE = PREFIXES + """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> .
@prefix sf: <http://www.opengis.net/ont/sf#> .
@prefix wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
skgid:place\\/test a skg:Country ; skos:prefLabel "Testland"@en ; skg:isoCode "TL" ;
    wgs:lat 16.5 ; wgs:long -3.1 ;
    geo:hasGeometry skgid:place\\/test\\/geometry .
skgid:place\\/test\\/geometry a sf:Point ; geo:asWKT "POINT(16.5 -3.1)"^^geo:wktLiteral .
"""


def test_swapped_coordinates_are_reported():
    report = validate_store(store_with(DOCUMENT % "attacked" + BROKEN_PLACE), owl=False,
                            raise_on_failure=False)
    (violation,) = report.violations
    assert violation.focus == "https://w3id.org/sahel-kg/id/place/test"
    assert "disagrees with wgs:long" in violation.message


def test_sparql_constraints_on_oxigraph_find_exactly_what_pyshacl_finds():
    """The SPARQL constraints run on Oxigraph (for speed); pySHACL over the full shapes is
    the reference: same focus nodes, same messages."""
    import pyshacl

    from kg import resources
    from kg.validate import SH, sparql_violations, split_sparql_constraints

    broken = (DOCUMENT % "attacker").replace("b0253e35", "00000000") + BROKEN_PLACE
    store = store_with(broken)
    data = store_graph(store)
    shapes = Graph().parse(resources.shapes_file(), format="turtle")
    _c, report, _t = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    reference = sorted((str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultMessage)))
                       for r in report.subjects(predicate=None, object=SH.ValidationResult))
    core, constraints = split_sparql_constraints(shapes)
    _c, core_report, _t = pyshacl.validate(data, shacl_graph=core, inference="none", advanced=True)
    ours = sorted([(str(core_report.value(r, SH.focusNode)), str(core_report.value(r, SH.resultMessage)))
                   for r in core_report.subjects(predicate=None, object=SH.ValidationResult)]
                  + [(v.focus, v.message) for v in sparql_violations(store, constraints)])
    assert len(reference) == 3
    assert ours == reference


def test_a_gazetteer_town_without_a_point_must_say_why():
    town = PREFIXES + """
<https://w3id.org/sahel-kg/id/place/test-town> a skg:PopulatedPlace ;
    <http://www.w3.org/2004/02/skos/core#prefLabel> "Testville" .
"""
    report = validate_store(store_with(DOCUMENT % "attacked" + town), owl=False, raise_on_failure=False)
    assert any(v.focus.endswith("/test-town") and "needs a geometry" in v.message for v in report.violations)
    explained = town.replace('"Testville" .', '"Testville" ;\n    <http://www.w3.org/2000/01/rdf-schema#comment> '
                                              '"point withheld: it contradicts the region" .')
    report = validate_store(store_with(DOCUMENT % "attacked" + explained), owl=False, raise_on_failure=False)
    assert not any("needs a geometry" in v.message for v in report.violations)


def test_unseen_articles_from_unknown_outlets_with_an_undated_report_are_valid(tmp_path):
    """An outlet the reference lacks gets one English-labelled node; a report that gives no
    date is a warning to look at, not invalid data."""
    from kg.build import build

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Army repels attack in Ansongo\nThe Malian army said its convoy came under "
                                  "attack near Ansongo and that the attackers were routed.", encoding="utf-8")
    (folder / "a.meta.toml").write_text('publisher = "Gao Herald"\npublished = 2025-02-12\n', encoding="utf-8")
    store = KgStore.open(tmp_path / "s")
    build(store, [folder])
    report = validate_store(store, owl=False, raise_on_failure=False)
    assert report.ok, report.summary()
    (warning,) = report.warnings
    assert "no date" in warning.message and "/event/" in warning.focus
    assert "0 violations, 1 warnings" in report.headline()


@pytest.mark.parametrize("folder", ["heldout", "heldout2", "heldout3"])
def test_the_held_out_articles_build_into_a_valid_graph(tmp_path, folder):
    """Articles the extractor was not written for still give SHACL-valid graphs (an
    incident the text places nowhere gets the document's country, or is no event)."""
    from kg.build import build
    from tests.conftest import ROOT

    store = KgStore.open(tmp_path / "s")
    build(store, [ROOT / "tests" / folder / "articles"])
    report = validate_store(store, owl=False, raise_on_failure=False)
    assert report.ok, report.summary()
