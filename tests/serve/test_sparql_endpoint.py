"""The /sparql endpoint in-process: every result format parsed back, errors, read-only and
writable modes, timeout, row cap, service description."""

from __future__ import annotations

import csv
import gc
import io
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad, Store

from kg.store import KgStore
from tests.serve.conftest import TITLES_QUERY, TOKEN, client_for, seed_titles

SRX = "{http://www.w3.org/2005/sparql-results#}"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
DCTERMS_TITLE = rdflib.URIRef("http://purl.org/dc/terms/title")


def select(client, accept, query=TITLES_QUERY):
    response = client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert response.status_code == 200, response.text
    return response


def test_select_as_sparql_json(seed_client):
    response = select(seed_client, "application/sparql-results+json")
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    document = response.json()
    assert document["head"]["vars"] == ["file", "title"]
    found = {b["file"]["value"]: b["title"]["value"] for b in document["results"]["bindings"]}
    assert found == seed_titles()


def test_select_as_sparql_xml(seed_client):
    response = select(seed_client, "application/sparql-results+xml")
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(response.content)
    found = {}
    for result in root.iter(f"{SRX}result"):
        cells = {b.get("name"): b.find(f"{SRX}literal").text for b in result.iter(f"{SRX}binding")}
        found[cells["file"]] = cells["title"]
    assert found == seed_titles()


