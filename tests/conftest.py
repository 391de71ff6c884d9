"""Shared fixtures: the project's paths, and one seed store built once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.store import KgStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def seeds_and_generated(folder: Path, docs: int, seed: int) -> Path:
    """``folder`` holding the seeds and ``docs`` articles of the scale corpus (benchmarks/corpus.py)."""
    from benchmarks.corpus import generate

    shutil.copytree(SEEDS, folder, dirs_exist_ok=True)
    generate(folder, docs, seed=seed)
    return folder


def require(condition: bool, what: str) -> None:
    """Skip a test for a missing component locally; under CI=true, fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing; CI must have it (make test installs it)")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from seeds/ once for the whole session (tests must not modify it)."""
    path = tmp_path_factory.mktemp("seed-store") / "store"
    store = KgStore.open(path)
    build(store, [SEEDS])
    del store
    return path


@pytest.fixture(scope="session")
def seed_store(seed_store_path: Path) -> KgStore:
    """The seed store, opened once (read-write handle, shared; do not write to it)."""
    return KgStore.open(seed_store_path, create=False)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of seeds/ that a test may edit."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_kg_serve(store_path: Path, *extra: str, timeout_s: float = 30.0,  # noqa: ANN201
                   launcher: tuple[str, ...] = ("-m", "kg"), python: str | None = None):
    """Start a real ``kg serve`` on 127.0.0.1 in a subprocess; return (process, base URL).
    ``launcher``: the Python arguments that run the CLI; ``python``: the interpreter (default:
    this one). The caller stops it with :func:`stop_kg_serve`."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    process = subprocess.Popen(
        [python or sys.executable, *launcher, "serve", "--store", str(store_path),
         "--host", "127.0.0.1", "--port", str(port), *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            message = process.stderr.read()
            process.stderr.close()
            raise RuntimeError(f"kg serve exited: {message}")
        try:
            with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.2)
    stop_kg_serve(process)
    raise RuntimeError("kg serve did not answer within the timeout")


def stop_kg_serve(process) -> None:  # noqa: ANN001 - subprocess.Popen
    """Stop a server started by :func:`start_kg_serve` and close its pipe."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except Exception:  # noqa: BLE001 - a server that ignores SIGTERM is killed
        process.kill()
        process.wait(timeout=10)
    process.stderr.close()


@pytest.fixture(scope="session")
def live_server(seed_store_path: Path):  # noqa: ANN201
    """A real ``kg serve`` over the seed store (read-only), for the whole session."""
    process, base = start_kg_serve(seed_store_path)
    yield base
    stop_kg_serve(process)
