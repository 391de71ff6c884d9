"""The embedded store: Oxigraph (RocksDB) on disk, SPARQL 1.1, one named graph per source.

A few verbs: :meth:`KgStore.replace_graphs` (atomic: drop graphs and insert one, in one
transaction), :meth:`KgStore.write_graphs` (the same for a batch of graphs given as
N-Triples, as ``kg build`` writes them), :meth:`KgStore.query` (the union of all named
graphs is the default graph), :meth:`KgStore.quad_count`. Default location ``.kg/`` in the
working directory, or ``$KG_STORE``.

Why two write paths: pyoxigraph 0.5 has no transaction object, and its only atomic
"drop, then insert" is one SPARQL UPDATE. When none of the graphs to drop exists, a
transactional load (``Store.load`` / ``Store.extend``) does the same work with about a quarter less CPU
than parsing an ``INSERT DATA`` (``benchmarks/bench_writes.py``). ``bulk_load`` is faster
still, but pyoxigraph does not promise it is all-or-nothing, so the store never uses it.

Memory: Oxigraph's RocksDB keeps up to 6 write buffers of 128 MB for each of its 12 column
families before it writes them to disk, so a long build held gigabytes of buffers (2.3 GB
after a few thousand documents). :meth:`KgStore.write_graphs` flushes after every
:data:`FLUSH_EVERY` bytes of N-Triples written (about 250 MB of buffers).

>>> store = KgStore.in_memory()
>>> from pyoxigraph import Quad, NamedNode, Literal
>>> g = NamedNode("https://example.org/g")
>>> store.replace_graphs(g, [Quad(g, NamedNode("https://example.org/p"), Literal("x"), g)])
>>> [row["o"].value for row in store.query("SELECT ?o WHERE { ?s ?p ?o }")]
['x']
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    serialize,
)

from kg.errors import QueryError, StoreError, StoreLocked
from kg.namespaces import PREFIXES

Term = NamedNode | Literal
DEFAULT_STORE = Path(".kg")
STORE_ENV = "KG_STORE"
_MARKER = "sahel-kg.store"
_LOCK = "sahel-kg.lock"
_UNFINISHED = "sahel-kg.unfinished"
#: Bytes of N-Triples written by write_graphs between two flushes of the on-disk store.
FLUSH_EVERY = 32_000_000


def default_store_path() -> Path:
    """``$KG_STORE`` if set, else ``.kg`` in the working directory."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


