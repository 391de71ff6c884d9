"""kg build: idempotence, replacement of changed documents, pruning, bad files skipped (issue #13)."""

import pytest

from kg import namespaces as ns
from kg.build import build, check_documents, stored_documents
from kg.errors import DocumentError, MetadataError
from kg.store import KgStore
from tests.conftest import SEEDS


def quad_set(store):
    return {str(q) for q in store.quads()}


def same_content(a: KgStore, b: KgStore) -> bool:
    """Same named graphs, each isomorphic (blank node labels differ between stores)."""
    from pyoxigraph import NamedNode, RdfFormat, serialize
    from rdflib import Graph
    from rdflib.compare import isomorphic

    if a.named_graphs() != b.named_graphs():
        return False
    for name in a.named_graphs():
        graphs = []
        for store in (a, b):
            triples = [q.triple for q in store.quads(NamedNode(name))]
            graphs.append(Graph().parse(data=serialize(triples, format=RdfFormat.N_TRIPLES),
                                        format="nt"))
        if not isomorphic(*graphs):
            return False
    return True


def test_building_twice_gives_identical_quads(tmp_path):
    store = KgStore.open(tmp_path / "s")
    first = build(store, [SEEDS])
    before = quad_set(store)
    second = build(store, [SEEDS])
    assert len(first.added) == 5 and second.added == [] and len(second.unchanged) == 5
    assert second.refreshed == []
    assert quad_set(store) == before


def test_one_at_a_time_equals_all_at_once(tmp_path):
    together = KgStore.open(tmp_path / "a")
    build(together, [SEEDS])
    apart = KgStore.open(tmp_path / "b")
    for path in sorted(SEEDS.glob("*.txt")):
        build(apart, [path])
    assert same_content(apart, together)


def test_changed_document_replaces_its_graph(seeds_copy, tmp_path):
    store = KgStore.open(tmp_path / "s")
    build(store, [seeds_copy])
    key = "003_f581894d71ea3311.txt"
    old = stored_documents(store)[key]
    path = seeds_copy / key
    path.write_text(path.read_text() + "\nA new closing sentence about Gao.\n")
    report = build(store, [seeds_copy])
    new = stored_documents(store)[key]
    assert report.updated == [key] and new.graph != old.graph
    assert old.graph not in store.named_graphs()
    assert len([g for g in store.named_graphs() if g.startswith(ns.GRAPH_DOC_PREFIX)]) == 5


def test_prune_removes_documents_whose_files_are_gone(seeds_copy, tmp_path):
    store = KgStore.open(tmp_path / "s")
    build(store, [seeds_copy])
    (seeds_copy / "002_9e1eb2eb3567d046.txt").unlink()
    report = build(store, [seeds_copy], prune=True)
    assert report.removed == ["002_9e1eb2eb3567d046.txt"]
    assert len(stored_documents(store)) == 4


def bad_files(folder):
    """Four files that cannot be built beside the good ones, and the reason each names."""
    (folder / "zz_meta.txt").write_text("Gunmen attacked a convoy near Gao.\n")
    (folder / "zz_meta.meta.toml").write_text('published = "soon"\n')
    (folder / "zz_latin.txt").write_bytes("Des hommes armés ont attaqué Ménaka.\n".encode("latin-1"))
    (folder / "zz_utf16.txt").write_bytes("Gunmen attacked Gao.\n".encode("utf-16-le"))
    (folder / "zz_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return {"zz_meta.txt": "zz_meta.meta.toml: field 'published'",
            "zz_latin.txt": "zz_latin.txt: not UTF-8 text",
            "zz_utf16.txt": "zz_utf16.txt: looks like UTF-16",
            "zz_binary.txt": "zz_binary.txt: contains NUL bytes"}


def test_issue_13_bad_files_are_skipped_with_their_reason_and_the_good_ones_stored(seeds_copy, tmp_path):
    expected = bad_files(seeds_copy)
    store = KgStore.open(tmp_path / "s")
    report = build(store, [seeds_copy])
    assert len(report.added) == 5 and report.stored == 5
    assert {skip.key: skip.reason for skip in report.skipped}.keys() == expected.keys()
    for skip in report.skipped:
        assert expected[skip.key] in skip.reason and "\n" not in skip.reason
    assert len(stored_documents(store)) == 5


