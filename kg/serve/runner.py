"""Run one SPARQL query or update against the store, within the server's limits.

What a query means (dataset, prefixes, row cap, formats) is :mod:`kg.serve.evaluate`;
this module decides where it runs and for how long.

- **Processes, over an on-disk store.** Each query runs in one of ``workers`` worker
  processes (:mod:`kg.serve.processes`) that open the store read-only. Past ``timeout_s``
  the caller gets :class:`QueryTimeout` (HTTP 503) and the process is killed and replaced,
  so no query outlives the timeout, however pathological; nor uses more than ``memory_mb``
  MiB (the process aborts: :class:`WorkerFailed`, HTTP 500). A query that waits for a worker
  past its deadline times out too, so slow queries cannot pile up.
- **Threads, over a store with no path** (an in-memory store: tests, embedding): there is
  no file another process could open, so queries run in ``workers`` threads of this
  process (:mod:`kg.serve.workers`; pyoxigraph releases the GIL while it evaluates). Past
  the timeout the caller gets 503 as well and the query stops at its next result row, but
  one still computing its first row keeps its thread until it ends: a thread cannot be
  killed.
- **Updates** run in this process, one at a time, without a timeout (a cut-off update could
  still commit); the store is flushed after each, and worker processes reopen it before
  their next query, so a query sent after an update sees it.

>>> from pyoxigraph import Store
>>> from kg.serve.formats import Negotiation
>>> runner = Runner(Store(), timeout_s=5, row_cap=10)
>>> runner.isolation
'thread'
>>> answer = runner.query_sync("ASK {}", Dataset(), Negotiation(), base_iri=None)
>>> answer.body, answer.truncated
(b'{"head":{},"boolean":true}', False)
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

from pyoxigraph import Store

from kg.errors import QueryError
from kg.namespaces import PREFIXES
from kg.serve.evaluate import Answer, Chooser, QueryTimeout, evaluate, first_line
from kg.serve.processes import MEMORY_MB, Job, QueryProcesses, WorkerFailed
from kg.serve.protocol import Dataset
from kg.serve.sparqltext import apply_using, forbid_network
from kg.serve.workers import Stopping, TimedOut, Workers

__all__ = ["WORKERS", "Answer", "Chooser", "QueryTimeout", "Runner", "WorkerFailed"]

WORKERS = 4


class Runner:
    """Runs queries and updates on one pyoxigraph Store with a timeout and a row cap; in
    ``workers`` processes over the store at ``path``, in as many threads when it is None."""

    def __init__(self, store: Store, *, timeout_s: float, row_cap: int, path: Path | None = None,
                 workers: int = WORKERS, memory_mb: int | None = MEMORY_MB) -> None:
        self.store = store
        self.timeout_s = timeout_s
        self.row_cap = row_cap
        # In process mode each thread drives one process; in thread mode it runs the query.
        self.workers = Workers(workers, name="kg-query")
        self.processes = QueryProcesses(path, workers, memory_mb=memory_mb) if path is not None else None
        self._update_lock = threading.Lock()

    @property
    def isolation(self) -> str:
        """"process" or "thread": where queries run (see the module docstring)."""
        return "thread" if self.processes is None else "process"

    def start(self) -> None:
        """Start the worker processes ahead of the first query (nothing in thread mode)."""
        if self.processes is not None:
            self.processes.warm()

    def close(self) -> None:
        """Kill the worker processes (the server is stopping)."""
        if self.processes is not None:
            self.processes.close()

    async def query(self, text: str, dataset: Dataset, choose: Chooser, *, base_iri: str | None) -> Answer:
        """Run ``text`` in a worker; QueryTimeout past the timeout, QueryError on bad SPARQL,
        formats.NotAcceptable when ``choose`` finds no format for the result's form,
        WorkerFailed when the worker process died."""
        cancelled = threading.Event()
        deadline = time.monotonic() + self.timeout_s
        try:
            if self.processes is not None:
                job = Job(text, dataset, choose, base_iri, self.row_cap)
                return await self.workers.call(self.timeout_s, self.processes.run, job, deadline)
            return await self.workers.call(self.timeout_s, self.query_sync, text, dataset, choose,
                                           base_iri=base_iri, deadline=deadline, cancelled=cancelled)
        except Stopping:
            cancelled.set()
            raise QueryTimeout("the server is stopping; retry in a moment") from None
        except TimedOut:
            cancelled.set()
            raise QueryTimeout(f"the query ran longer than this server's limit of {self.timeout_s:g} s "
                               "(kg serve --timeout); narrow it or add a LIMIT") from None

    def query_sync(self, text: str, dataset: Dataset, choose: Chooser, *, base_iri: str | None,
                   deadline: float | None = None, cancelled: threading.Event | None = None) -> Answer:
        """The same over this process's store, in the calling thread (a worker thread's body)."""
        return evaluate(self.store, text, dataset, choose, base_iri=base_iri, row_cap=self.row_cap,
                        deadline=deadline, cancelled=cancelled)

    async def update(self, text: str, dataset: Dataset, *, base_iri: str | None) -> None:
        """Run a SPARQL update (one at a time); QueryError on bad SPARQL or dataset."""
        forbid_network(text)
        text = apply_using(text, dataset.default_graphs, dataset.named_graphs)
        await asyncio.wrap_future(self.workers.submit(self._update_sync, text, base_iri))

    def _update_sync(self, text: str, base_iri: str | None) -> None:
        with self._update_lock:
            try:
                self.store.update(text, base_iri=base_iri, prefixes=PREFIXES)
            except SyntaxError as err:
                raise QueryError(f"SPARQL update syntax error: {first_line(err)}") from None
            except RuntimeError as err:   # an evaluation error, e.g. CLEAR of a graph that does not exist
                raise QueryError(f"SPARQL update failed: {first_line(err)}") from None
            self.store.flush()
