"""Completeness: every term the project uses is defined, labelled and explained."""

import re

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from kg import namespaces as ns
from kg import resources
from tests.conftest import ROOT

SKG = Namespace(ns.SKG)


@pytest.fixture(scope="module")
def ontology():
    graph = Graph()
    for path in resources.ontology_files():
        graph.parse(path, format="turtle")
    return graph


def defined_terms(ontology):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {s for kind in kinds for s in ontology.subjects(RDF.type, kind)
            if str(s).startswith(ns.SKG)}


def used_terms():
    """skg: terms used by the code, the queries, the reference data and the term list."""
    used = set()
    for path in (ROOT / "kg").rglob("*.py"):
        used |= set(re.findall(r'skg\("([A-Za-z]+)"\)', path.read_text()))
    for path in [*(ROOT / "queries").glob("*.rq"), *resources.reference_files(),
                 resources.shapes_file(), ROOT / "docs" / "ontology-terms.md"]:
        used |= set(re.findall(r"\bskg:([A-Za-z]+)\b", path.read_text()))
    return {SKG[name] for name in used}


def test_ontology_has_a_versioned_iri(ontology):
    onto = URIRef("https://w3id.org/sahel-kg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert str(ontology.value(onto, OWL.versionIRI)).endswith("/1.0.0")


def test_every_used_term_is_defined(ontology):
    missing = sorted(str(t) for t in used_terms() - defined_terms(ontology))
    assert missing == []


def test_every_term_has_a_label_and_a_definition(ontology):
    lacking = sorted(str(t) for t in defined_terms(ontology)
                     if not ontology.value(t, RDFS.label) or not ontology.value(t, SKOS.definition))
    assert lacking == []


def test_acled_scheme_has_6_event_types_and_25_sub_event_types(ontology):
    scheme = URIRef(ns.SKGV + "acled")
    top = set(ontology.objects(scheme, SKOS.hasTopConcept))
    subs = {c for c in ontology.subjects(SKOS.inScheme, scheme) if ontology.value(c, SKOS.broader)}
    assert len(top) == 6 and len(subs) == 25
    assert all(ontology.value(c, SKOS.broader) in top for c in subs)
    notations = {str(ontology.value(c, SKOS.notation)) for c in subs}
    assert {"Suicide bomb", "Shelling/artillery/missile attack",
            "Non-state actor overtakes territory", "Abduction/forced disappearance"} <= notations


def test_armed_groups_and_state_forces_are_disjoint(ontology):
    query = """ASK { { ?a owl:disjointWith ?b } UNION { ?x a owl:AllDisjointClasses ;
        owl:members/rdf:rest*/rdf:first ?a , ?b } FILTER(?a = skg:ArmedGroup && ?b = skg:StateForce)}"""
    assert ontology.query(query, initNs={"owl": OWL, "rdf": RDF, "skg": SKG}).askAnswer
