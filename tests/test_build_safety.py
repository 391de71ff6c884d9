"""Builds that never lose work (issue #13), as a user runs them: bad files skipped one line
each, a document longer than spaCy's limit built, one writer at a time, a server answering
while a build runs, and SIGKILL at random points."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import BlankNode

from kg.errors import StoreError
from kg.store import KgStore
from tests.conftest import ROOT, SEEDS, require, seeds_and_generated, start_kg_serve, stop_kg_serve
from tests.test_build import bad_files
from tests.test_cli import assert_one_line_error, kg


def start_build(corpus: Path, store: Path, *extra: str) -> subprocess.Popen:
    """``kg build`` in a process group of its own (so that a SIGKILL reaches its workers)."""
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    return subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), *extra],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """The seeds and three generated articles."""
    return seeds_and_generated(tmp_path_factory.mktemp("small"), 3, seed=13)


# --- bad files ----------------------------------------------------------------------------


def test_issue_13_a_folder_build_skips_bad_files_one_line_each_and_stores_the_good(seeds_copy, tmp_path):
    reasons = bad_files(seeds_copy)
    result = kg("build", str(seeds_copy), "--store", str(tmp_path / "s"), "--workers", "1")
    assert result.returncode == 3, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(reasons) + 1 and "Traceback" not in result.stderr
    for line, fragment in zip(lines, sorted(reasons.values()), strict=False):
        assert line.startswith(f"kg: skipped: {seeds_copy}/") and fragment in line
    assert lines[-1] == ("kg: error: 5 documents stored, 4 files skipped (each named above); "
                         "fix or remove them and build again")
    assert "5 added, 0 updated, 0 unchanged, 0 removed, 4 skipped" in result.stdout
    store = KgStore.open(tmp_path / "s", read_only=True)
    assert len([g for g in store.named_graphs() if "/graph/doc/" in g]) == 5


# --- a document longer than spaCy's limit -----------------------------------------------


@pytest.mark.slow
def test_issue_13_a_document_of_one_line_over_a_million_characters_is_built(tmp_path):
    from benchmarks.corpus import articles
    from kg.load import load_document

    folder, scratch = tmp_path / "docs", tmp_path / "scratch"
    folder.mkdir()
    scratch.mkdir()
    texts, length = [], 0
    for n, (_stem, text, _sidecar) in enumerate(articles(10_000, seed=3)):
        (scratch / f"{n}.txt").write_text(text, encoding="utf-8")
        texts.append(" ".join(load_document(scratch / f"{n}.txt").text.split()))
        length += len(texts[-1]) + 1
        if length > 1_050_000:
            break
    line = " ".join(texts)
    assert len(line) > 1_000_000 and "\n" not in line
    (folder / "long.txt").write_text(line + "\n", encoding="utf-8")

    result = kg("build", str(folder), "--store", str(tmp_path / "s"), "--workers", "1")
    assert result.returncode == 0, result.stderr
    store = KgStore.open(tmp_path / "s", read_only=True)
    [text] = [row["t"].value for row in store.query("SELECT ?t WHERE { ?d skg:text ?t }")]
    assert text == line + "\n"
    spans = list(store.query("""SELECT ?s ?e ?x WHERE { ?ev a skg:Evidence ; oa:hasSelector ?p, ?q .
        ?p oa:start ?s ; oa:end ?e . ?q oa:exact ?x }"""))
    assert len(spans) > 10_000
    assert max(int(row["e"].value) for row in spans) > 1_000_000, "evidence past the first piece"
    bad = [row for row in spans if text[int(row["s"].value):int(row["e"].value)] != row["x"].value]
    assert not bad, f"{len(bad)} evidence spans do not point into the document's text"


# --- one writer at a time ---------------------------------------------------------------


def test_issue_13_a_second_build_on_a_store_in_use_is_one_line_and_waits_with_wait(tmp_path):
    store = KgStore.open(tmp_path / "s")   # this process writes to it
    result = kg("build", str(SEEDS / "001_7cf434835259646a.txt"), "--store", str(tmp_path / "s"))
    assert_one_line_error(result, 5, "cannot open the store: pytest (pid ")
    assert "is writing to it; wait for it to finish, or run 'kg build --wait'" in result.stderr

    waiting = start_build(SEEDS / "001_7cf434835259646a.txt", tmp_path / "s", "--wait")
    time.sleep(3)
    assert waiting.poll() is None, waiting.communicate()
    store.close()
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert err.startswith(f"kg: waiting for pytest (pid {os.getpid()}, since ") and "1 added" in out


def test_issue_13_validate_refuses_a_store_whose_build_did_not_finish(tmp_path):
    store = KgStore.open(tmp_path / "s")
    (tmp_path / "s" / "sahel-kg.unfinished").write_text("kg build (pid 999999999)\n")
    store.close()
    result = kg("validate", "--no-owl", "--store", str(tmp_path / "s"))
    assert_one_line_error(result, 5, "the last kg build stopped before it finished (killed?)")


# --- a server answering while a build runs ----------------------------------------------


def _documents(base: str) -> int:
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?d a skg:Document }")
    with urllib.request.urlopen(f"{base}/sparql?query={query}", timeout=30) as response:
        assert response.status == 200
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.slow
def test_issue_13_kg_serve_answers_while_a_build_runs(tmp_path, small_corpus):
    store = tmp_path / "s"
    first = kg("build", str(SEEDS), "--store", str(store), "--workers", "1")
    assert first.returncode == 0, first.stderr
    server, base = start_kg_serve(store)
    try:
        assert _documents(base) == 5
        build = start_build(small_corpus, store, "--workers", "1")
        answers = []
        while build.poll() is None:
            answers.append(_documents(base))   # every request answered, none failed
            time.sleep(0.05)
        _out, err = build.communicate()
        assert build.returncode == 0, err
        assert len(answers) >= 5 and answers == sorted(answers), answers
        assert set(answers) <= {5, 8}, "a query sees whole batches, never part of one"
        assert _documents(base) == 8, "the next query sees the build (its worker reopens the store)"
    finally:
        stop_kg_serve(server)


# --- SIGKILL at random points -----------------------------------------------------------


def comparable(store: KgStore) -> tuple[set[str], Counter]:
    """The store's quads without blank nodes, and how many quads with blank nodes each graph
    holds (blank node labels differ from one build to the next)."""
    plain, blank = set(), Counter()
    for quad in store.quads():
        if any(isinstance(term, BlankNode) for term in (quad.subject, quad.object)):
            blank[quad.graph_name.value] += 1
        else:
            plain.add(str(quad))
    return plain, blank


@pytest.fixture(scope="module")
def clean_build(small_corpus, tmp_path_factory) -> tuple[tuple[set[str], Counter], float]:
    """What a build never interrupted stores, and how long it took."""
    store = tmp_path_factory.mktemp("clean") / "store"
    began = time.monotonic()
    result = kg("build", str(small_corpus), "--store", str(store))
    assert result.returncode == 0, result.stderr
    return comparable(KgStore.open(store, read_only=True)), time.monotonic() - began


@pytest.mark.slow
def test_issue_13_sigkill_at_twenty_random_points_never_costs_the_store(small_corpus, clean_build, tmp_path):
    """Twenty builds killed at random points, in pairs: the first of a pair on a fresh store
    (its creation), the second on what the first left. After each kill the store opens (or
    does not exist yet, never half-made); a store its build marked finished holds the clean
    build's quads. After each pair a build runs to completion and gives the clean build's
    quads; at the end ``kg validate`` (SHACL and OWL) passes."""
    expected, duration = clean_build
    rng = random.Random(13)
    store = tmp_path / "store"
    kill_points = []
    for kill in range(20):
        if kill % 2 == 0:
            shutil.rmtree(store, ignore_errors=True)
        build = start_build(small_corpus, store)
        delay = rng.uniform(0.25, 1.0) * duration
        time.sleep(delay)
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate()
        kill_points.append(round(delay, 2))
        try:
            killed = KgStore.open(store, read_only=True)
        except StoreError as err:
            assert "no sahel-kg store here; run 'kg build' first" in str(err), (kill_points, err)
            assert not store.exists(), "killed before the store was created: no folder at all"
        else:
            if not killed.unfinished and killed.quad_count():
                assert comparable(killed) == expected, f"a finished build killed after {kill_points[-1]} s"
            del killed
        if kill % 2 == 1:
            again = kg("build", str(small_corpus), "--store", str(store))
            assert again.returncode == 0, (kill_points, again.stderr)
            rebuilt = KgStore.open(store, read_only=True)
            assert not rebuilt.unfinished
            assert comparable(rebuilt) == expected, f"killed after {kill_points[-2:]} s"
            del rebuilt
    assert [p.name for p in tmp_path.iterdir()] == ["store"], "no staging folder left behind"
    require(shutil.which("java") is not None, "a Java runtime (make setup installs it)")
    validated = kg("validate", "--store", str(store))
    assert validated.returncode == 0, validated.stdout + validated.stderr