def test_select_as_csv(seed_client):
    response = select(seed_client, "text/csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["file", "title"]
    assert dict(rows[1:]) == seed_titles()    # titles with commas are quoted and come back whole


def test_select_as_tsv(seed_client):
    response = select(seed_client, "text/tab-separated-values")
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    lines = response.text.rstrip("\n").split("\n")
    assert lines[0] == "?file\t?title"
    found = dict(line.split("\t") for line in lines[1:])
    assert found == {f'"{file}"': f'"{title}"' for file, title in seed_titles().items()}


def test_ask_true_as_sparql_json(seed_client):
    title = seed_titles()["002_9e1eb2eb3567d046.txt"]       # "Niafunké attack", the encyclopedia article
    query = f'ASK {{ ?doc a skg:EncyclopediaArticle ; dcterms:title "{title}" }}'
    response = seed_client.get("/sparql", params={"query": query})
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.json() == {"head": {}, "boolean": True}
    response = seed_client.get("/sparql", params={"query": 'ASK { ?doc dcterms:title "No such article" }'},
                               headers={"accept": "application/sparql-results+xml"})
    assert ET.fromstring(response.content).find(f"{SRX}boolean").text == "false"


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
def test_construct_in_every_rdf_format(seed_client, accept, rdflib_format):
    query = "CONSTRUCT { ?doc dcterms:title ?title } WHERE { ?doc skg:fileName ?f ; dcterms:title ?title }"
    response = seed_client.post("/sparql", content=query.encode(),
                                headers={"content-type": "application/sparql-query", "accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert {str(o) for o in graph.objects(None, DCTERMS_TITLE)} == set(seed_titles().values())


def test_describe_is_turtle_by_default(seed_client):
    title = seed_titles()["003_f581894d71ea3311.txt"]
    query = f'DESCRIBE ?doc WHERE {{ ?doc dcterms:title "{title}" }}'
    response = seed_client.get("/sparql", params={"query": query}, headers={"accept": "*/*"})
    assert response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    assert rdflib.Literal(title) in set(graph.objects(None, DCTERMS_TITLE))


def test_format_parameter_overrides_accept(seed_client):
    response = seed_client.get("/sparql", params={"query": TITLES_QUERY, "format": "csv"},
                               headers={"accept": "application/sparql-results+json"})
    assert response.headers["content-type"].startswith("text/csv")


def test_no_acceptable_format_is_406(seed_client):
    response = seed_client.get("/sparql", params={"query": "ASK {}"}, headers={"accept": "text/csv"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


def test_malformed_query_is_400_with_the_parsers_message(seed_client):
    response = seed_client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?p "})
    assert response.status_code == 400
    assert response.text.startswith("SPARQL syntax error: error at 1:")
    assert response.text.count("\n") == 1


def test_service_and_load_never_reach_the_network(seed_client):
    response = seed_client.get("/sparql", params={
        "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert response.status_code == 400
    assert "SERVICE is disabled" in response.text


def test_read_only_server_refuses_updates_and_keeps_the_store(seed_client, seed_store):
    before = seed_store.quad_count()
    form = seed_client.post("/sparql", data={"update": "DROP ALL"})
    direct = seed_client.post("/sparql", content=b"CLEAR ALL", headers={
        "content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"})
    assert (form.status_code, direct.status_code) == (403, 403)
    assert "read-only" in form.text
    assert seed_store.quad_count() == before > 0


def test_writable_server_needs_the_token(writable_copy: KgStore, tmp_path: Path):
    client = client_for(writable_copy, tmp_path, write_token=TOKEN)
    graph = "https://example.org/analyst-notes"
    insert = f'INSERT DATA {{ GRAPH <{graph}> {{ <https://example.org/n1> rdfs:comment "checked" }} }}'
    before = writable_copy.quad_count()

    for headers in ({}, {"authorization": "Bearer wrong-token"}, {"authorization": TOKEN}):
        refused = client.post("/sparql", data={"update": insert}, headers=headers)
        assert refused.status_code == 403, headers
    assert writable_copy.quad_count() == before

    accepted = client.post("/sparql", data={"update": insert}, headers={"authorization": f"Bearer {TOKEN}"})
    assert accepted.status_code == 204, accepted.text
    assert writable_copy.quad_count() == before + 1
    found = client.get("/sparql", params={"query": f"ASK {{ GRAPH <{graph}> {{ ?n rdfs:comment 'checked' }} }}"})
    assert found.json()["boolean"] is True

    bad = client.post("/sparql", content=b"CLEAR XYZ", headers={
        "content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 400 and bad.text.startswith("SPARQL update syntax error")


def test_row_cap_truncates_and_says_so(seed_store, seed_store_path):
    capped = client_for(seed_store, seed_store_path, row_cap=2)
    response = select(capped, "application/sparql-results+json")
    assert len(response.json()["results"]["bindings"]) == 2
    assert response.headers["x-kg-truncated"] == "true"
    exact = client_for(seed_store, seed_store_path, row_cap=len(seed_titles()))
    response = select(exact, "text/csv")
    assert len(response.text.strip().splitlines()) == 1 + len(seed_titles())
    assert "x-kg-truncated" not in response.headers


def test_row_cap_applies_to_construct(seed_store, seed_store_path):
    capped = client_for(seed_store, seed_store_path, row_cap=3)
    query = "CONSTRUCT { ?doc dcterms:title ?title } WHERE { ?doc skg:fileName ?f ; dcterms:title ?title }"
    response = capped.get("/sparql", params={"query": query}, headers={"accept": "application/n-triples"})
    assert len(response.text.strip().splitlines()) == 3
    assert response.headers["x-kg-truncated"] == "true"


def test_a_query_past_the_timeout_gets_503(tmp_path):
    store = Store()
    graph = NamedNode("https://example.org/g")
    for i in range(300):
        store.add(Quad(NamedNode(f"https://example.org/s{i}"), NamedNode("https://example.org/p"),
                       Literal(str(i)), graph))
    client = client_for(KgStore(store), tmp_path, timeout_s=0.2)
    # 300^3 = 27 million joined rows before the single count: far beyond 0.2 s.
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response = client.get("/sparql", params={"query": slow})
    assert response.status_code == 503
    assert "longer than this server's limit of 0.2 s" in response.text
    quick = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c }"})
    assert quick.json()["results"]["bindings"][0]["n"]["value"] == "300"
    # The abandoned evaluation ends on its own; its results are dropped in its own thread
    # (pyoxigraph raises, as an unraisable error, if another thread drops them).
    for worker in [t for t in threading.enumerate() if t.name == "kg-query"]:
        worker.join(timeout=120)
    gc.collect()


def test_service_description_names_the_endpoint(seed_client, seed_store):
    response = seed_client.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    services = list(graph.subjects(SD.endpoint, rdflib.URIRef("http://testserver/sparql")))
    assert len(services) == 1
    service = services[0]
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in graph      # read-only
    named = {str(name) for name in graph.objects(None, SD.name)}
    assert named == set(seed_store.named_graphs())
    assert "https://w3id.org/sahel-kg/graph/fusion" in named


def test_a_browser_asking_for_the_endpoint_gets_the_editor(seed_client):
    response = seed_client.get("/sparql", headers={"accept": "text/html,*/*;q=0.8"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith("/editor")