def test_issue_13_a_file_that_went_bad_keeps_its_stored_graph_even_when_pruning(seeds_copy, tmp_path):
    store = KgStore.open(tmp_path / "s")
    build(store, [seeds_copy])
    before = stored_documents(store)["003_f581894d71ea3311.txt"]
    (seeds_copy / "003_f581894d71ea3311.txt").write_bytes(b"\xff\xfe\x00broken")
    report = build(store, [seeds_copy], prune=True)
    assert [skip.key for skip in report.skipped] == ["003_f581894d71ea3311.txt"]
    assert report.removed == [] and stored_documents(store)["003_f581894d71ea3311.txt"] == before


def test_check_documents_is_strict_the_first_bad_file_raises(seeds_copy):
    (seeds_copy / "zz_bad.meta.toml").write_text('published = "soon"\n')
    (seeds_copy / "zz_bad.txt").write_text("A sentence.\n")
    with pytest.raises(MetadataError, match="zz_bad.meta.toml"):
        check_documents([seeds_copy])


def test_batches_hold_a_bounded_amount_of_text():
    from pathlib import Path

    from kg.build import _batches
    from kg.jobs import Source

    sources = [Source(Path(f"{n}.txt"), Path("."), f"{n}.txt", str(n), chars) for n, chars in
               enumerate([10, 10, 900_000, 1_500_000, 10, 2_500_000, 10])]
    sizes = [[s.chars for s in batch] for batch in _batches(sources, 3)]
    assert sizes == [[10, 10, 900_000], [1_500_000, 10], [2_500_000], [10]]


def test_same_file_name_in_two_folders_is_refused(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(f"Text from {folder}.\n")
    with pytest.raises(DocumentError, match="same name 'x.txt'"):
        build(KgStore.in_memory(), [tmp_path / "a", tmp_path / "b"])


def test_unknown_publisher_becomes_a_flagged_new_organisation(tmp_path):
    (tmp_path / "x.txt").write_text("Gunmen attacked a village.\n")
    (tmp_path / "x.meta.toml").write_text('publisher = "Sahel Daily Courier"\n')
    store = KgStore.in_memory()
    build(store, [tmp_path])
    rows = list(store.query("""SELECT ?org ?flag WHERE { ?d skg:publisher ?org .
        ?org skos:prefLabel "Sahel Daily Courier"@en ; skg:inReferenceData ?flag }"""))
    assert len(rows) == 1 and rows[0]["flag"].value == "false"
    assert rows[0]["org"].value == ns.SKGID + "actor/new/sahel-daily-courier"


def test_known_publisher_links_to_the_reference_actor(seed_store):
    rows = list(seed_store.query("""SELECT ?org WHERE { ?d skg:fileName "001_7cf434835259646a.txt" ;
        skg:publisher ?org }"""))
    assert [r["org"].value for r in rows] == [ns.SKGID + "actor/rfi"]


def test_every_document_stores_its_cleaned_text_and_hash(seed_store):
    import hashlib

    rows = list(seed_store.query("SELECT ?t ?h WHERE { ?d skg:text ?t ; skg:contentHash ?h }"))
    assert len(rows) == 5
    for row in rows:
        assert hashlib.sha256(row["t"].value.encode()).hexdigest() == row["h"].value


def test_no_furniture_reaches_any_literal_of_the_store(seed_store):
    from tests.load.test_seeds_loading import FURNITURE

    literals = [q.object.value for q in seed_store.quads()
                if q.graph_name.value.startswith(ns.GRAPH_DOC_PREFIX)
                and type(q.object).__name__ == "Literal"]
    for fragment in FURNITURE:
        assert not any(fragment in value for value in literals), fragment


def test_the_build_fingerprint_covers_linking_loading_and_the_lexicon(tmp_path):
    """Editing kg/link/, kg/load/ or a cue lexicon re-extracts every document (stale graphs otherwise)."""
    import shutil

    from kg.jobs import _PACKAGE, code_digest
    from kg.resources import ontology_dir

    package, lexicons = tmp_path / "kg", tmp_path / "lexicon"
    shutil.copytree(_PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "vendor", "static"))
    shutil.copytree(ontology_dir() / "lexicon", lexicons)
    before = code_digest(package, lexicons)
    assert code_digest(package, lexicons) == before
    for edited in (package / "link" / "aliases.py", package / "load" / "loader.py", lexicons / "en.toml"):
        original = edited.read_text(encoding="utf-8")
        edited.write_text(original + "\n# edited\n", encoding="utf-8")
        assert code_digest(package, lexicons) != before, edited
        edited.write_text(original, encoding="utf-8")
    assert code_digest(package, lexicons) == before
