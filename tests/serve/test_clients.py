"""Issue #13: the SPARQL clients people use, with their defaults, against a real
``kg serve`` on the seed store: SPARQLWrapper (which sends ``format=xml`` with every query,
and ``format=rdf+xml&format=application/rdf+xml`` for RDF/XML) and rdflib's SPARQLStore.
Before, SPARQLWrapper's CONSTRUCT got 406: ``format=xml`` overrode its Accept header and
named no graph format. Expected values come from the seed sidecars."""

from __future__ import annotations

import xml.dom.minidom

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, JSONLD, N3, RDFXML, TURTLE, XML, SPARQLWrapper

from tests.serve.conftest import TITLES_QUERY, seed_titles

# SPARQLWrapper 2.0 parses graph results into rdflib's ConjunctiveGraph, deprecated in rdflib 7.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

DCTERMS_TITLE = rdflib.URIRef("http://purl.org/dc/terms/title")
SRX = "http://www.w3.org/2005/sparql-results#"
CONSTRUCT = "CONSTRUCT { ?doc dcterms:title ?title } WHERE { ?doc skg:fileName ?file ; dcterms:title ?title }"
DESCRIBE = "DESCRIBE ?doc WHERE { ?doc skg:fileName ?file }"


def wrapper(base: str, query: str, return_format: str | None = None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(base + "/sparql")
    if return_format is not None:
        sparql.setReturnFormat(return_format)
    sparql.setQuery(query)
    return sparql


def graph_of(result: object) -> rdflib.Graph:
    """SPARQLWrapper's converted CONSTRUCT/DESCRIBE result as a graph (Turtle comes as bytes)."""
    if isinstance(result, bytes):
        return rdflib.Graph().parse(data=result, format="turtle")
    assert isinstance(result, rdflib.Graph)
    return result


def test_sparqlwrapper_defaults_select(live_seed_server):
    document = wrapper(live_seed_server, TITLES_QUERY).query().convert()
    assert isinstance(document, xml.dom.minidom.Document)        # SPARQL XML results, its default
    rows = {}
    for result in document.getElementsByTagNameNS(SRX, "result"):
        cells = {b.getAttribute("name"): b.getElementsByTagNameNS(SRX, "literal")[0].firstChild.data
                 for b in result.getElementsByTagNameNS(SRX, "binding")}
        rows[cells["file"]] = cells["title"]
    assert rows == seed_titles()


def test_sparqlwrapper_defaults_ask(live_seed_server):
    title = seed_titles()["001_7cf434835259646a.txt"]
    document = wrapper(live_seed_server, f'ASK {{ ?doc dcterms:title "{title}" }}').query().convert()
    assert document.getElementsByTagNameNS(SRX, "boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_sparqlwrapper_defaults_graph_results(live_seed_server, query):
    result = wrapper(live_seed_server, query).query()
    assert result.info()["content-type"] == "application/rdf+xml"        # format=xml read as RDF/XML
    titles = {str(t) for t in graph_of(result.convert()).objects(None, DCTERMS_TITLE)}
    assert titles == set(seed_titles().values())


@pytest.mark.parametrize(("return_format", "content_type"), [
    (XML, "application/rdf+xml"), (RDFXML, "application/rdf+xml"),      # format= sent twice
    (TURTLE, "text/turtle"), (N3, "text/turtle"), (JSONLD, "application/ld+json"),
])
def test_sparqlwrapper_construct_in_each_rdf_format(live_seed_server, return_format, content_type):
    result = wrapper(live_seed_server, CONSTRUCT, return_format).query()
    assert result.info()["content-type"].split(";")[0] == content_type
    titles = {str(t) for t in graph_of(result.convert()).objects(None, DCTERMS_TITLE)}
    assert titles == set(seed_titles().values())


def test_sparqlwrapper_json_select_and_ask(live_seed_server):
    rows = wrapper(live_seed_server, TITLES_QUERY, JSON).query().convert()
    assert {b["file"]["value"]: b["title"]["value"] for b in rows["results"]["bindings"]} == seed_titles()
    assert wrapper(live_seed_server, "ASK { ?s ?p ?o }", JSON).query().convert() == {"head": {}, "boolean": True}


def test_rdflib_sparqlstore(live_seed_server, seed_store):
    store = SPARQLStore(live_seed_server + "/sparql")
    graph = rdflib.Graph(store=store)
    rows = {str(row.file): str(row.title) for row in graph.query(TITLES_QUERY)}
    assert rows == seed_titles()
    assert graph.query("ASK { ?doc dcterms:title ?title }").askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert {str(t) for t in constructed.objects(None, DCTERMS_TITLE)} == set(seed_titles().values())
    described = graph.query(DESCRIBE).graph
    assert {str(t) for t in described.objects(None, DCTERMS_TITLE)} == set(seed_titles().values())
    assert {str(g) for g in store.contexts()} == set(seed_store.named_graphs())
