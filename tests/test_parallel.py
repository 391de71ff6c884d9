"""kg build in worker processes and on Dask (issue #10): the same graph as a serial build,
one-line errors naming the file, no process left behind, safe to run again."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from benchmarks.corpus import generate
from kg import namespaces as ns
from kg.build import build, check_documents, write_sources
from kg.store import KgStore
from tests.conftest import ROOT, SEEDS, seeds_and_generated
from tests.test_build import same_content

#: Graphs whose quads are compared one for one; the ontology's (parsed from Turtle, with
#: blank nodes) is compared as a graph.
_BLANK_NODE_GRAPHS = {ns.GRAPH_ONTOLOGY}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds and eight generated articles (with their sidecars), in one folder."""
    return seeds_and_generated(tmp_path_factory.mktemp("corpus"), 8, seed=11)


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory) -> KgStore:
    store = KgStore.open(tmp_path_factory.mktemp("serial") / "store")
    report = build(store, [corpus], workers=1)
    assert len(report.added) == 13
    return store


def assert_same_graph(a: KgStore, b: KgStore) -> None:
    """Every named graph identical, quad for quad (the ontology graph: isomorphic)."""
    assert a.named_graphs() == b.named_graphs()
    for name in a.named_graphs():
        if name not in _BLANK_NODE_GRAPHS:
            assert {str(q) for q in a.quads(NamedNode(name))} == {str(q) for q in b.quads(NamedNode(name))}, name
    assert same_content(a, b)


def test_two_worker_processes_build_the_same_graph_as_one(serial, corpus, tmp_path):
    store = KgStore.open(tmp_path / "store")
    report = build(store, [corpus], workers=2, batch_size=2)   # 7 batches over 2 processes
    assert sorted(report.added) == sorted(check.key for check in check_documents([corpus]))
    assert_same_graph(serial, store)


def test_a_dask_local_cluster_builds_the_same_graph(serial, corpus, tmp_path):
    before = _children()
    store = KgStore.open(tmp_path / "store")
    report = build(store, [corpus], dask="local", batch_size=4)
    assert len(report.added) == 13
    assert_same_graph(serial, store)
    assert _children(wait_for=before) <= before, "the LocalCluster's processes are gone"


def test_a_worker_build_then_a_serial_one_writes_nothing(serial, corpus, tmp_path):
    store = KgStore.open(tmp_path / "store")
    build(store, [corpus], workers=2, batch_size=4)
    again = build(store, [corpus], workers=1)
    assert again.added == again.updated == [] and len(again.unchanged) == 13


def test_a_file_gone_after_the_check_is_skipped_naming_it(corpus, tmp_path):
    folder = tmp_path / "docs"
    shutil.copytree(corpus, folder)
    sources = check_documents([folder])
    victim = sources[-1].path
    victim.unlink()
    report = write_sources(KgStore.in_memory(), sources, workers=2, batch_size=3)
    assert [skip.path for skip in report.skipped] == [victim] and len(report.added) == 12
    assert report.skipped[0].reason.startswith(f"{victim}: cannot be read")


def test_an_extractor_failure_names_the_file_and_the_others_are_built(monkeypatch, tmp_path):
    from kg.extract.pipeline import Extractor

    real = Extractor.extract

    def broken(self, document):
        if document.source_key == "001_7cf434835259646a.txt":
            raise ValueError("no such stage")
        return real(self, document)

    monkeypatch.setattr(Extractor, "extract", broken)
    report = build(KgStore.in_memory(), [SEEDS])
    assert len(report.added) == 4 and len(report.skipped) == 1
    assert re.search(r"001_7cf434835259646a\.txt: extraction failed \(ValueError: no such stage\); please report",
                     report.skipped[0].reason)


# --- the CLI, as a user runs it: a killed worker, Ctrl-C --------------------------------


