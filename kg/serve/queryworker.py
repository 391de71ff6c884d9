"""One query worker process: ``python -m kg.serve.queryworker FD STORE_PATH MEMORY_MB``.

Started and killed by :class:`kg.serve.processes.QueryProcesses` (which says why queries
run in processes). It opens the store read-only, caps its own memory (``RLIMIT_DATA``),
says ``ready`` on the socket ``FD``, then answers one :class:`~kg.serve.processes.Job` at
a time until the server closes the socket. Before each query it reopens the store if the
files a write changes (write-ahead logs, MANIFEST, CURRENT) differ from those it opened.
It ends by itself when the server process is gone, and ignores SIGINT.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from kg.errors import KgError
from kg.serve.evaluate import evaluate, first_line
from kg.serve.formats import NotAcceptable
from kg.serve.processes import OPEN_ATTEMPTS, Job, WorkerFailed


class _Reader:
    """The store opened read-only, reopened when its files show a write since."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.store = None
        self._seen: tuple | None = None

    def current(self):  # noqa: ANN201 - pyoxigraph.Store
        seen = self._fingerprint()
        if seen == self._seen and self.store is not None:
            return self.store
        from pyoxigraph import Store

        for attempt in range(OPEN_ATTEMPTS):
            try:
                self.store, self._seen = Store.read_only(str(self.path)), seen
                return self.store
            except (OSError, RuntimeError) as err:   # a file listed in the manifest was compacted away
                failure = err
                time.sleep(0.05 * (attempt + 1))
                seen = self._fingerprint()
        if self.store is None:
            raise OSError(f"{self.path}: cannot open the store read-only ({first_line(failure)})")
        return self.store            # an older, consistent snapshot rather than no answer

    def _fingerprint(self) -> tuple:
        """Names, sizes and times of the files a write changes: WALs, MANIFEST, CURRENT."""
        found = []
        with os.scandir(self.path) as entries:
            for entry in entries:
                name = entry.name
                if name == "CURRENT" or name.startswith("MANIFEST-") or name.endswith(".log"):
                    with contextlib.suppress(FileNotFoundError):
                        stat = entry.stat()
                        found.append((name, stat.st_size, stat.st_mtime_ns))
        return tuple(sorted(found))


def _exit_with_parent(parent: int) -> None:
    """End this process when the server that started it is gone (it may have been killed
    before it could kill its workers). pyoxigraph releases the GIL while it evaluates, so
    this thread runs even mid-query."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def main(argv: list[str]) -> int:
    """The worker: ``python -m kg.serve.queryworker FD STORE_PATH MEMORY_MB`` (0: no memory
    limit). Says ``ready`` once the store is open, then answers each Job with ("ok",
    Answer) or ("error", exception), until the server closes the socket. ("started", None)
    comes first: a process that ends before it says so never took the query, which another
    process can run instead."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn = Connection(int(argv[0]))
    if int(argv[2]):
        limit = int(argv[2]) << 20
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    reader = _Reader(Path(argv[1]))
    try:
        reader.current()
    except OSError as err:
        conn.send(("failed", first_line(err)))
        return 1
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job: Job = conn.recv()
            conn.send(("started", None))
        except (EOFError, OSError):
            return 0
        try:
            reply = ("ok", evaluate(reader.current(), job.text, job.dataset, job.choose,
                                    base_iri=job.base_iri, row_cap=job.row_cap))
        except (KgError, NotAcceptable, OSError) as err:
            reply = ("error", err)
        except Exception as err:  # noqa: BLE001 - reported to the server, which answers 500
            reply = ("error", WorkerFailed(f"the query worker failed: {type(err).__name__}: {first_line(err)}"))
        try:
            conn.send(reply)
        except OSError:                   # the server is gone
            return 0
        except Exception as err:  # noqa: BLE001 - an error that does not pickle
            conn.send(("error", WorkerFailed(f"the query worker failed: {first_line(err)}")))
        reply = None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
