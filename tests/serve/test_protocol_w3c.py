"""The W3C SPARQL 1.1 Protocol tests, as this project's own cases against a real ``kg serve``.

Each test names the entry of the W3C manifest (rdf-tests, sparql/sparql11/protocol/
manifest.ttl, 34 entries) it checks. The manifest's graph data (``ut:graphData``: graphs
http://kasei.us/2009/09/sparql/data/data1.rdf ... data3.rdf) is preloaded into a temporary
store, each graph holding ``<dataN.rdf> a foaf:Document`` (the shape the manifest's update
tests write); nothing is fetched from the web. The manifest's data0.rdf is not in the
store: the tests naming it ask ``ASK {}``, true over any dataset. Updates need a writable
server, started with a token that every request to it carries. The manifest's requests go
to ``/sparql/``, which this server answers like ``/sparql``.

Beyond the manifest's expectations, the dataset tests also check a query that must be
false when the protocol dataset is honoured (over the default union of all graphs it would
be true), so that they can fail.
"""

from __future__ import annotations

import gc
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from pyoxigraph import NamedNode, Quad

from kg.store import KgStore
from tests.conftest import start_kg_serve
from tests.serve.conftest import TOKEN, stop

DATA = "http://kasei.us/2009/09/sparql/data/"
FOAF_DOCUMENT = NamedNode("http://xmlns.com/foaf/0.1/Document")
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
QUERY_TYPES = ("application/sparql-results+xml", "application/sparql-results+json")
BOOLEAN_TYPES = QUERY_TYPES
TABULAR_TYPES = (*QUERY_TYPES, "text/tab-separated-values", "text/csv")
RDF_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json")


def graph(n: int) -> str:
    return f"{DATA}data{n}.rdf"


def enc(value: str) -> str:
    return quote(value, safe="")


def manifest_store(path: Path) -> Path:
    """A store holding the manifest's graph data."""
    store = KgStore.open(path)
    for n in (1, 2, 3):
        node = NamedNode(graph(n))
        store.oxigraph.add(Quad(node, RDF_TYPE, FOAF_DOCUMENT, node))
    store.flush()
    del store
    gc.collect()      # release the store's lock before the server opens it
    return path


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    """A read-only server over the manifest's data."""
    process, base = start_kg_serve(manifest_store(tmp_path_factory.mktemp("w3c-read") / "store"))
    with httpx.Client(base_url=base, timeout=30) as client:
        yield client
    stop(process)


@pytest.fixture(scope="module")
def writer(tmp_path_factory):
    """A writable server (started with a token) over its own copy of the data."""
    path = manifest_store(tmp_path_factory.mktemp("w3c-write") / "store")
    process, base = start_kg_serve(path, "--allow-update", TOKEN)
    with httpx.Client(base_url=base, timeout=30, headers={"authorization": f"Bearer {TOKEN}"}) as client:
        yield client
    stop(process)


def boolean(response: httpx.Response) -> bool:
    """The boolean of an ASK result (JSON or XML), after checking status and media type."""
    assert 200 <= response.status_code < 400, response.text
    media = response.headers["content-type"].split(";")[0]
    assert media in BOOLEAN_TYPES
    if media.endswith("json"):
        return response.json()["boolean"]
    return "<boolean>true</boolean>" in response.text


def direct_query(client, text: str, path: str = "/sparql/", **headers) -> httpx.Response:
    return client.post(path, content=text.encode("utf-8"),
                       headers={"content-type": "application/sparql-query", **headers})


def direct_update(client, text: str, path: str = "/sparql/") -> httpx.Response:
    return client.post(path, content=text.encode("utf-8"), headers={"content-type": "application/sparql-update"})


def assert_4xx(response: httpx.Response) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.text)


# --- queries -------------------------------------------------------------------------------

