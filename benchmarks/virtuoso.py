"""A throwaway Virtuoso (Debian's ``virtuoso-opensource`` 7) for the query baseline.

:class:`Virtuoso` starts ``virtuoso-t +foreground`` with its own ``virtuoso.ini`` and a
fresh database in a folder, HTTP and SQL bound to 127.0.0.1 on free ports; bulk-loads an
N-Quads file with ``ld_dir`` + ``rdf_loader_run`` (each quad keeps its graph); answers
SELECT queries at ``/sparql`` (which reads every graph when a query names none, like the
embedded store's union default graph). The server's ``MaxQueryExecutionTime`` is the cap;
a query that runs past it answers partially ("anytime" results, flagged by an
``X-SQL-State`` header), which :meth:`Virtuoso.select` reports as a timeout. A query that
does not answer within the cap leaves Virtuoso 7 busy, so the caller restarts it.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

USER, PASSWORD = "dba", "dba"    # a fresh database's DBA account; the server listens on 127.0.0.1 only

INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}, {data}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = {threads}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/www
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {cap}
"""


class QueryTimeout(Exception):
    """The query ran past the cap (no answer, or a partial "anytime" answer)."""


class QueryRejected(Exception):
    """Virtuoso answered with an error (its message, e.g. a SPARQL dialect difference)."""


def available() -> bool:
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def version() -> str:
    out = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True, timeout=10)
    lines = [line for line in (out.stdout + out.stderr).splitlines() if line.startswith("Version")]
    return lines[0].split()[1] if lines else "?"


class Virtuoso:
    """One Virtuoso server over a database in ``folder`` that may read files in ``data``."""

    def __init__(self, folder: Path, data: Path, cap_s: float, memory_gb: float = 2.0) -> None:
        self.folder, self.data, self.cap_s = folder, data, cap_s
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "www").mkdir(exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        buffers = int(memory_gb * 85_000)    # Virtuoso's guide: 170,000 buffers for 2 GB
        (folder / "virtuoso.ini").write_text(INI.format(
            dir=folder, data=data, sql_port=self.sql_port, http_port=self.http_port, buffers=buffers,
            dirty=buffers * 3 // 4, threads=2, cap=int(cap_s)))
        self.endpoint = f"http://127.0.0.1:{self.http_port}/sparql"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Virtuoso:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, wait_s: float = 120) -> None:
        log = (self.folder / "virtuoso.out").open("ab")
        self.process = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(self.folder / "virtuoso.ini")],
            stdout=log, stderr=subprocess.STDOUT, cwd=self.folder, start_new_session=True)
        log.close()
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}; see {self.folder}/virtuoso.log")
            try:
                with urllib.request.urlopen(self.endpoint + "?query=ASK%7B%7D", timeout=5):
                    return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"Virtuoso did not answer within {wait_s} s; see {self.folder}/virtuoso.log")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def restart(self) -> None:
        """After a query that did not answer: Virtuoso 7 stays busy with it, so start again."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.start()

    def isql(self, sql: str, timeout_s: float = 3600) -> str:
        out = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", USER, PASSWORD, f"exec={sql}"],
                             capture_output=True, text=True, timeout=timeout_s)
        if "*** Error" in out.stdout or "*** Error" in out.stderr or out.returncode != 0:
            raise RuntimeError(f"isql: {(out.stdout + out.stderr).strip().splitlines()[-1:]}")
        return out.stdout

    def bulk_load(self, nquads: Path) -> dict:
        """Load ``nquads`` (a file in ``data``) with the bulk loader, then checkpoint; the
        seconds taken and the quads now in the project's graphs."""
        start = time.perf_counter()
        self.isql(f"ld_dir('{nquads.parent}', '{nquads.name}', 'urn:sahel-kg:bench:default');"
                  " rdf_loader_run(); checkpoint;")
        seconds = time.perf_counter() - start
        # (isql reads '%a...' in a LIKE pattern as something else: match the whole path)
        states = self.isql(f"select ll_state, ll_error from DB.DBA.LOAD_LIST where ll_file = '{nquads}';")
        if "NULL" not in states:
            raise RuntimeError(f"the bulk loader reported an error: {states.strip().splitlines()[-3:]}")
        counted = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                              "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/sahel-kg/')) }")[1]
        return {"seconds": seconds, "quads": int(counted[0]["n"]["value"])}

    def select(self, text: str) -> tuple[int, list[dict]]:
        """POST ``text`` to ``/sparql``; (HTTP status, result bindings). QueryTimeout past
        the cap, QueryRejected with Virtuoso's message when it refuses the query."""
        body = urllib.parse.urlencode({"query": text}).encode()
        request = urllib.request.Request(self.endpoint, body, {
            "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=self.cap_s + 5) as answer:
                flagged = answer.headers.get("X-SQL-State") or answer.headers.get("X-SQL-Message")
                data = answer.read()
                status = answer.status
        except urllib.error.HTTPError as err:
            message = err.read().decode("utf-8", "replace").strip()
            message = message.split("SPARQL query:")[0].split("PREFIX ")[0]   # not the query text back
            raise QueryRejected(f"HTTP {err.code}: {' '.join(message.split())[:300]}") from None
        except (TimeoutError, OSError) as err:
            raise QueryTimeout(f"no answer within {self.cap_s + 5:g} s ({type(err).__name__})") from None
        if flagged:
            raise QueryTimeout(f"partial answer at the server's {self.cap_s:g} s limit ({flagged})")
        return status, json.loads(data)["results"]["bindings"]
