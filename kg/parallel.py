"""Where build jobs run: in the building process, in worker processes, or on a Dask cluster.

Each runner is a context manager with one method, ``map(batches)``: it yields the document
graphs of each batch of sources (see :mod:`kg.jobs`; a file that cannot be built is a
:class:`~kg.jobs.Skipped` in its place), in the order of the batches, with at
most a few batches in flight, so that memory stays flat however many documents there are.
Leaving the ``with`` block early (an error, Ctrl-C) stops every worker the runner started.

- :class:`InProcess` -- ``--workers 1``: plain calls, no process, no pickling.
- :class:`ProcessPool` -- ``--workers N``: N spawned processes (spawned, not forked: a
  fork would copy the open store and the parent's threads).
- :class:`DaskRunner` -- ``--dask ADDRESS|local``: one task per document on a Dask
  cluster (``local``: a LocalCluster of two processes on 127.0.0.1, no dashboard).
"""

from __future__ import annotations

import contextlib
import logging
import math
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Protocol

from kg import jobs
from kg.errors import WorkerError
from kg.jobs import DocumentGraph, JobContext, Skipped, Source, job_graphs

Batches = Iterable[list[Source]]


class Runner(Protocol):
    """What :func:`kg.build.write_sources` needs of a runner."""

    def __enter__(self) -> Runner: ...
    def __exit__(self, *exc: object) -> None: ...
    def map(self, batches: Batches) -> Iterator[list[DocumentGraph | Skipped]]: ...


def runner(context: JobContext, *, workers: int = 1, dask: str | None = None,
           batches: int = 1, batch_size: int = 64) -> Runner:
    """The runner for ``--workers``/``--dask``. Fewer batches than workers need fewer
    processes; a single process's worth of work runs in-process (starting a worker costs
    about as much as extracting a batch)."""
    if dask:
        return DaskRunner(context, dask, batch_size)
    processes = min(workers, batches)
    return ProcessPool(context, processes) if processes > 1 else InProcess(context)


class InProcess:
    """Jobs as plain calls in this process."""

    def __init__(self, context: JobContext) -> None:
        self.context = context

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, batches: Batches) -> Iterator[list[DocumentGraph | Skipped]]:
        for batch in batches:
            yield job_graphs(batch, self.context)


class ProcessPool:
    """Jobs in ``workers`` spawned processes, one batch per job, at most two batches per
    worker in flight.

    Each worker notes the file it is extracting in a private folder (one file per worker,
    named by its pid), so that when a worker dies (killed, out of memory, a crash in a
    C extension) the error names the document it was on. Workers ignore Ctrl-C; the
    building process stops them when it leaves the ``with`` block early."""

    def __init__(self, context: JobContext, workers: int) -> None:
        self.context = context
        self.workers = workers
        self._status: Path | None = None
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessPool:
        self._status = Path(tempfile.mkdtemp(prefix="kg-build-"))
        # The context goes by file: passed as an argument, it is written into a pipe that
        # only empties once the worker has imported everything, seconds during which
        # spawning a worker blocks (and Ctrl-C is deferred).
        with (self._status / _CONTEXT_FILE).open("wb") as handle:
            pickle.dump(self.context, handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._pool = ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker, initargs=(str(self._status), os.getpid()))
        return self

    def __exit__(self, exc_type: type | None, *_: object) -> None:
        assert self._pool is not None and self._status is not None
        if exc_type is not None:
            self._kill_workers()
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self._status, ignore_errors=True)

    def map(self, batches: Batches) -> Iterator[list[DocumentGraph | Skipped]]:
        assert self._pool is not None
        pending: deque = deque()
        try:
            for batch in batches:
                with _sigint_deferred():   # a worker is spawned with Ctrl-C blocked from its start
                    pending.append((batch, self._pool.submit(_pool_job, batch)))
                if len(pending) >= 2 * self.workers:
                    yield pending.popleft()[1].result()
            while pending:
                yield pending.popleft()[1].result()
        except BrokenProcessPool:
            error = self._died(pending[0][0] if pending else [])
            self._kill_workers()   # the pool's SIGTERM may not reach one blocked writing its result
            self._pool.shutdown(wait=True)
            raise error from None

    def _died(self, batch: list[Source]) -> WorkerError:
        """The error for a worker's death, naming the file it was extracting: the status
        file of a worker that is no longer alive (one the pool stopped removed its own)."""
        dead = [text for file in self._status_files()
                if not _alive(int(file.name)) and (text := _read(file))]
        if dead:
            where = f"{dead[0]}: a build worker died while extracting this file"
        elif batch:
            where = f"{batch[0].path} (or another file of its batch): a build worker died"
        else:
            where = "a build worker died"
        return WorkerError(f"{where} (killed, or out of memory?); documents written so far are kept: "
                           "run 'kg build' again, or with --workers 1 to see the error")

    def _status_files(self) -> list[Path]:
        if not self._status or not self._status.is_dir():
            return []
        return sorted(f for f in self._status.iterdir() if f.name.isdigit())

    def _kill_workers(self) -> None:
        """Kill the workers now (an error, a dead worker, Ctrl-C: their jobs are no longer
        wanted, and they hold nothing that needs a clean exit). SIGKILL, because a worker
        blocked writing a result that nobody reads never runs a SIGTERM handler when the
        signal lands on another of its threads."""
        pids = {int(f.name) for f in self._status_files()}
        pids |= set(getattr(self._pool, "_processes", None) or {})   # those still starting
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return not Path("/proc").is_dir()


