"""What a user of a running ``kg serve`` relies on, over HTTP against a real server on the
seed store: ASK as SPARQL JSON, updates refused with the store unchanged, a malformed query
answered 400, and SELECT results as CSV, TSV and XML."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import httpx
import pytest

from tests.serve.conftest import TITLES_QUERY, seed_titles

COUNT_ALL = "SELECT (COUNT(*) AS ?quads) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def http(live_seed_server):
    with httpx.Client(base_url=live_seed_server, timeout=30) as client:
        yield client


def quad_count(http) -> int:
    response = http.get("/sparql", params={"query": COUNT_ALL})
    return int(response.json()["results"]["bindings"][0]["quads"]["value"])


def test_ask_is_true_as_sparql_json(http):
    title = seed_titles()["001_7cf434835259646a.txt"]          # the RFI article
    response = http.get("/sparql", params={"query": f'ASK {{ ?doc dcterms:title "{title}" }}'},
                        headers={"accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert response.json() == {"head": {}, "boolean": True}


def test_drop_all_is_refused_and_the_store_unchanged(http, seed_store):
    before = quad_count(http)
    assert before == seed_store.quad_count() > 0
    response = http.post("/sparql", data={"update": "DROP ALL"})
    assert response.status_code == 403
    assert "read-only" in response.text
    assert quad_count(http) == before == seed_store.quad_count()


def test_malformed_query_is_400(http):
    response = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p"})
    assert response.status_code == 400
    assert response.text.startswith("SPARQL syntax error: error at 1:")


def test_csv_tsv_and_xml_results(http):
    titles = seed_titles()
    as_csv = http.get("/sparql", params={"query": TITLES_QUERY}, headers={"accept": "text/csv"})
    assert dict(list(csv.reader(io.StringIO(as_csv.text)))[1:]) == titles
    as_tsv = http.get("/sparql", params={"query": TITLES_QUERY}, headers={"accept": "text/tab-separated-values"})
    rows = [line.split("\t") for line in as_tsv.text.strip().split("\n")[1:]]
    assert {file.strip('"'): title.strip('"') for file, title in rows} == titles
    as_xml = http.get("/sparql", params={"query": TITLES_QUERY}, headers={"accept": "application/sparql-results+xml"})
    literals = [e.text for e in ET.fromstring(as_xml.content).iter("{http://www.w3.org/2005/sparql-results#}literal")]
    assert set(literals) == set(titles) | set(titles.values())
