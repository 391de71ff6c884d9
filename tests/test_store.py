"""The on-disk store: opening, atomic graph replacement, errors."""

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from kg.errors import QueryError, StoreError, StoreLocked
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


# --- issue #13: creation that survives SIGKILL, one writer at a time, unfinished builds ---


def test_issue_13_a_new_store_appears_whole(tmp_path, monkeypatch):
    """The store folder appears by one rename, with RocksDB's files and the marker in it;
    nothing is left beside it."""
    import kg.store

    renamed = []
    real_rename = kg.store.os.rename

    def rename(src, dst):
        assert (Path(src) / "sahel-kg.store").exists() and (Path(src) / "CURRENT").exists()
        renamed.append(Path(dst))
        real_rename(src, dst)

    monkeypatch.setattr(kg.store.os, "rename", rename)
    KgStore.open(tmp_path / "deep" / "s").close()
    assert renamed == [tmp_path / "deep" / "s"]
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["s"]


def test_issue_13_a_creation_killed_midway_leaves_nothing_in_the_way(tmp_path):
    """What a build killed while creating leaves: a staging folder (removed by the next
    creation), or a store folder created in place without its marker (adopted)."""
    abandoned = tmp_path / ".s.creating-999999999-abcd"
    abandoned.mkdir()
    (abandoned / "CURRENT").write_text("MANIFEST-000005\n")
    KgStore.open(tmp_path / "s").close()
    assert not abandoned.exists()

    in_place = tmp_path / "t"
    Store(str(in_place))   # RocksDB's files, then the kill: no marker
    with pytest.raises(StoreError, match="the store's creation was interrupted; run 'kg build' again"):
        KgStore.open(in_place, read_only=True)
    store = KgStore.open(in_place)
    store.replace_graphs(G, quads(G, "a"))
    store.close()
    assert KgStore.open(in_place, read_only=True).quad_count() == 1


def test_issue_13_one_writer_at_a_time_and_readers_beside_it(tmp_path):
    writer = KgStore.open(tmp_path / "s")
    writer.replace_graphs(G, quads(G, "a"))
    writer.flush()
    with pytest.raises(StoreLocked, match=r"cannot open the store: .*\(pid \d+, since .*\) is writing to it; "
                                          r"wait for it to finish, or run 'kg build --wait'"):
        KgStore.open(tmp_path / "s")
    assert KgStore.open(tmp_path / "s", read_only=True).quad_count() == 1
    writer.close()
    KgStore.open(tmp_path / "s").close()


def test_issue_13_a_waiting_writer_gets_the_store_when_the_first_lets_go(tmp_path):
    import threading
    import time

    first = KgStore.open(tmp_path / "s")
    got = []
    waiter = threading.Thread(target=lambda: got.append(KgStore.open(tmp_path / "s", wait=True)))
    waiter.start()
    time.sleep(0.5)
    assert not got, "the second writer waits"
    first.close()
    waiter.join(timeout=30)
    assert len(got) == 1
    got[0].close()


def test_issue_13_a_build_marks_the_store_unfinished_until_it_ends(tmp_path):
    store = KgStore.open(tmp_path / "s")
    assert not store.unfinished
    with store.writing():
        assert store.unfinished
    assert not store.unfinished
    with pytest.raises(RuntimeError), store.writing():
        raise RuntimeError("killed")
    assert store.unfinished and KgStore.open(tmp_path / "s", read_only=True).unfinished


def test_the_module_examples_run():
    import doctest

    import kg.store

    assert doctest.testmod(kg.store, optionflags=doctest.ELLIPSIS).failed == 0
