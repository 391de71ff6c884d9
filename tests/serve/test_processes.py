"""The query worker processes (issue #13), driven directly: answers and errors come back
with their types, a query past its deadline has its process killed and replaced, a process
that dies (killed, or out of its memory) costs its query only, a write made by another
handle is seen by the next query, closing leaves no process behind."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from kg.errors import QueryError
from kg.serve.formats import Negotiation, NotAcceptable
from kg.serve.processes import Job, QueryProcesses, WorkerFailed
from kg.serve.protocol import Dataset
from kg.serve.workers import Stopping, TimedOut
from kg.store import KgStore

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def job(text: str, *formats: str) -> Job:
    return Job(text, Dataset(), Negotiation(None, formats), None, 100)


def within(seconds: float) -> float:
    return time.monotonic() + seconds


def gone(pid: int) -> bool:
    """True when ``pid`` has ended and been reaped (no zombie left)."""
    return not Path(f"/proc/{pid}").exists()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until(condition, what: str, seconds: float = 60) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


@pytest.fixture
def pool(seed_store_path: Path):  # noqa: ANN201
    processes = QueryProcesses(seed_store_path, 1)
    yield processes
    processes.close()


def test_answers_and_errors_come_back_with_their_types(pool):
    answer = pool.run(job("ASK { ?doc dcterms:title ?title }"), within(60))
    assert answer.body == b'{"head":{},"boolean":true}' and answer.format.name == "json"
    rows = pool.run(job("SELECT ?doc WHERE { ?doc skg:fileName ?f }", "csv"), within(60))
    assert rows.format.name == "csv" and rows.body.startswith(b"doc\r\n")
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        pool.run(job("SELECT ?x WHERE {"), within(60))
    with pytest.raises(NotAcceptable, match="format 'csv' is not available for an ASK result"):
        pool.run(job("ASK {}", "csv"), within(60))
    with pytest.raises(QueryError, match="SERVICE is disabled"):
        pool.run(job("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), within(60))
    assert len(pool.pids()) == 1      # errors do not cost the process


def test_a_query_past_its_deadline_has_its_process_killed_and_replaced(pool):
    pool.run(job("ASK {}"), within(60))
    [first] = pool.pids()
    with pytest.raises(TimedOut):
        pool.run(job(SLOW), within(0.5))
    assert gone(first), "the process was not killed and reaped"
    # The replacement starts at once, in the background; the next query gets it.
    assert pool.run(job("ASK {}"), within(60)).body == b'{"head":{},"boolean":true}'
    [second] = pool.pids()
    assert second != first


def test_a_process_that_dies_mid_query_costs_that_query_only(pool):
    pool.run(job("ASK {}"), within(60))
    [pid] = pool.pids()
    idle_cpu = cpu_seconds(pid)
    failure: list[BaseException] = []

    def run_slow() -> None:
        try:
            pool.run(job(SLOW), within(300))
        except BaseException as err:  # noqa: BLE001 - checked below
            failure.append(err)

    caller = threading.Thread(target=run_slow)
    caller.start()
    wait_until(lambda: cpu_seconds(pid) > idle_cpu + 0.3, "the slow query never started computing")
    os.kill(pid, signal.SIGKILL)            # as an Oxigraph panic aborts the process
    caller.join(60)
    assert [type(err) for err in failure] == [WorkerFailed]
    assert str(failure[0]).startswith("the query ended its worker process (SIGKILL)")
    assert pool.run(job("ASK {}"), within(60)).format.name == "json"


def test_a_query_that_needs_too_much_memory_ends_its_process_only(seed_store_path: Path):
    # ORDER BY over a cartesian product of the store grows by about 600 MB a second.
    processes = QueryProcesses(seed_store_path, 1, memory_mb=400)
    try:
        greedy = job("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i")
        with pytest.raises(WorkerFailed, match=r"\(SIGABRT\): it ran out of memory \(400 MiB per worker"):
            processes.run(greedy, within(120))
        assert processes.run(job("ASK {}"), within(60)).format.name == "json"
    finally:
        processes.close()


def test_an_idle_process_killed_from_outside_is_not_given_a_query(pool):
    pool.run(job("ASK {}"), within(60))
    [pid] = pool.pids()
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z",
               "the killed process did not end")
    assert pool.run(job("ASK {}"), within(60)).format.name == "json"
    wait_until(lambda: gone(pid), "the dead process was not reaped")


def test_a_write_by_another_handle_is_seen_by_the_next_query(writable_copy: KgStore):
    graph = NamedNode("https://example.org/analyst-notes")
    quad = Quad(NamedNode("https://example.org/n1"), NamedNode("https://example.org/checked"), Literal("yes"), graph)
    asked = job("ASK { GRAPH <https://example.org/analyst-notes> { ?s ?p ?o } }")
    processes = QueryProcesses(writable_copy.path, 1)
    try:
        assert processes.run(asked, within(60)).body.endswith(b"false}")
        writable_copy.oxigraph.add(quad)                 # committed to the write-ahead log only
        assert processes.run(asked, within(60)).body.endswith(b"true}")
        writable_copy.oxigraph.remove(quad)
        writable_copy.flush()
        assert processes.run(asked, within(60)).body.endswith(b"false}")
    finally:
        processes.close()


def test_close_kills_every_process_and_later_runs_stop(seed_store_path: Path):
    processes = QueryProcesses(seed_store_path, 3)
    processes.warm()
    wait_until(lambda: len(processes.pids()) == 3, "the processes never started")
    pids = processes.pids()
    processes.close()
    assert all(gone(pid) for pid in pids)
    with pytest.raises(Stopping):
        processes.run(job("ASK {}"), within(60))


def test_a_store_that_cannot_be_opened_is_one_clear_error(tmp_path: Path):
    processes = QueryProcesses(tmp_path / "no-store-here", 1)
    try:
        with pytest.raises(WorkerFailed, match="cannot open the store"):
            processes.run(job("ASK {}"), within(60))
    finally:
        processes.close()


def test_queries_run_in_processes_over_a_store_on_disk_and_in_threads_over_one_in_memory(seed_store, tmp_path):
    from kg.serve.app import ServeSettings, create_app

    on_disk = create_app(ServeSettings(store_path=tmp_path), store=seed_store).state.runner
    in_memory = create_app(ServeSettings(store_path=tmp_path), store=KgStore.in_memory()).state.runner
    threads_asked = create_app(ServeSettings(store_path=tmp_path, query_processes=False), store=seed_store).state.runner
    assert (on_disk.isolation, in_memory.isolation, threads_asked.isolation) == ("process", "thread", "thread")
    for runner in (on_disk, in_memory, threads_asked):
        runner.close()
