"""The embedded store: Oxigraph (RocksDB) on disk, SPARQL 1.1, one named graph per source.

A few verbs: :meth:`KgStore.replace_graphs` (atomic: drop graphs and insert one, in one
transaction), :meth:`KgStore.write_graphs` (the same for a batch of graphs given as
N-Triples, as ``kg build`` writes them), :meth:`KgStore.query` (the union of all named
graphs is the default graph), :meth:`KgStore.quad_count`. Default location ``.kg/`` in the
working directory, or ``$KG_STORE``.

Why two write paths: pyoxigraph 0.5 has no transaction object, and its only atomic
"drop, then insert" is one SPARQL UPDATE. When none of the graphs to drop exists, a
transactional load (``Store.load`` / ``Store.extend``) does the same work about 35% faster
than parsing an ``INSERT DATA`` (measured in ``docs/distributed.md``). ``bulk_load`` is faster
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

import os
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

from kg.errors import QueryError, StoreError
from kg.namespaces import PREFIXES

Term = NamedNode | Literal
DEFAULT_STORE = Path(".kg")
STORE_ENV = "KG_STORE"
_MARKER = "sahel-kg.store"
#: Bytes of N-Triples written by write_graphs between two flushes of the on-disk store.
FLUSH_EVERY = 32_000_000


def default_store_path() -> Path:
    """``$KG_STORE`` if set, else ``.kg`` in the working directory."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


class KgStore:
    """A sahel-kg store: an Oxigraph store plus the project's conventions."""

    def __init__(self, store: Store, path: Path | None = None) -> None:
        self._store = store
        self.path = path
        self._unflushed = 0

    @classmethod
    def open(cls, path: Path, *, create: bool = True, read_only: bool = False) -> KgStore:
        """Open (or create) the store at ``path``; StoreError when it cannot be opened."""
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: is a file, not a store folder")
        if not create and not (path / _MARKER).exists():
            raise StoreError(f"{path}: no sahel-kg store here; run 'kg build' first")
        if path.is_dir() and any(path.iterdir()) and not (path / _MARKER).exists():
            raise StoreError(
                f"{path}: folder is not empty and is not a sahel-kg store; choose another --store"
            )
        try:
            store = Store.read_only(str(path)) if read_only else Store(str(path))
        except OSError as err:
            raise StoreError(f"{path}: cannot open the store ({_first_line(err)}); "
                             "is another kg command using it?") from None
        (path / _MARKER).touch()
        return cls(store, path)

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

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None,
              ) -> QuerySolutions | QueryBoolean | QueryTriples:
        """Run a SPARQL query over the union of all graphs. ``bindings`` (variable name ->
        RDF term) are bound with a VALUES block, never pasted as text. QueryError on a
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