class KgStore:
    """A sahel-kg store: an Oxigraph store plus the project's conventions."""

    def __init__(self, store: Store, path: Path | None = None, lock: _StoreLock | None = None) -> None:
        self._store = store
        self.path = path
        self._unflushed = 0
        self._lock = lock

    @property
    def unfinished(self) -> bool:
        """True while a build that writes to this store has not finished, and after one was
        killed before it finished: the graphs derived from the documents (entities, fusion,
        names) may not match them until the next build completes. See :meth:`writing`."""
        return self.path is not None and (self.path / _UNFINISHED).exists()

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """Mark the store :attr:`unfinished` for the duration of a ``with`` block (a build):
        the mark is removed only when the block ends without an error, after a flush, so a
        build killed at any point leaves it.

        >>> store = KgStore.in_memory()
        >>> with store.writing():
        ...     store.unfinished
        False
        """
        return _Writing(self)

    def close(self) -> None:
        """Let go of the store: flush it and release its lock (a KgStore that is garbage
        collected does the same, without the flush). Use no method afterwards."""
        if self.path is not None and self._lock is not None:
            self._store.flush()
        self._store = Store()   # the on-disk store closes once nothing refers to it
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @classmethod
    def open(cls, path: Path, *, create: bool = True, read_only: bool = False,
             wait: bool = False) -> KgStore:
        """Open (or, with ``create``, create) the store at ``path``.

        Read-write, the store is locked for this process until the KgStore is released:
        StoreLocked when another process holds it (with ``wait``, wait until it lets go).
        Read-only, nothing is locked: a reader sees the store as it was when it opened it,
        whatever a writer does meanwhile. StoreError when there is no store at ``path``
        or it cannot be opened.

        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp()) / "store"
        >>> store = KgStore.open(folder)
        >>> KgStore.open(folder)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        kg.errors.StoreLocked: ...: cannot open the store: ... is writing to it; wait for it to finish, ...
        >>> store.close()
        >>> KgStore.open(folder, read_only=True).quad_count()
        0
        """
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: is a file, not a store folder")
        if read_only:
            return cls(_open_read_only(path), path)
        if not (path / _MARKER).exists():
            if not create:
                raise StoreError(_missing(path))
            _prepare(path)
        lock = _StoreLock.take(path, wait=wait)
        _remove_abandoned_creations(path.absolute().parent, path.absolute().name)
        try:
            store = Store(str(path))
        except OSError as err:
            lock.release()
            raise StoreError(f"{path}: cannot open the store ({_first_line(err)}); "
                             "is another kg command using it?") from None
        if not (path / _MARKER).exists():   # created in place, or adopted (see _prepare)
            _write_marker(path)
        return cls(store, path, lock)

    @classmethod
    def in_memory(cls) -> KgStore:
        """A temporary store in memory (tests, benchmarks)."""
        return cls(Store())

    def replace_graphs(self, graph: NamedNode, quads: Iterable[Quad],
                       drop: Iterable[NamedNode] = ()) -> None:
        """In ONE transaction: drop ``graph`` and the graphs in ``drop``, then insert ``quads``
        (all of which must be in ``graph``). Either everything happens or nothing does."""
        quads = list(quads)
        targets = {graph, *drop}
        try:
            if not any(self._store.contains_named_graph(g) for g in targets):
                self._store.extend(quads)   # nothing to drop: one transaction, no SPARQL to parse
                return
            body = serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES).decode()
            statements = [f"DROP SILENT GRAPH {g}" for g in targets]
            statements.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}")
            self._store.update(" ;\n".join(statements))
        except OSError as err:
            raise StoreError(f"writing graph {graph.value} failed: {_first_line(err)}") from None

    def sync_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> tuple[int, int]:
        """Make ``graph`` hold exactly ``quads`` (all in ``graph``, no blank nodes), in ONE
        transaction that writes only the difference: a derived graph recomputed after a
        one-document build changes by a few quads, not by all of them. Returns (removed,
        added).

        >>> store = KgStore.in_memory()
        >>> g, p = NamedNode("https://example.org/g"), NamedNode("https://example.org/p")
        >>> store.sync_graph(g, [Quad(g, p, Literal("a"), g), Quad(g, p, Literal("b"), g)])
        (0, 2)
        >>> store.sync_graph(g, [Quad(g, p, Literal("b"), g), Quad(g, p, Literal("c"), g)])
        (1, 1)
        """
        wanted = set(quads)
        current = set(self._store.quads_for_pattern(None, None, None, graph))
        removed, added = current - wanted, wanted - current
        try:
            if not current:
                self._store.extend(added)     # one transaction, no SPARQL to parse
            elif removed or added:
                statements = []
                for verb, part in (("DELETE DATA", removed), ("INSERT DATA", added)):
                    if part:
                        body = serialize([q.triple for q in part], format=RdfFormat.N_TRIPLES).decode()
                        statements.append(f"{verb} {{ GRAPH {graph} {{\n{body}\n}} }}")
                self._store.update(" ;\n".join(statements))
        except OSError as err:
            raise StoreError(f"writing graph {graph.value} failed: {_first_line(err)}") from None
        return len(removed), len(added)

    def write_graphs(self, graphs: Sequence[tuple[str, bytes]], drop: Iterable[str] = ()) -> None:
        """In ONE transaction: drop every graph named in ``graphs`` and in ``drop``, then write
        each graph of ``graphs`` (graph IRI, its triples as N-Triples). Either everything
        happens or nothing does.

        >>> store = KgStore.in_memory()
        >>> triples = b'<https://example.org/s> <https://example.org/p> "x" .\\n'
        >>> store.write_graphs([("https://example.org/g", triples)])
        >>> store.write_graphs([("https://example.org/h", triples)], drop=["https://example.org/g"])
        >>> store.named_graphs(), store.quad_count()
        (['https://example.org/h'], 1)
        """
        targets = list(dict.fromkeys([*(g for g, _ in graphs), *drop]))
        if not targets:
            return
        try:
            if not any(self._store.contains_named_graph(NamedNode(g)) for g in targets):
                # Nothing to drop: one transactional load of the graphs as TriG.
                self._store.load(b"".join(b"<%s> {\n%s}\n" % (g.encode(), nt) for g, nt in graphs),
                                 format=RdfFormat.TRIG)
            else:
                statements = [f"DROP SILENT GRAPH <{g}>" for g in targets]
                body = b"\n".join(b"GRAPH <%s> {\n%s}" % (g.encode(), nt) for g, nt in graphs)
                statements.append(f"INSERT DATA {{ {body.decode()} }}")
                self._store.update(" ;\n".join(statements))
        except (OSError, SyntaxError) as err:
            raise StoreError(f"writing {len(graphs)} graphs ({targets[0]} ...) failed: "
                             f"{_first_line(err)}") from None
        self._unflushed += sum(len(nt) for _, nt in graphs)
        if self._unflushed > FLUSH_EVERY:
            self.flush()

    def drop_graphs(self, graphs: Iterable[NamedNode]) -> None:
        """Remove the given named graphs in one transaction."""
        statements = [f"DROP SILENT GRAPH {g}" for g in graphs]
        if statements:
            self._store.update(" ;\n".join(statements))

    def query(self, sparql: str, bindings: Mapping[str, Term | Sequence[Term]] | None = None,
              ) -> QuerySolutions | QueryBoolean | QueryTriples:
        """Run a SPARQL query over the union of all graphs. ``bindings`` (variable name ->
        an RDF term, or a sequence of terms) are bound with a VALUES block, never pasted as text. QueryError on a
        syntax error."""
        from kg.queries import bind_values

        try:
            return self._store.query(bind_values(sparql, dict(bindings or {})),
                                     use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {_first_line(err)}") from None

    def named_graphs(self) -> list[str]:
        """The IRIs of every named graph, sorted."""
        return sorted(g.value for g in self._store.named_graphs())

    def contains_graph(self, graph: NamedNode) -> bool:
        """True when ``graph`` is in the store."""
        return self._store.contains_named_graph(graph)

    def quad_count(self, graph: NamedNode | None = None) -> int:
        """The number of quads, in one graph or in the whole store (counted by Oxigraph)."""
        if graph is None:
            return len(self._store)
        rows = self._store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return int(next(iter(rows))["n"].value)

    def quads(self, graph: NamedNode | None = None) -> Iterable[Quad]:
        """Every quad (of one graph, or of the store)."""
        return self._store.quads_for_pattern(None, None, None, graph)

    def flush(self) -> None:
        """Make sure every write is on disk (and the write buffers are emptied)."""
        self._unflushed = 0
        if self.path is not None:
            self._store.flush()

    @property
    def oxigraph(self) -> Store:
        """The underlying pyoxigraph Store, for exporters and benchmarks."""
        return self._store


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


# --- creating, locking and opening the folder ------------------------------------------------
#
# A store folder holds RocksDB's files, the marker file (what makes it a sahel-kg store: a
# folder with other files is never written to) and the lock file. Creation must survive
# SIGKILL at any instant: a new store is made in a hidden sibling folder and renamed into
# place once RocksDB's files and the marker are there, so the store folder either does not
# exist or is complete. Where it cannot be (the folder exists already, empty), the store is
# created in place, and a folder holding only RocksDB's files (a creation killed before its
# marker) is recognised and adopted by the next build.

#: Files RocksDB (or our lock) may leave in a store folder; a folder with nothing else is a
#: store whose creation was interrupted before its marker was written.
_ROCKSDB_FILE = re.compile(r"^(CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+|"
                           r"\d+\.(log|sst|blob)|bulk-\d+\.sst|.*\.dbtmp|"
                           + re.escape(_LOCK) + "|" + re.escape(_UNFINISHED) + r")$")
_CREATING = ".creating-"
#: How often a read-only open is tried when files vanish under it (a writer's compaction).
_READ_ONLY_TRIES = 5


def _missing(path: Path) -> str:
    if _interrupted_creation(path):
        return f"{path}: the store's creation was interrupted; run 'kg build' again"
    return f"{path}: no sahel-kg store here; run 'kg build' first"


def _interrupted_creation(path: Path) -> bool:
    """True for a folder holding some of RocksDB's files (or our lock file) and nothing else:
    a store created in place and killed before its marker was written."""
    if not path.is_dir():
        return False
    names = [entry.name for entry in path.iterdir()]
    return bool(names) and all(_ROCKSDB_FILE.match(name) for name in names)


def _prepare(path: Path) -> None:
    """Make ``path`` ready to open read-write when it holds no marker: create the store
    (atomically when the folder does not exist yet), or adopt an interrupted creation.
    StoreError when the folder holds anything else."""
    if path.is_dir() and any(path.iterdir()):
        if _interrupted_creation(path):
            return   # adopted: opened, then marked, by KgStore.open
        raise StoreError(f"{path}: folder is not empty and is not a sahel-kg store; choose another --store")
    if path.is_dir():
        return       # an empty folder given as --store: created in place
    parent = path.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_creations(parent, path.name)
    staging = parent / f".{path.name}{_CREATING}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        store = Store(str(staging))
        store.flush()
        del store    # closed: RocksDB keeps its folder's path, so it must not be open when renamed
        _write_marker(staging)
        try:
            os.rename(staging, path)
        except FileExistsError:
            pass     # another build created it first: use theirs
        except OSError as err:
            if not path.is_dir():
                raise StoreError(f"{path}: cannot create the store ({err.strerror})") from None
    except OSError as err:
        raise StoreError(f"{path}: cannot create the store ({_first_line(err)})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_abandoned_creations(parent: Path, name: str) -> None:
    """Remove the staging folders of creations whose process is gone (killed mid-way)."""
    for folder in parent.glob(f".{glob_escape(name)}{_CREATING}*"):
        pid = folder.name.rsplit(_CREATING, 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def glob_escape(text: str) -> str:
    """``text`` with glob's special characters escaped."""
    return re.sub(r"([*?[])", r"[\1]", text)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_marker(folder: Path) -> None:
    """The marker: an empty file (creating one is atomic), written once RocksDB's files are."""
    (folder / _MARKER).touch()


def _open_read_only(path: Path) -> Store:
    """Oxigraph's read-only store at ``path``. A writer may delete a file while it is being
    opened (its compaction), so a failure is tried again a few times before it is reported."""
    if not (path / _MARKER).exists():
        raise StoreError(_missing(path))
    for attempt in range(_READ_ONLY_TRIES):
        try:
            return Store.read_only(str(path))
        except OSError as err:
            if attempt == _READ_ONLY_TRIES - 1:
                raise StoreError(f"{path}: cannot open the store ({_first_line(err)})") from None
            time.sleep(0.1 * (attempt + 1))
    raise AssertionError("unreachable")


class _Writing(contextlib.AbstractContextManager):
    def __init__(self, store: KgStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        if self.store.path is not None:
            (self.store.path / _UNFINISHED).write_text(f"{_command()} (pid {os.getpid()})\n", encoding="utf-8")

    def __exit__(self, exc_type: type | None, *_: object) -> None:
        if exc_type is None and self.store.path is not None:
            self.store.flush()
            (self.store.path / _UNFINISHED).unlink(missing_ok=True)


def writer_alive(path: Path) -> bool:
    """Whether the process that holds (or last held) the store's lock still runs: the pid
    its lock file names (a reader's check, which takes no lock)."""
    try:
        text = (path / _LOCK).read_text(encoding="utf-8")
    except OSError:
        return False
    found = re.search(r"\(pid (\d+)", text)
    return bool(found) and _alive(int(found.group(1)))


class _StoreLock:
    """An exclusive lock on a store folder (``flock`` on its lock file), held by one
    read-write KgStore; the file says who holds it, for the error another process gets.
    The kernel releases it when the process ends, however it ends."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    @classmethod
    def take(cls, path: Path, *, wait: bool = False) -> _StoreLock:
        try:
            import fcntl
        except ImportError:   # not POSIX: RocksDB's own lock still refuses a second writer
            return cls(None)
        path.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path / _LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as err:
            raise StoreError(f"{path}: cannot open the store ({err.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another kg command"
            os.close(fd)
            raise StoreLocked(f"{path}: cannot open the store: {holder} is writing to it; wait "
                              "for it to finish, or run 'kg build --wait'", holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{_command()} (pid {os.getpid()}, since {time.strftime('%H:%M:%S')})\n".encode(), 0)
        return cls(fd)

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)   # no holder named any more
            os.close(self._fd)   # closing the descriptor releases the flock
            self._fd = None

    def __del__(self) -> None:
        self.release()


def _command() -> str:
    """What this process is, as a user would name it: ``kg build``, ``kg serve``, ``pytest``."""
    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path("python")
    name = program.parent.name if program.name == "__main__.py" else program.name   # python -m X
    if name == "kg":
        return " ".join(["kg", *sys.argv[1:2]])
    return name
