"""The on-disk store: opening, atomic graph replacement, errors."""

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from kg.errors import QueryError, StoreError
from kg.store import KgStore

G = NamedNode("https://example.org/g")
H = NamedNode("https://example.org/h")
P = NamedNode("https://example.org/p")


def quads(graph, *values):
    return [Quad(graph, P, Literal(v), graph) for v in values]


def test_store_persists_on_disk(tmp_path):
    store = KgStore.open(tmp_path / "s")
    store.replace_graphs(G, quads(G, "a", "b"))
    store.flush()
    del store
    reopened = KgStore.open(tmp_path / "s", create=False)
    assert reopened.quad_count() == 2


def test_replace_graph_replaces_and_drops_in_one_call():
    store = KgStore.in_memory()
    store.replace_graphs(G, quads(G, "a", "b"))
    store.replace_graphs(H, quads(H, "c"), drop=[G])
    assert store.named_graphs() == [H.value]
    store.replace_graphs(H, quads(H, "d"))
    assert [q.object.value for q in store.quads()] == ["d"]


def test_query_sees_the_union_of_named_graphs():
    store = KgStore.in_memory()
    store.replace_graphs(G, quads(G, "a"))
    store.replace_graphs(H, quads(H, "b"))
    rows = store.query("SELECT ?o WHERE { ?s <https://example.org/p> ?o } ORDER BY ?o")
    assert [r["o"].value for r in rows] == ["a", "b"]


def test_syntax_error_is_a_query_error():
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        KgStore.in_memory().query("SELEKT ?x WHERE {}")


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no sahel-kg store here; run 'kg build' first"):
        KgStore.open(tmp_path / "nothing", create=False)


def test_folder_that_is_not_a_store_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a sahel-kg store"):
        KgStore.open(tmp_path)


def test_store_in_use_is_a_clear_error(tmp_path):
    first = KgStore.open(tmp_path / "s")
    with pytest.raises(StoreError, match="cannot open the store"):
        KgStore.open(tmp_path / "s")
    del first
