"""Issue #10: the server is never frozen by one explorer request. A real uvicorn server on
127.0.0.1 (in a thread of this process, so that a panel can be held on a gate) over the seed
store: while a /api/timeline request is held, /api/legend and a SPARQL ASK are answered;
past the server's timeout the held request gets 503 with one line, and a request that
finds every explorer worker busy gets 503 without ever running. Nothing is timed: requests
are held on Events and released by the test."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from kg.explore import page, panels, routes
from kg.serve.app import ServeSettings, create_app
from tests.serve.conftest import Gate, join_idle

ASK_EVENT = {"query": "ASK { ?e a skg:Event }"}
SPARQL_JSON = {"accept": "application/sparql-results+json"}


@contextmanager
def served(app: Starlette) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free port of 127.0.0.1 in a thread; its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="test-uvicorn", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=60)
        sock.close()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """Hold every call of the timeline's and map's panel on a gate (opened at the end)."""
    held, real = Gate(), panels.incidents

    def incidents(store, filters):  # noqa: ANN001, ANN202
        held()
        return real(store, filters)

    monkeypatch.setattr(panels, "incidents", incidents)
    yield held
    held.opened.set()
    join_idle("kg-explore")


def app_over_seeds(seed_store, seed_store_path, timeout_s: float) -> Starlette:  # noqa: ANN001
    return create_app(ServeSettings(store_path=seed_store_path, timeout_s=timeout_s), store=seed_store)


def test_issue_10_a_held_timeline_request_leaves_the_server_answering(gate, seed_store, seed_store_path):
    with served(app_over_seeds(seed_store, seed_store_path, timeout_s=600)) as base, \
            ThreadPoolExecutor(1) as background, httpx.Client(base_url=base, timeout=60) as http:
        try:
            slow = background.submit(httpx.get, base + "/api/timeline", timeout=600)
            gate.wait_started()
            # Before issue #10 the held panel ran on the event loop: these waited for it.
            legend = http.get("/api/legend")
            ask = http.get("/sparql", params=ASK_EVENT, headers=SPARQL_JSON)
            search = http.get("/api/search", params={"q": "JNIM"})
            assert not slow.done(), "the timeline request is still held"
        finally:
            gate.opened.set()
        timeline = slow.result(timeout=600)
    assert legend.status_code == 200 and legend.json()["legend"]
    assert ask.json() == {"head": {}, "boolean": True}
    assert search.json()["results"][0]["label"] == "JNIM"
    assert timeline.status_code == 200
    assert timeline.json()["incidents"]


def test_issue_10_past_the_timeout_the_client_gets_503_and_one_line(gate, seed_store, seed_store_path):
    with served(app_over_seeds(seed_store, seed_store_path, timeout_s=0.5)) as base, \
            httpx.Client(base_url=base, timeout=60) as http:
        try:
            # Each request times out at the shut gate. One whose call had not started by then
            # never runs; repeat until every explorer worker holds a started call.
            while gate.calls < routes.WORKERS:
                late = http.get("/api/timeline")
                assert late.status_code == 503
            assert late.text.endswith("\n") and late.text.count("\n") == 1
            assert late.text.startswith("the request ran longer than this server's limit of 0.5 s (kg serve --timeout)")
            assert late.headers["content-type"].startswith("text/plain")
            assert late.headers["content-security-policy"] == page.SERVER_CSP
            assert late.headers["x-content-type-options"] == "nosniff"
            assert late.headers["retry-after"] == "60"
            # Every explorer worker is busy: the next request gets no worker before its deadline.
            busy = http.get("/api/map")
            assert busy.status_code == 503 and busy.text == late.text
            # What needs no explorer worker is answered, errors mapped as before.
            assert http.get("/api/legend").status_code == 200
            assert http.get("/sparql", params=ASK_EVENT, headers=SPARQL_JSON).json()["boolean"] is True
            bad = http.get("/api/timeline", params={"focus": "x"})
            assert bad.status_code == 400 and bad.text == "parameter 'focus' applies to /api/graph only\n"
        finally:
            gate.opened.set()
        join_idle("kg-explore")
    assert gate.calls == routes.WORKERS, "the request that found no worker never ran"
