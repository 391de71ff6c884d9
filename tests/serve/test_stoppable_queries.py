"""Issue #13: queries that can be stopped, against a real ``kg serve`` on the seed store.

Before, a query past the timeout kept its worker thread (pyoxigraph cannot cancel), so a
few pathological queries held every worker and every later query got 503 until a
restart. Now each query runs in a worker process that is killed past the timeout. The
server is started with ``--timeout 1``; clients come from several loopback addresses
(127.0.0.2, 127.0.0.3, ...: all of 127.0.0.0/8 is this machine), each its own client for
the per-client limit."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import start_kg_serve, stop_kg_serve

pytestmark = pytest.mark.slow

WORKERS = 4
PATHOLOGICAL = [
    # Three-way cartesian products of the store (18,000 quads: 6e12 rows) under COUNT and ORDER BY.
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i",
    # Any path from anywhere to anywhere, joined with itself.
    "SELECT (COUNT(*) AS ?n) WHERE { ?s (skg:x|!skg:x)* ?o . ?o (skg:x|!skg:x)* ?t }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s (rdf:type|!rdf:type)* ?o . ?o (rdf:type|!rdf:type)* ?t }",
]


def client(base: str, address: str) -> httpx.Client:
    """An HTTP client whose connections come from ``address`` (a loopback address)."""
    return httpx.Client(base_url=base, timeout=60, transport=httpx.HTTPTransport(local_address=address))


def ask(base: str, address: str, query: str) -> httpx.Response:
    with client(base, address) as http:
        return http.get("/sparql", params={"query": query})


def children(pid: int) -> dict[int, str]:
    """{pid: state} of the processes whose parent is ``pid`` (from /proc)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, parent = stat.read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, IndexError):
            continue
        if int(parent) == pid:
            found[int(stat.parent.name)] = state
    return found


def wait_for(condition, seconds: float, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def server(seed_store_path):  # noqa: ANN201
    process, base = start_kg_serve(seed_store_path, "--timeout", "1", "--workers", str(WORKERS))
    try:
        wait_for(lambda: len(children(process.pid)) == WORKERS, 60, "the worker processes never started")
        yield process, base
    finally:
        if process.poll() is None:
            stop_kg_serve(process)
        elif not process.stderr.closed:
            process.stderr.close()


def test_issue_13_pathological_queries_do_not_freeze_the_server(server):
    process, base = server
    first_workers = set(children(process.pid))
    addresses = [f"127.0.0.{n}" for n in (2, 3, 4, 5) for _ in range(2)]     # two per client
    with ThreadPoolExecutor(len(addresses)) as pool:
        answers = list(pool.map(ask, [base] * 8, addresses, PATHOLOGICAL * 2))
    assert [a.status_code for a in answers] == [503] * 8, [a.text for a in answers]
    assert all("longer than this server's limit of 1 s" in a.text for a in answers)

    started = time.monotonic()
    quick = ask(base, "127.0.0.9", "ASK { ?doc dcterms:title ?title }")
    took = time.monotonic() - started
    assert quick.status_code == 200, quick.text
    assert quick.json()["boolean"] is True
    assert took < 2, f"a simple ASK after 8 pathological queries took {took:.1f} s"

    # The workers that ran them were killed and reaped (no zombie), and replaced.
    wait_for(lambda: len(children(process.pid)) == WORKERS, 30, "the killed workers were not replaced")
    now = children(process.pid)
    assert "Z" not in now.values()
    assert not set(now) >= first_workers, "no worker was killed"

    stop_kg_serve(process)
    assert process.returncode in (0, -signal.SIGTERM)
    wait_for(lambda: not any(alive(pid) for pid in now), 10, "worker processes outlived the server")


def test_issue_13_one_client_at_most_two_queries_at_once(server):
    _, base = server
    slow = PATHOLOGICAL[0]
    with ThreadPoolExecutor(2) as pool:
        held = [pool.submit(ask, base, "127.0.0.2", slow) for _ in range(2)]
        time.sleep(0.3)           # both are in flight (they run for the whole second)
        third = ask(base, "127.0.0.2", "ASK {}")
        other = ask(base, "127.0.0.3", "ASK {}")
        assert [h.result().status_code for h in held] == [503, 503]
    assert third.status_code == 429
    assert third.text.count("\n") == 1
    assert third.text.startswith("127.0.0.2 already has 2 SPARQL requests in flight")
    assert other.status_code == 200, other.text     # another client is not held up
    assert ask(base, "127.0.0.2", "ASK {}").status_code == 200     # its answers freed the client


def test_issue_13_workers_end_when_the_server_is_killed(server):
    process, _ = server
    workers = set(children(process.pid))
    assert len(workers) == WORKERS
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    wait_for(lambda: not any(alive(pid) for pid in workers), 10, "worker processes outlived a killed server")
