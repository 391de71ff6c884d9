"""Worker processes that run SPARQL queries over the on-disk store, and can be stopped.

pyoxigraph cannot cancel an evaluation, and a thread cannot be killed: a query past the
timeout used to keep its worker thread until it ended, so a few pathological queries (a
cartesian product under ``ORDER BY``, a ``(p|!p)*`` path) held every worker and the server
answered 503 until it was restarted. A process can be killed. :class:`QueryProcesses`
keeps up to ``size`` of them, each running ``python -m kg.serve.queryworker`` with the store
opened read-only (``Store.read_only``), and :meth:`QueryProcesses.run` sends one query to
an idle one and waits until the deadline:

- **Past the deadline** the process is killed (SIGKILL) and reaped at once, and a
  replacement starts in the background; the caller gets :class:`TimedOut`.
- **Bounded memory.** Killing on time is not enough: ``ORDER BY`` over a cartesian product
  of the seed store took 6 GB in 10 s. Each process may use at most ``memory_mb`` MiB of
  data (``RLIMIT_DATA``: heap and private mappings, not the store's files); past it the
  allocation fails and the process aborts.
- **A process that dies** mid-query (out of memory, or an Oxigraph panic: ``ORDER BY``
  over a ``(p|!p)*`` path aborts pyoxigraph 0.5.13) costs that query only:
  :class:`WorkerFailed` (HTTP 500), and a replacement starts. In a thread, the same abort
  ended the whole server. One that had died idle (it never said it took the query) is
  replaced and the query goes to another.
- **Fresh data.** A read-only RocksDB handle sees the store as it was when opened. Before
  each query the worker compares the store folder's write-ahead logs, manifest and
  ``CURRENT`` (names, sizes, modification times) with those it opened, and reopens when
  they changed: an update the server ran, or a ``kg build`` beside it, is seen by the next
  query. Measured (pyoxigraph 0.5.13, a writer adding, dropping, flushing and compacting in
  another process): an open handle went on answering from its snapshot without an error,
  and every reopened handle saw whole transactions in commit order; an open that raced a
  compaction sometimes failed (a file it listed was deleted), so opening is retried, and
  the worker keeps its older snapshot if it keeps failing. (pyoxigraph calls a read-only
  open beside a writer "undefined behaviour"; these are the failure modes seen.)
- **No orphans.** Processes are killed by :meth:`QueryProcesses.close` (the server's
  shutdown), at interpreter exit, and end by themselves within a second when the server
  process is gone (even after a SIGKILL). They ignore SIGINT: a Ctrl-C in a terminal reaches
  the whole process group, and the server decides when its workers stop.

Starting a process costs about 0.3 s (the interpreter, pyoxigraph, opening the store), so
they are started ahead of need (:meth:`QueryProcesses.warm`) and after each kill.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import weakref
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from kg.serve.evaluate import Answer, Chooser
from kg.serve.protocol import Dataset
from kg.serve.workers import Stopping, TimedOut

#: Seconds a new worker process may take to open the store and say it is ready.
START_TIMEOUT_S = 60.0
#: Attempts at opening the store read-only (an open can race a compaction of the writer).
OPEN_ATTEMPTS = 5
#: MiB of data (heap) one worker process may use by default (kg serve --worker-memory).
MEMORY_MB = 2048


class WorkerFailed(Exception):
    """A query worker process could not start, or died during a query (HTTP 500)."""


@dataclass(frozen=True)
class Job:
    """One query for a worker process: everything :func:`kg.serve.evaluate.evaluate` needs."""

    text: str
    dataset: Dataset
    choose: Chooser
    base_iri: str | None
    row_cap: int


class _Child:
    """One worker process and the parent's end of its socket."""

    def __init__(self, process: subprocess.Popen, conn: Connection) -> None:
        self.process = process
        self.conn = conn

    def kill(self) -> None:
        """SIGKILL, reap, close the socket (idempotent)."""
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        with contextlib.suppress(OSError):
            self.conn.close()