def test_query_post_form(reader):
    # w3c protocol: query_post_form
    response = reader.post(f"/sparql/?default-graph-uri={enc(DATA + 'data0.rdf')}", content=b"query=ASK%20%7B%7D",
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert boolean(response) is True


def test_query_dataset_default_graphs_get(reader):
    # w3c protocol: query_dataset_default_graphs_get
    ask = f"ASK {{ <{graph(1)}> a ?type . <{graph(2)}> a ?type . }}"
    both = f"&default-graph-uri={enc(graph(1))}&default-graph-uri={enc(graph(2))}"
    assert boolean(reader.get(f"/sparql/?query={enc(ask)}{both}")) is True
    only_first = f"&default-graph-uri={enc(graph(1))}"
    assert boolean(reader.get(f"/sparql/?query={enc(ask)}{only_first}")) is False


def test_query_dataset_default_graphs_post(reader):
    # w3c protocol: query_dataset_default_graphs_post
    ask = f"ASK {{ <{graph(1)}> a ?type . <{graph(2)}> a ?type . }}"
    path = f"/sparql/?default-graph-uri={enc(graph(1))}&default-graph-uri={enc(graph(2))}"
    assert boolean(direct_query(reader, ask, path)) is True
    assert boolean(direct_query(reader, ask, f"/sparql/?default-graph-uri={enc(graph(2))}")) is False


def test_query_dataset_named_graphs_post(reader):
    # w3c protocol: query_dataset_named_graphs_post
    ask = f"ASK {{ GRAPH ?g1 {{ <{graph(1)}> a ?type }} GRAPH ?g2 {{ <{graph(2)}> a ?type }} }}"
    path = f"/sparql/?named-graph-uri={enc(graph(1))}&named-graph-uri={enc(graph(2))}"
    assert boolean(direct_query(reader, ask, path)) is True
    assert boolean(direct_query(reader, ask, f"/sparql/?named-graph-uri={enc(graph(1))}")) is False


def test_query_dataset_named_graphs_get(reader):
    # w3c protocol: query_dataset_named_graphs_get
    ask = f"ASK {{ GRAPH ?g1 {{ <{graph(1)}> a ?type }} GRAPH ?g2 {{ <{graph(2)}> a ?type }} }}"
    named = f"&named-graph-uri={enc(graph(1))}&named-graph-uri={enc(graph(2))}"
    assert boolean(reader.get(f"/sparql/?query={enc(ask)}{named}")) is True
    assert boolean(reader.get(f"/sparql/?query={enc(ask)}&named-graph-uri={enc(graph(2))}")) is False


def test_query_dataset_full(reader):
    # w3c protocol: query_dataset_full
    ask = (f"ASK {{ <{graph(3)}> a ?type GRAPH ?g1 {{ <{graph(1)}> a ?type }} "
           f"GRAPH ?g2 {{ <{graph(2)}> a ?type }} }}")
    path = (f"/sparql/?default-graph-uri={enc(graph(3))}&named-graph-uri={enc(graph(1))}"
            f"&named-graph-uri={enc(graph(2))}")
    assert boolean(direct_query(reader, ask, path)) is True
    # data3 is the default graph only, not a named one:
    assert boolean(direct_query(reader, f"ASK {{ GRAPH ?g {{ <{graph(3)}> ?p ?o }} }}", path)) is False


def test_query_multiple_dataset(reader):
    # w3c protocol: query_multiple_dataset. The manifest's URL percent-encodes the '&' between
    # its two named-graph-uri parameters (one parameter whose value is an odd IRI); this case
    # sends the two parameters it intends. The protocol's dataset must win over FROM: with
    # FROM <data3> alone there would be no named graph and the answer would be false.
    ask = (f"ASK FROM <{graph(3)}> {{ GRAPH ?g1 {{ <{graph(1)}> a ?type }} "
           f"GRAPH ?g2 {{ <{graph(2)}> a ?type }} }}")
    path = f"/sparql/?named-graph-uri={enc(graph(1))}&named-graph-uri={enc(graph(2))}"
    assert boolean(direct_query(reader, ask, path)) is True
    assert boolean(direct_query(reader, ask)) is False       # no protocol dataset: FROM applies


def test_query_get(reader):
    # w3c protocol: query_get
    response = reader.get(f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={enc(DATA + 'data0.rdf')}")
    assert boolean(response) is True


def test_query_content_type_select(reader):
    # w3c protocol: query_content_type_select
    response = direct_query(reader, "SELECT (1 AS ?value) {}", f"/sparql/?default-graph-uri={enc(DATA + 'data0.rdf')}")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] in TABULAR_TYPES
    assert response.json()["results"]["bindings"] == [
        {"value": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"}}]


def test_query_content_type_ask(reader):
    # w3c protocol: query_content_type_ask
    response = direct_query(reader, "ASK {}", f"/sparql/?default-graph-uri={enc(DATA + 'data0.rdf')}")
    assert boolean(response) is True


def test_query_content_type_describe(reader):
    # w3c protocol: query_content_type_describe
    response = direct_query(reader, "DESCRIBE <http://example.org/>",
                            f"/sparql/?default-graph-uri={enc(DATA + 'data0.rdf')}")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] in RDF_TYPES


def test_query_content_type_construct(reader):
    # w3c protocol: query_content_type_construct (relative IRIs resolve against the endpoint)
    response = direct_query(reader, "CONSTRUCT { <s> <p> 1 } WHERE {}",
                            f"/sparql/?default-graph-uri={enc(DATA + 'data0.rdf')}", accept="application/n-triples")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] in RDF_TYPES
    base = str(reader.base_url).rstrip("/")
    assert response.text.strip() == (f'<{base}/sparql/s> <{base}/sparql/p> '
                                     '"1"^^<http://www.w3.org/2001/XMLSchema#integer> .')


def test_query_post_direct(reader):
    # w3c protocol: query_post_direct
    assert boolean(direct_query(reader, "ASK {}")) is True


# --- updates (writable server) ----------------------------------------------------------

UPDATE_PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
INSERT_THREE = (f"INSERT DATA {{ GRAPH <{graph(1)}> {{ <{graph(1)}> a foaf:Document }} "
                f"GRAPH <{graph(2)}> {{ <{graph(2)}> a foaf:Document }} "
                f"GRAPH <{graph(3)}> {{ <{graph(3)}> a foaf:Document }} }} ;\n")


def test_update_dataset_default_graph(writer):
    # w3c protocol: update_dataset_default_graph
    update = (UPDATE_PREFIXES + "CLEAR ALL ;\n"
              f"INSERT DATA {{ GRAPH <{graph(1)}> {{ <{graph(1)}> a foaf:Document }} }} ;\n"
              "INSERT { GRAPH <http://example.org/protocol-update-dataset-test/> { ?s a dc:BibliographicResource } }\n"
              "WHERE { ?s a foaf:Document }")
    response = direct_update(writer, update, f"/sparql/?using-graph-uri={enc(graph(1))}")
    assert 200 <= response.status_code < 400, response.text
    ask = (f"ASK {{ GRAPH <http://example.org/protocol-update-dataset-test/> {{ <{graph(1)}> a "
           "<http://purl.org/dc/terms/BibliographicResource> } }")
    assert boolean(direct_query(writer, ask)) is True


def test_update_dataset_default_graphs(writer):
    # w3c protocol: update_dataset_default_graphs
    target = "http://example.org/protocol-update-dataset-graphs-test/"
    update = (UPDATE_PREFIXES + "DROP ALL ;\n" + INSERT_THREE +
              f"INSERT {{ GRAPH <{target}> {{ ?s a dc:BibliographicResource }} }} WHERE {{ ?s a foaf:Document }}")
    path = f"/sparql/?using-graph-uri={enc(graph(1))}&using-graph-uri={enc(graph(2))}"
    assert 200 <= direct_update(writer, update, path).status_code < 400
    assert boolean(direct_query(writer, _ask_1_2_not_3(target))) is True


def test_update_dataset_named_graphs(writer):
    # w3c protocol: update_dataset_named_graphs
    target = "http://example.org/protocol-update-dataset-named-graphs-test/"
    update = (UPDATE_PREFIXES + "DROP ALL ;\n" + INSERT_THREE +
              f"INSERT {{ GRAPH <{target}> {{ ?s a dc:BibliographicResource }} }} "
              "WHERE { GRAPH ?g { ?s a foaf:Document } }")
    path = f"/sparql/?using-named-graph-uri={enc(graph(1))}&using-named-graph-uri={enc(graph(2))}"
    assert 200 <= direct_update(writer, update, path).status_code < 400
    assert boolean(direct_query(writer, _ask_1_2_not_3(target))) is True


def test_update_dataset_full(writer):
    # w3c protocol: update_dataset_full
    target = "http://example.org/protocol-update-dataset-full-test/"
    update = (UPDATE_PREFIXES + "DROP ALL ;\n" + INSERT_THREE +
              f"INSERT {{ GRAPH <{target}> {{ ?s <http://example.org/in> ?in }} }} WHERE {{ "
              "{ GRAPH ?g { ?s a foaf:Document } BIND(?g AS ?in) } UNION "
              '{ ?s a foaf:Document . BIND("default" AS ?in) } }')
    path = f"/sparql/?using-graph-uri={enc(graph(1))}&using-named-graph-uri={enc(graph(2))}"
    assert 200 <= direct_update(writer, update, path).status_code < 400
    ask = (f'ASK {{ GRAPH <{target}> {{ <{graph(1)}> <http://example.org/in> "default" . '
           f"<{graph(2)}> <http://example.org/in> <{graph(2)}> . }} "
           f"FILTER NOT EXISTS {{ GRAPH <{target}> {{ <{graph(3)}> ?p ?o }} }} }}")
    assert boolean(direct_query(writer, ask)) is True


def test_update_post_form(writer):
    # w3c protocol: update_post_form
    writer.post("/sparql/", data={"update": "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> "
                                            "<http://example.org/p> 1 } }"})
    response = writer.post("/sparql/", content=b"update=CLEAR+ALL",
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert 200 <= response.status_code < 400, response.text
    assert boolean(direct_query(writer, "ASK { GRAPH ?g { ?s ?p ?o } }")) is False


def test_update_post_direct(writer):
    # w3c protocol: update_post_direct
    writer.post("/sparql/", data={"update": "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> "
                                            "<http://example.org/p> 1 } }"})
    assert 200 <= direct_update(writer, "CLEAR ALL").status_code < 400
    assert boolean(direct_query(writer, "ASK { GRAPH ?g { ?s ?p ?o } }")) is False


def test_update_base_uri(writer):
    # w3c protocol: update_base_uri (the base IRI is the endpoint's URL). The manifest's update
    # starts with CLEAR GRAPH (no SILENT), which SPARQL 1.1 Update lets fail when the graph does
    # not exist, and Oxigraph does: the graph is created first (the manifest gives no initial
    # state), and the failure on a missing graph is a 400 with the store's message.
    missing = direct_update(writer, "DROP SILENT GRAPH <http://example.org/protocol-base-test/> ; "
                                    "CLEAR GRAPH <http://example.org/protocol-base-test/>")
    assert missing.status_code == 400 and "does not exist" in missing.text
    writer.post("/sparql/", data={"update": "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> "
                                            "{ <http://example.org/s> <http://example.org/p> 0 } }"})
    update = ("CLEAR GRAPH <http://example.org/protocol-base-test/> ;\n"
              "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> "
              "{ <http://example.org/s> <http://example.org/p> <test> } }")
    assert 200 <= direct_update(writer, update).status_code < 400
    select = ("SELECT ?o WHERE { GRAPH <http://example.org/protocol-base-test/> "
              "{ <http://example.org/s> <http://example.org/p> ?o } }")
    response = direct_query(writer, select)
    assert response.headers["content-type"].split(";")[0] in TABULAR_TYPES
    bindings = response.json()["results"]["bindings"]
    assert len(bindings) == 1
    assert bindings[0]["o"]["type"] == "uri" and bindings[0]["o"]["value"] != "test"
    assert bindings[0]["o"]["value"] == str(writer.base_url).rstrip("/") + "/sparql/test"


def _ask_1_2_not_3(target: str) -> str:
    resource = "<http://purl.org/dc/terms/BibliographicResource>"
    return (f"ASK {{ GRAPH <{target}> {{ <{graph(1)}> a {resource} . <{graph(2)}> a {resource} . }} "
            f"FILTER NOT EXISTS {{ GRAPH <{target}> {{ <{graph(3)}> a {resource} . }} }} }}")


# --- requests that must be refused ------------------------------------------------------

def test_bad_query_method(reader):
    # w3c protocol: bad_query_method
    assert_4xx(reader.put(f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={enc(DATA + 'data0.rdf')}",
                          headers={"content-type": "application/x-www-form-urlencoded"}))


def test_bad_multiple_queries(reader):
    # w3c protocol: bad_multiple_queries
    assert_4xx(reader.get("/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D"))


def test_bad_query_wrong_media_type(reader):
    # w3c protocol: bad_query_wrong_media_type
    assert_4xx(reader.post("/sparql/", content=b"ASK {}", headers={"content-type": "text/plain"}))


def test_bad_query_missing_form_type(reader):
    # w3c protocol: bad_query_missing_form_type
    assert_4xx(reader.post("/sparql/", content=b"query=ASK%20%7B%7D"))


def test_bad_query_missing_direct_type(reader):
    # w3c protocol: bad_query_missing_direct_type
    assert_4xx(reader.post("/sparql/", content=b"ASK {}"))


def test_bad_query_non_utf8(reader):
    # w3c protocol: bad_query_non_utf8 (UTF-16 with a byte-order mark)
    response = reader.post("/sparql/", content="ASK {}".encode("utf-16"),
                           headers={"content-type": "application/sparql-query; charset=UTF-16"})
    assert_4xx(response)
    # ... and the same bytes without a charset are not UTF-8 either:
    assert_4xx(reader.post("/sparql/", content="ASK {}".encode("utf-16"),
                           headers={"content-type": "application/sparql-query"}))


def test_bad_query_syntax(reader):
    # w3c protocol: bad_query_syntax
    response = reader.get("/sparql/?query=ASK%20%7B")
    assert response.status_code == 400
    assert response.text.startswith("SPARQL syntax error")


def test_bad_update_get(writer):
    # w3c protocol: bad_update_get
    assert_4xx(writer.get("/sparql/?update=CLEAR%20ALL"))


def test_bad_multiple_updates(writer):
    # w3c protocol: bad_multiple_updates
    assert_4xx(writer.post("/sparql/", content=b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
                           headers={"content-type": "application/x-www-form-urlencoded"}))


def test_bad_update_wrong_media_type(writer):
    # w3c protocol: bad_update_wrong_media_type
    assert_4xx(writer.post("/sparql/", content=b"CLEAR NAMED", headers={"content-type": "text/plain"}))


def test_bad_update_missing_form_type(writer):
    # w3c protocol: bad_update_missing_form_type
    assert_4xx(writer.post("/sparql/", content=b"update=CLEAR%20NAMED"))


def test_bad_update_non_utf8(writer):
    # w3c protocol: bad_update_non_utf8
    assert_4xx(writer.post("/sparql/", content="CLEAR NAMED".encode("utf-16"),
                           headers={"content-type": "application/sparql-update; charset=UTF-16"}))


def test_bad_update_syntax(writer):
    # w3c protocol: bad_update_syntax
    response = writer.post("/sparql/", content=b"update=CLEAR%20XYZ",
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400 and response.text.startswith("SPARQL update syntax error")


def test_bad_update_dataset_conflict(writer):
    # w3c protocol: bad_update_dataset_conflict
    update = ("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
              "DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
              "WHERE { ?person foaf:givenName 'Bill' }")
    response = direct_update(writer, update, f"/sparql/?using-named-graph-uri={enc('http://example/people')}")
    assert_4xx(response)
    assert "give the dataset one way only" in response.text


def test_updates_are_refused_by_a_read_only_server(reader):
    # Not a manifest entry: the same update the manifest's update_post_form sends, to the
    # read-only server, is refused and changes nothing.
    response = reader.post("/sparql/", content=b"update=CLEAR+ALL",
                           headers={"content-type": "application/x-www-form-urlencoded",
                                    "authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403
    assert boolean(direct_query(reader, f"ASK {{ GRAPH <{graph(1)}> {{ ?s ?p ?o }} }}")) is True
