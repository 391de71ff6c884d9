"""``kg push`` into live servers started on 127.0.0.1 (Oxigraph's server and Virtuoso), then
every named query run at the server's SPARQL endpoint: the answers equal the embedded
store's (as multisets of normalised rows, see tests/export/compare.py). And the three
failures a user meets, for real: refused credentials, an unreachable host, rejected data."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from kg.cli import main
from kg.errors import CredentialsRefused, DataRejected, HostUnreachable
from kg.queries import catalogue
from kg.remote.client import remote_query
from kg.remote.push import push_store
from kg.remote.transport import Auth, request
from kg.store import KgStore
from tests.export.compare import solutions
from tests.export.servers import free_port

QUERIES = catalogue()
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), STR(skgg:))) }"


def _server_count(endpoint: str, auth: Auth | None = None) -> int:
    return int(next(iter(remote_query(endpoint, _COUNT, auth=auth)))["n"].value)


def _same_answers(store, endpoint: str) -> list[str]:
    """The named queries whose answers at ``endpoint`` differ from the embedded store's."""
    differ = []
    for name, named in QUERIES.items():
        bindings = named.bindings({})
        if solutions(store.query(named.sparql, bindings)) != solutions(remote_query(endpoint, named.sparql,
                                                                                    bindings, timeout=60)):
            differ.append(name)
    return differ


@pytest.mark.slow
def test_push_to_oxigraph_twice_and_every_query_answers_the_same(seed_store, oxigraph):
    report = push_store(seed_store, oxigraph.update, graph_store=oxigraph.graph_store, batch=1000)
    assert report.graphs == {g: seed_store.quad_count(NamedNode(g))
                             for g in seed_store.named_graphs()}
    assert report.requests > len(report.graphs)          # batched: the reference graph needs several
    push_store(seed_store, oxigraph.update, graph_store=oxigraph.graph_store, batch=1000)     # idempotent
    assert _server_count(oxigraph.query) == seed_store.quad_count()
    push_store(seed_store, oxigraph.update)               # the SPARQL Update fallback replaces, too
    assert _server_count(oxigraph.query) == seed_store.quad_count()
    assert _same_answers(seed_store, oxigraph.query) == []


@pytest.mark.slow
def test_push_to_virtuoso_and_the_query_library_answers_the_same(seed_store, virtuoso, virtuoso_auth):
    push_store(seed_store, virtuoso.update, graph_store=virtuoso.graph_store, auth=virtuoso_auth)
    push_store(seed_store, virtuoso.update, graph_store=virtuoso.graph_store, auth=virtuoso_auth)
    assert _server_count(virtuoso.query) == seed_store.quad_count()
    assert _same_answers(seed_store, virtuoso.query) == []     # every named query


@pytest.mark.slow
def test_wrong_password_on_virtuoso_is_one_line(seed_store, virtuoso, capsys, tmp_path):
    with pytest.raises(CredentialsRefused, match="refused the credentials"):
        push_store(seed_store, virtuoso.update, graph_store=virtuoso.graph_store, auth=Auth("dba", "not-the-password"))
    small = KgStore.open(tmp_path / "store")          # the session's seed store is held open by the tests
    graph = NamedNode("https://w3id.org/sahel-kg/graph/test")
    small.replace_graphs(graph, [Quad(NamedNode("https://example.org/s"), NamedNode("https://example.org/p"),
                                      Literal("o"), graph)])
    del small
    code = main(["push", virtuoso.update, "--graph-store", virtuoso.graph_store, "--user", "dba", "--password",
                 "wrong", "--store", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 9 and err.startswith("kg: error:") and "credentials" in err and "Traceback" not in err


def test_closed_port_is_unreachable(seed_store):
    url = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(HostUnreachable, match="unreachable"):
        request("PUT", url, b"", retries=2, backoff=0.01)


@pytest.mark.slow
def test_rejected_data_quotes_the_server(oxigraph):
    bad = b"<https://example.org/s> <https://example.org/p> \"unterminated .\n"
    with pytest.raises(DataRejected, match="HTTP 400"):
        request("PUT", f"{oxigraph.graph_store}?graph=https%3A%2F%2Fexample.org%2Fg", bad,
                {"Content-Type": "application/n-triples"})