_CONTEXT: JobContext | None = None
_CONTEXT_FILE = "context.pickle"


def _start_worker(status_dir: str, parent: int) -> None:
    """Initialise a worker process of the building process ``parent`` (its pid, given by the
    parent: read here, ``os.getppid()`` is already 1 when the parent was killed while this
    worker started, and the worker would wait forever): its context, its status file,
    Ctrl-C ignored (the building process decides), SIGTERM from the pool leaves without a
    traceback."""
    global _CONTEXT
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with (Path(status_dir) / _CONTEXT_FILE).open("rb") as handle:
        _CONTEXT = pickle.load(handle)
    jobs.STATUS_FILE = Path(status_dir) / str(os.getpid())
    jobs.STATUS_FILE.write_text("", encoding="utf-8")
    signal.signal(signal.SIGTERM, _stop_worker)
    threading.Thread(target=_watch_parent, args=(parent,), name="kg-parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Leave when the building process is gone (killed with SIGKILL, or by the OOM killer,
    it cannot stop its workers, which would wait on their pipes forever)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _stop_worker(_signum: int, _frame: object) -> None:
    """Stopped by the pool (SIGTERM): not a death to report, so the status file goes."""
    if jobs.STATUS_FILE is not None:
        with contextlib.suppress(OSError):
            jobs.STATUS_FILE.unlink()
    os._exit(0)


def _pool_job(batch: list[Source]) -> list[DocumentGraph | Skipped]:
    assert _CONTEXT is not None
    try:
        return job_graphs(batch, _CONTEXT)
    finally:
        if jobs.STATUS_FILE is not None:
            jobs.STATUS_FILE.write_text("", encoding="utf-8")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Block Ctrl-C in this thread while a worker may be spawned: the worker inherits the
    mask, so it never prints a KeyboardInterrupt traceback while it imports; here the signal
    is not lost (another thread takes it, and KeyboardInterrupt follows)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class DaskRunner:
    """Jobs as Dask tasks, one per document (so that a task whose workers keep dying names
    its file). ``address`` is a scheduler (``tcp://host:8786``) or ``local``: a LocalCluster
    of two worker processes of one thread each, on 127.0.0.1, without dashboard. The
    workers must have sahel-kg installed (the same version: it is checked) and see the
    articles at the same paths as the building process."""

    def __init__(self, context: JobContext, address: str, batch_size: int = 64) -> None:
        self.context = context
        self.address = address
        self.batch_size = batch_size
        self._cluster = None
        self._client = None
        self._context = None
        self._inflight = 2

    def __enter__(self) -> DaskRunner:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise WorkerError("--dask needs dask.distributed: pip install 'sahel-kg[dask]'") from None
        try:
            if self.address == "local":
                self._cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                             host="127.0.0.1", dashboard_address=None,
                                             silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.address, timeout=20)
            threads = sum(self._client.nthreads().values())
            if not threads:
                raise WorkerError(f"the Dask scheduler at {self.address} has no workers; start some "
                                  "with 'dask worker ADDRESS'")
            self._inflight = max(2, math.ceil(2 * threads / self.batch_size))
            self._context = self._client.scatter(self.context, broadcast=True)
        except (OSError, TimeoutError) as err:
            self.__exit__(type(err))
            raise WorkerError(f"cannot reach the Dask scheduler at {self.address}: "
                              f"{str(err).splitlines()[0] if str(err) else type(err).__name__}") from None
        except BaseException:
            self.__exit__(Exception)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        for thing in (self._client, self._cluster):
            if thing is not None:
                with contextlib.suppress(Exception):
                    thing.close()
        self._client = self._cluster = None

    def map(self, batches: Batches) -> Iterator[list[DocumentGraph | Skipped]]:
        assert self._client is not None
        pending: deque = deque()
        for batch in batches:
            futures = [self._client.submit(job_graphs, [source], self._context, pure=False)
                       for source in batch]
            pending.append((batch, futures))
            if len(pending) >= self._inflight:
                yield self._result(*pending.popleft())
        while pending:
            yield self._result(*pending.popleft())

    def _result(self, batch: list[Source], futures: list) -> list[DocumentGraph | Skipped]:
        from distributed import KilledWorker

        assert self._client is not None
        try:
            results = self._client.gather(futures)
        except KilledWorker:
            source = next((s for s, f in zip(batch, futures, strict=True) if f.status == "error"), batch[0])
            raise WorkerError(f"{source.path}: Dask workers died while extracting this file (each "
                              "try killed its worker); documents written so far are kept") from None
        return [graph for graphs in results for graph in graphs]
