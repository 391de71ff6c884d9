"""`kg export` on the command line: files, stdout, folders, and one-line errors."""

from __future__ import annotations

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad

from kg.cli import main
from kg.store import KgStore

GRAPH = "https://w3id.org/sahel-kg/graph/test"


@pytest.fixture
def small_store(tmp_path):
    path = tmp_path / "store"
    store = KgStore.open(path)
    graph = NamedNode(GRAPH)
    store.replace_graphs(graph, [Quad(NamedNode("https://example.org/s"), NamedNode("https://example.org/p"),
                                      Literal("a 'quoted' \"value\"\non two lines"), graph)])
    del store
    return path


def test_export_writes_a_file_that_parses(small_store, tmp_path, capsys):
    out = tmp_path / "out.ttl"
    assert main(["export", "turtle", "--store", str(small_store), "--out", str(out)]) == 0
    graph = rdflib.Graph().parse(out, format="turtle")
    assert str(next(iter(graph.objects()))) == "a 'quoted' \"value\"\non two lines"
    assert "1 triples" in capsys.readouterr().err


def test_export_to_stdout(small_store, capsysbinary):
    assert main(["export", "nquads", "--store", str(small_store)]) == 0
    assert f"<{GRAPH}> .".encode() in capsysbinary.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["export", "excel"], "unknown export format 'excel'; choose one of turtle"),
    (["export", "neo4j"], "'neo4j' writes a folder: give it with --out DIR"),
    (["export", "trig", "--graph", "https://example.org/nope"], "graph <https://example.org/nope> is not in the store"),
])
def test_export_errors_are_one_line(small_store, capsys, args, message):
    assert main([*args, "--store", str(small_store)]) == 8
    err = capsys.readouterr().err
    assert err.startswith("kg: error:") and message in err and err.count("\n") == 1


def test_neo4j_refuses_a_non_empty_folder(small_store, tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    assert main(["export", "neo4j", "--store", str(small_store), "--out", str(tmp_path / "full")]) == 8
    assert "give a new or empty one" in capsys.readouterr().err
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
