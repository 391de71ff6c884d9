"""Live SPARQL servers for the tests, started on 127.0.0.1 on free ports with temporary
databases, and stopped afterwards: Oxigraph's server (PyPI ``oxigraph``) and Virtuoso
(Debian's ``virtuoso-opensource``, installed by scripts/install-system-deps.sh)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.virtuoso import INI as VIRTUOSO_INI  # one configuration for the tests and the benchmark

VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"   # a fresh Virtuoso database's DBA account


@dataclass(frozen=True)
class Server:
    """Where a running server answers: its query, update and Graph Store endpoints."""

    name: str
    query: str
    update: str
    graph_store: str
    port: int


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` CLI installed beside this Python (the dev extra), if any."""
    candidate = Path(sys.executable).with_name("oxigraph")
    return str(candidate) if candidate.exists() else shutil.which("oxigraph")


def _wait(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return                  # it answers, even if not 200
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"no answer from {url} within {seconds} s")


@contextlib.contextmanager
def _running(command: list[str], probe: str, log: Path) -> Iterator[subprocess.Popen]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait(probe, process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[Server]:
    """``oxigraph serve`` with the union of named graphs as default graph (as KgStore)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [oxigraph_binary() or "oxigraph", "serve", "--location", str(folder / "data"),
               "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    with _running(command, f"{base}/query?query=ASK%7B%7D", folder / "oxigraph.log"):
        yield Server("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store", port)




@contextlib.contextmanager
def virtuoso_server(folder: Path) -> Iterator[Server]:
    """``virtuoso-t +foreground`` with a fresh database in ``folder``, HTTP and SQL ports on
    127.0.0.1. Its ``/sparql`` reads every graph when a query names none."""
    http_port, sql_port = free_port(), free_port()
    (folder / "www").mkdir(parents=True, exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, data=folder, sql_port=sql_port, http_port=http_port,
                                       buffers=10000, dirty=6000, threads=2, cap=60))
    base = f"http://127.0.0.1:{http_port}"
    command = [shutil.which("virtuoso-t") or "virtuoso-t", "+foreground", "+configfile", str(ini)]
    with _running(command, f"{base}/sparql?query=ASK%7B%7D", folder / "virtuoso.out"):
        yield Server("virtuoso", f"{base}/sparql", f"{base}/sparql-auth", f"{base}/sparql-graph-crud-auth",
                     http_port)
