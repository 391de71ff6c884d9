"""Fixtures of the kg serve tests: apps over the seed store (in-process), a writable copy.

Expected values come from the seed documents' sidecars (seeds/*.meta.toml), read here,
never from the program's output.
"""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kg.serve.app import ServeSettings, create_app
from kg.store import KgStore
from tests.conftest import SEEDS

TOKEN = "test-write-token"
TITLES_QUERY = """SELECT ?file ?title WHERE { ?doc skg:fileName ?file ; dcterms:title ?title } ORDER BY ?file"""


def seed_titles() -> dict[str, str]:
    """{file name: title} of every seed document, from its sidecar metadata."""
    return {meta.name.replace(".meta.toml", ".txt"): tomllib.loads(meta.read_text("utf-8"))["title"]
            for meta in sorted(SEEDS.glob("*.meta.toml"))}


def client_for(store: KgStore, path: Path, **settings: object) -> TestClient:
    """An in-process client of the app over ``store``."""
    return TestClient(create_app(ServeSettings(store_path=path, **settings), store=store))


@pytest.fixture
def seed_client(seed_store: KgStore, seed_store_path: Path) -> TestClient:
    """The read-only app over the shared seed store."""
    return client_for(seed_store, seed_store_path)


@pytest.fixture
def writable_copy(seed_store: KgStore, tmp_path: Path) -> KgStore:
    """A private copy of the seed store (a consistent RocksDB backup), opened read-write."""
    target = tmp_path / "store-copy"
    seed_store.oxigraph.backup(str(target))
    (target / "sahel-kg.store").touch()
    return KgStore.open(target, create=False)


def stop(process) -> None:  # noqa: ANN001
    """Stop a server started by ``start_kg_serve`` and close its pipes."""
    process.terminate()
    process.wait(timeout=10)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


@pytest.fixture(scope="module")
def live_seed_server(seed_store_path: Path):  # noqa: ANN201
    """A real, read-only ``kg serve`` over the seed store on 127.0.0.1 (base URL)."""
    from tests.conftest import start_kg_serve

    process, base = start_kg_serve(seed_store_path)
    yield base
    stop(process)


class Gate:
    """A call that counts itself, says it has started, and waits until the test opens the
    gate: tests hold a request on it instead of timing one."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.started = threading.Semaphore(0)
        self.calls = 0
        self._count = threading.Lock()

    def __call__(self, answer: object = "done") -> object:
        with self._count:
            self.calls += 1
        self.started.release()
        if not self.opened.wait(300):
            raise RuntimeError("the test never opened the gate")
        return answer

    def wait_started(self, count: int = 1) -> None:
        """Until ``count`` more calls have started (fails after a minute)."""
        for _ in range(count):
            assert self.started.acquire(timeout=60), "a held call never started"


def join_idle(name: str) -> None:
    """Wait until the worker threads called ``name`` have ended (they end when idle)."""
    for thread in [t for t in threading.enumerate() if t.name == name]:
        thread.join(timeout=60)
        assert not thread.is_alive(), f"worker {name} still busy"
