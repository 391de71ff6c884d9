"""The worker pool that keeps store calls off the server's event loop (issue #10): results
and errors reach the caller, a call past its deadline times out while its worker goes on,
a call that gets no worker before its deadline never runs, stopping answers the waiting
callers at once, threads are daemons that end when idle. Calls are held on Events, never
timed."""

from __future__ import annotations

import asyncio
import gc
import threading

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from kg.errors import ParameterError
from kg.serve.workers import Stopping, TimedOut, Workers, stop_waiting
from tests.serve.conftest import Gate, join_idle


def run(coroutine):  # noqa: ANN001, ANN201 - a coroutine and its result
    """``asyncio.run`` in a thread of its own: another test's browser (Playwright's sync
    API) may keep an event loop running in the main thread, where asyncio.run refuses."""
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as err:  # noqa: BLE001 - handed back to the caller
            outcome["error"] = err

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def test_a_call_gives_its_result_and_its_exception():
    workers = Workers(2, name="kg-test-result")
    assert run(workers.call(60, sorted, [3, 1, 2])) == [1, 2, 3]

    def refuse(name: str) -> None:
        raise ParameterError(f"parameter {name!r} is wrong")

    with pytest.raises(ParameterError, match="parameter 'x' is wrong") as raised:
        run(workers.call(60, refuse, "x"))
    # The worker's traceback is kept as text only.
    assert any("in refuse" in note for note in raised.value.__notes__)
    join_idle("kg-test-result")


def test_query_results_held_by_a_failing_call_are_freed_in_its_worker():
    # pyoxigraph raises (an unraisable error, an error under pytest) when query results are
    # freed by another thread than the one that made them; a traceback's frames hold them.
    store = Store()
    store.add(Quad(NamedNode("https://example.org/s"), NamedNode("https://example.org/p"), Literal("o")))

    def fail_while_iterating() -> None:
        solutions = store.query("SELECT ?s WHERE { ?s ?p ?o }")
        for _ in solutions:
            raise RuntimeError("failed on the first row")

    workers = Workers(1, name="kg-test-results")
    with pytest.raises(RuntimeError, match="failed on the first row") as raised:
        run(workers.call(60, fail_while_iterating))
    del raised
    join_idle("kg-test-results")
    gc.collect()


def test_a_call_past_its_deadline_times_out_and_its_worker_goes_on():
    gate, workers = Gate(), Workers(1, name="kg-test-deadline")
    try:
        # Every call times out (the gate is shut); one that had not started yet is dropped,
        # so try until one has started: its caller has its answer, the call runs on.
        while gate.calls == 0:
            with pytest.raises(TimedOut, match="did not end within 0.05 s"):
                run(workers.call(0.05, gate, "late"))
        gate.wait_started()
        assert [t.name for t in threading.enumerate()].count("kg-test-deadline") == 1
    finally:
        gate.opened.set()
    join_idle("kg-test-deadline")
    assert gate.calls == 1
    assert run(workers.call(60, gate, "next")) == "next"


def test_a_call_that_gets_no_worker_before_its_deadline_never_runs():
    gate, workers = Gate(), Workers(2, name="kg-test-busy")
    held = [workers.submit(gate), workers.submit(gate)]
    try:
        gate.wait_started(2)     # both workers are held at the gate
        ran = threading.Event()
        with pytest.raises(TimedOut):
            run(workers.call(0.01, ran.set))
        assert not workers._waiting, "a call dropped at its deadline holds no place in the queue"
    finally:
        gate.opened.set()
    assert [future.result(timeout=60) for future in held] == ["done", "done"]
    join_idle("kg-test-busy")
    assert not ran.is_set()
    assert gate.calls == 2


def test_workers_are_bounded_daemons_that_end_when_idle():
    gate, workers = Gate(), Workers(3, name="kg-test-daemon")
    held = [workers.submit(gate) for _ in range(5)]
    try:
        gate.wait_started(3)
        threads = [t for t in threading.enumerate() if t.name == "kg-test-daemon"]
        assert len(threads) == 3 and all(t.daemon for t in threads)
        assert gate.calls == 3   # the other two wait for a worker
    finally:
        gate.opened.set()
    assert [future.result(timeout=60) for future in held] == ["done"] * 5
    join_idle("kg-test-daemon")
    assert workers._threads == 0


def test_stopping_answers_every_waiting_caller_and_the_calls_run_on():
    gate, workers, ran = Gate(), Workers(1, name="kg-test-stop"), threading.Event()

    async def scenario() -> list[object]:
        running = asyncio.ensure_future(workers.call(3600, gate, "late"))
        queued = asyncio.ensure_future(workers.call(3600, ran.set))
        while gate.calls == 0:        # until the first call holds the only worker
            await asyncio.sleep(0.01)
        stop_waiting()
        return await asyncio.gather(running, queued, return_exceptions=True)

    try:
        answers = run(scenario())
    finally:
        gate.opened.set()
    assert [type(answer) for answer in answers] == [Stopping, Stopping]
    assert str(answers[0]) == "the server is stopping; retry in a moment"
    join_idle("kg-test-stop")
    assert gate.calls == 1 and not ran.is_set()   # the held call ended; the queued one never ran


def test_a_pool_needs_a_worker():
    with pytest.raises(ValueError, match="at least one worker"):
        Workers(0, name="kg-test-none")