def _environment() -> dict[str, str]:
    """This process's environment, with its module search path as PYTHONPATH: the worker
    imports the ``kg`` this server runs, wherever it came from (as multiprocessing's spawn
    does)."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(entry for entry in sys.path if entry)}


def _status(code: int | None) -> str:
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return signal.Signals(-code).name
        return f"signal {-code}"
    return f"exit status {code}"


def _kill_all(children: set[_Child]) -> None:
    for child in list(children):
        child.kill()
    children.clear()


class QueryProcesses:
    """Up to ``size`` worker processes over the store at ``path``, each with at most
    ``memory_mb`` MiB of data (None: no limit). Thread-safe.

    Call :meth:`run` from a thread (it blocks); at most ``size`` callers at a time get a
    process without waiting, so run it from a pool of at most ``size`` threads."""

    def __init__(self, path: Path, size: int, *, memory_mb: int | None = MEMORY_MB) -> None:
        if size < 1:
            raise ValueError(f"a pool needs at least one worker, got {size}")
        self.path = Path(path)
        self.size = size
        self.memory_mb = memory_mb
        self._cond = threading.Condition()
        self._idle: list[_Child] = []
        self._live = 0               # processes idle, busy or starting
        self._children: set[_Child] = set()
        self._closed = False
        self._finalizer = weakref.finalize(self, _kill_all, self._children)

    def run(self, job: Job, deadline: float) -> Answer:
        """``job`` in a worker process; its Answer, or the error it raised (QueryError,
        NotAcceptable, ...). TimedOut when it has not ended by ``deadline`` (time.monotonic;
        the process is killed), WorkerFailed when the process died, Stopping after close."""
        may_retry = True
        while True:
            child = self._take(deadline)
            started = False
            try:
                child.conn.send(job)
                status, payload = self._receive(child, deadline)
                started = status == "started"          # the worker has taken the query
                if started:
                    status, payload = self._receive(child, deadline)
            except (EOFError, OSError):
                self._discard(child)
                if self._closed:
                    raise Stopping("the server is stopping; retry in a moment") from None
                if not started and may_retry:          # it had died idle: another one takes the query
                    may_retry = False
                    continue
                raise WorkerFailed(f"the query ended its worker process ({_status(child.process.returncode)}): "
                                   f"it ran out of memory{self._memory()} or Oxigraph failed on it; the "
                                   "worker was replaced") from None
            self._give_back(child)
            if status == "error":
                raise payload
            return payload

    def _memory(self) -> str:
        return "" if self.memory_mb is None else f" ({self.memory_mb} MiB per worker: kg serve --worker-memory)"

    def _receive(self, child: _Child, deadline: float) -> tuple[str, object]:
        """The next message of ``child``; TimedOut (and ``child`` killed) past ``deadline``."""
        if not child.conn.poll(max(0.0, deadline - time.monotonic())):
            self._discard(child)
            raise TimedOut("the query did not end in time; its worker process was killed")
        return child.conn.recv()

    def warm(self) -> None:
        """Start every missing process now, in the background."""
        with self._cond:
            missing = 0 if self._closed else self.size - self._live
            self._live += missing
        for _ in range(missing):
            threading.Thread(target=self._refill, name="kg-query-start", daemon=True).start()

    def close(self) -> None:
        """Kill every worker process (busy ones too) and reap them; later runs get Stopping."""
        with self._cond:
            self._closed = True
            self._idle.clear()
            self._cond.notify_all()
        self._finalizer()

    def pids(self) -> list[int]:
        """The process ids of the live workers (for tests and diagnostics)."""
        with self._cond:
            return sorted(child.process.pid for child in self._children)

    def _take(self, deadline: float) -> _Child:
        with self._cond:
            while True:
                if self._closed:
                    raise Stopping("the server is stopping; retry in a moment")
                while self._idle:
                    child = self._idle.pop()
                    if child.process.poll() is None:
                        return child
                    self._children.discard(child)     # died while idle (killed from outside)
                    self._live -= 1
                    threading.Thread(target=child.kill, daemon=True).start()
                if self._live < self.size:
                    self._live += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimedOut("no query worker process became free in time")
                self._cond.wait(remaining)
        try:
            return self._start()
        except BaseException:
            with self._cond:
                self._live -= 1
                self._cond.notify()
            raise

    def _give_back(self, child: _Child) -> None:
        with self._cond:
            if not self._closed:
                self._idle.append(child)
                self._cond.notify()
                return
        child.kill()

    def _discard(self, child: _Child) -> None:
        """Kill ``child`` and start its replacement in the background."""
        child.kill()
        with self._cond:
            self._children.discard(child)
            self._live -= 1
            self._cond.notify()
        self.warm()

    def _refill(self) -> None:
        try:
            child = self._start()
        except Exception as err:  # noqa: BLE001 - a background start has nobody to raise to
            if not self._closed:
                print(f"kg serve: {err}", file=sys.stderr)
            with self._cond:
                self._live -= 1
                self._cond.notify()
            return
        self._give_back(child)

    def _start(self) -> _Child:
        ours, theirs = socket.socketpair()
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "kg.serve.queryworker", str(theirs.fileno()), str(self.path),
                 str(self.memory_mb or 0)],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                env=_environment())
        except OSError as err:
            ours.close()
            raise WorkerFailed(f"cannot start a query worker process: {err}") from None
        finally:
            theirs.close()
        child = _Child(process, Connection(ours.detach()))
        with self._cond:
            if self._closed:
                child.kill()
                raise Stopping("the server is stopping; retry in a moment")
            self._children.add(child)
        try:
            if not child.conn.poll(START_TIMEOUT_S):
                raise WorkerFailed(f"a query worker process did not start within {START_TIMEOUT_S:g} s")
            status, payload = child.conn.recv()
            if status != "ready":
                raise WorkerFailed(f"a query worker process cannot open the store: {payload}")
        except (EOFError, OSError):
            self._forget(child)
            if self._closed:
                raise Stopping("the server is stopping; retry in a moment") from None
            raise WorkerFailed("a query worker process ended on start "
                               f"({_status(child.process.returncode)})") from None
        except BaseException:
            self._forget(child)
            raise
        return child

    def _forget(self, child: _Child) -> None:
        child.kill()
        with self._cond:
            self._children.discard(child)