def _start_build(corpus: Path, store: Path, tmp: Path) -> tuple[subprocess.Popen, Path]:
    """``kg build --workers 2`` in its own process group; its workers' status folder."""
    env = {**os.environ, "TMPDIR": str(tmp)}
    env.pop("KG_STORE", None)
    process = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store),
                                "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    return process, tmp


def _busy_worker(tmp: Path, process: subprocess.Popen, timeout_s: float = 120) -> tuple[int, str, set[int]]:
    """Wait until a worker is extracting a file: (its pid, the file, every worker pid)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process.poll() is None:
        files = [f for folder in tmp.glob("kg-build-*") for f in folder.iterdir() if f.name.isdigit()]
        for file in files:
            text = file.read_text(encoding="utf-8") if file.exists() else ""
            if text:
                return int(file.name), text, {int(f.name) for f in files}
        time.sleep(0.05)
    raise AssertionError(f"no worker got busy: {process.communicate()}")


def _gone(pids: set[int], timeout_s: float = 10) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() for pid in pids):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def larger_corpus(tmp_path_factory) -> Path:
    """Enough articles (200) that two workers are busy for a few seconds."""
    folder = tmp_path_factory.mktemp("larger")
    generate(folder, 200, seed=5)
    return folder


@pytest.mark.slow
def test_a_killed_worker_is_one_line_naming_its_file_and_a_rerun_completes(larger_corpus, tmp_path):
    store = tmp_path / "store"
    process, tmp = _start_build(larger_corpus, store, tmp_path)
    pid, _file, workers = _busy_worker(tmp, process)
    os.kill(pid, signal.SIGKILL)
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 10, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), err
    # The file it was extracting; killed between two files (sending a result), the first
    # file of the oldest batch in flight.
    assert lines[0].startswith(f"kg: error: {larger_corpus}/") and "a build worker died" in lines[0]
    assert _gone(workers), "no worker is left running"
    again = subprocess.run([sys.executable, "-m", "kg", "build", str(larger_corpus), "--store", str(store),
                            "--workers", "1"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    reopened = KgStore.open(store, create=False)
    assert len([g for g in reopened.named_graphs() if g.startswith(ns.GRAPH_DOC_PREFIX)]) == 200


@pytest.mark.slow
def test_ctrl_c_stops_the_build_and_its_workers_without_a_traceback(larger_corpus, tmp_path):
    process, tmp = _start_build(larger_corpus, tmp_path / "store", tmp_path)
    _pid, _file, workers = _busy_worker(tmp, process)
    os.killpg(process.pid, signal.SIGINT)   # what the terminal sends to the foreground group
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.strip() in ("kg: aborted", "kg: interrupted")   # click turns Ctrl-C into Abort
    assert _gone(workers), "no worker is left running"
    assert not list(tmp.glob("kg-build-*")), "the status folder is removed"


@pytest.mark.slow
def test_workers_leave_when_the_building_process_is_killed(larger_corpus, tmp_path):
    process, tmp = _start_build(larger_corpus, tmp_path / "store", tmp_path)
    _pid, _file, workers = _busy_worker(tmp, process)
    os.kill(process.pid, signal.SIGKILL)   # no chance to stop its workers
    process.communicate(timeout=60)
    assert _gone(workers), "the orphaned workers leave by themselves"


def test_workers_and_dask_exclude_each_other():
    result = subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS), "--workers", "2", "--dask", "local"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "give --workers or --dask, not both" in result.stderr


def _children(wait_for: set[int] | None = None, timeout_s: float = 15) -> set[int]:
    """The pids of this process's children (waiting, up to ``timeout_s``, until they are a
    subset of ``wait_for``)."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == os.getpid() and fields[0] != "Z" and not _is_resource_tracker(stat.parent):
                found.add(int(stat.parent.name))
        if wait_for is None or found <= wait_for or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def _is_resource_tracker(proc: Path) -> bool:
    """multiprocessing's resource tracker: one per process that used it, by design, until
    that process exits."""
    try:
        return b"resource_tracker" in (proc / "cmdline").read_bytes()
    except OSError:
        return False
