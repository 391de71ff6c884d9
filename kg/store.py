"""The embedded store: Oxigraph (RocksDB) on disk, SPARQL 1.1, one named graph per source.

A few verbs: :meth:`KgStore.replace_graphs` (atomic: drop graphs and insert one, in one
transaction), :meth:`KgStore.query` (the union of all named graphs is the default graph),
:meth:`KgStore.quad_count`. Default location ``.kg/`` in the working directory, or
``$KG_STORE``.

>>> store = KgStore.in_memory()
>>> from pyoxigraph import Quad, NamedNode, Literal
>>> g = NamedNode("https://example.org/g")
>>> store.replace_graphs(g, [Quad(g, NamedNode("https://example.org/p"), Literal("x"), g)])
>>> [row["o"].value for row in store.query("SELECT ?o WHERE { ?s ?p ?o }")]
['x']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    Store,
)

from kg.errors import QueryError, StoreError
from kg.namespaces import PREFIXES

Term = NamedNode | Literal
DEFAULT_STORE = Path(".kg")
STORE_ENV = "KG_STORE"
_MARKER = "sahel-kg.store"


def default_store_path() -> Path:
    """``$KG_STORE`` if set, else ``.kg`` in the working directory."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


class KgStore:
    """A sahel-kg store: an Oxigraph store plus the project's conventions."""

    def __init__(self, store: Store, path: Path | None = None) -> None:
        self._store = store
        self.path = path

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
        statements = [f"DROP SILENT GRAPH {g}" for g in {graph, *drop}]
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        statements.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}")
        try:
            self._store.update(" ;\n".join(statements))
        except OSError as err:
            raise StoreError(f"writing graph {graph.value} failed: {_first_line(err)}") from None

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
        """The number of quads, in one graph or in the whole store."""
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))

    def quads(self, graph: NamedNode | None = None) -> Iterable[Quad]:
        """Every quad (of one graph, or of the store)."""
        return self._store.quads_for_pattern(None, None, None, graph)

    def flush(self) -> None:
        """Make sure every write is on disk."""
        if self.path is not None:
            self._store.flush()

    @property
    def oxigraph(self) -> Store:
        """The underlying pyoxigraph Store, for exporters and benchmarks."""
        return self._store


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]
