"""``kg build``: reference graphs and documents -> the store, idempotently.

Order of work: (1) check every document first (load it and let it go): a file that
cannot be read -- not text, not UTF-8, too large, a malformed sidecar -- is skipped
(:class:`~kg.jobs.Skipped`, with its one-line reason) and the others are built; (2) refresh
the ontology and reference graphs when their files changed; (3) extract the new and changed
documents -- in this process, in worker processes (``workers``) or on a Dask cluster
(``dask``), see :mod:`kg.parallel` -- and write them in batches, one transaction per batch
(a changed document's old graph is dropped in the same transaction as its new one is
written); unchanged documents are left alone, and so is the stored graph of a file that is
skipped (never pruned: a file that went bad loses nothing); (4) recompute the derived
graphs (:func:`derive`). Re-running on unchanged input writes no document.

Every write is one transaction, and the derived graphs are recomputed by every build, so a
build killed at any point leaves a store that opens, and the next build completes it.

Memory stays flat as the corpus grows: the check keeps only each file's name and identity,
and at most a few batches of document graphs are in flight at a time.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg import namespaces as ns
from kg import resources
from kg.entities import rebuild_entities, rebuild_names
from kg.errors import DocumentError, MetadataError, ReferenceDataError
from kg.fuse import fuse
from kg.jobs import DocumentGraph, JobContext, Skipped, Source, code_digest, fingerprint
from kg.jobs import graph_iri as document_graph_iri
from kg.link.reference import ReferenceIndex
from kg.load import discover_files, load_document, source_key
from kg.parallel import runner
from kg.store import KgStore
from kg.terms import literal, skg

__all__ = ["BATCH_CHARS", "BATCH_SIZE", "BuildReport", "Checked", "Skipped", "build", "check_documents",
           "code_digest", "derive", "refresh_reference_graphs", "scan_documents", "stored_documents",
           "write_sources"]

#: Documents per write transaction (and per job of a worker process).
BATCH_SIZE = 64
#: Characters of text per batch at most (a batch of long documents holds fewer of them), so
#: that the graphs of a batch in flight take a bounded amount of memory.
BATCH_CHARS = 2_000_000

#: Called with (source key, documents done, documents in all) after each document.
Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    """What a build did, by source key (documents) or graph IRI (reference graphs)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    fused: int = 0

    @property
    def stored(self) -> int:
        """How many of the documents given are in the store now (added, updated, unchanged)."""
        return len(self.added) + len(self.updated) + len(self.unchanged)


@dataclass
class Checked:
    """The outcome of :func:`scan_documents`: what to build, and the files left out."""

    sources: list[Source] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class StoredDocument:
    """A document already in the store, with the fingerprint of what built its graph."""

    iri: str
    graph: str
    source_key: str
    fingerprint: str | None = None


_STORED_DOCUMENTS = """
SELECT ?doc ?graph ?key ?fingerprint WHERE {
  GRAPH ?graph { ?doc a skg:Document ; skg:fileName ?key . ?graph prov:wasDerivedFrom ?doc
                 OPTIONAL { ?graph skg:contentHash ?fingerprint } }
}
"""


def stored_documents(store: KgStore) -> dict[str, StoredDocument]:
    """source key -> the document stored for it."""
    return {
        row["key"].value: StoredDocument(row["doc"].value, row["graph"].value, row["key"].value,
                                         row["fingerprint"].value if row["fingerprint"] else None)
        for row in store.query(_STORED_DOCUMENTS)
    }


def build(store: KgStore, paths: Iterable[Path], *, prune: bool = False, workers: int = 1,
          dask: str | None = None, batch_size: int = BATCH_SIZE,
          progress: Progress | None = None) -> BuildReport:
    """Build ``paths`` into ``store``; with ``prune``, drop documents no longer present.
    ``workers`` > 1 extracts in that many processes, ``dask`` (an address or ``local``) on
    a Dask cluster; the graph written is the same. A file that cannot be built is left out
    and listed in ``report.skipped``; WorkerError when a worker dies."""
    checked = scan_documents(paths)
    return write_sources(store, checked.sources, skipped=checked.skipped, prune=prune, workers=workers,
                         dask=dask, batch_size=batch_size, progress=progress)


def scan_documents(paths: Iterable[Path], progress: Progress | None = None, *, strict: bool = False) -> Checked:
    """Load every document under ``paths`` once and let it go; return what is needed to
    build each later, and the files that cannot be built (each with the one-line message of
    its DocumentError or MetadataError; with ``strict``, the first of those errors is
    raised instead). DocumentError when two files share a source key or when there is
    nothing to load."""
    files = discover_files(paths)
    seen: dict[str, Path] = {}
    checked = Checked()
    for done, (root, file) in enumerate(files, 1):
        key = source_key(file, root)
        first = seen.setdefault(key, file)
        if first != file:
            raise DocumentError(
                f"{file}: same name '{key}' as {first}; "
                "build the two folders separately or rename one file"
            )
        try:
            document = load_document(file, root)
        except (DocumentError, MetadataError) as err:
            if strict:
                raise
            checked.skipped.append(Skipped(key, file, str(err)))
        else:
            checked.sources.append(Source(file.absolute(), root.absolute(), document.source_key,
                                          document.identity, len(document.text)))
        if progress:
            progress(key, done, len(files))
    if not files:
        raise DocumentError("no articles found (.txt, .md, .html) in the given paths")
    return checked


def check_documents(paths: Iterable[Path], progress: Progress | None = None) -> list[Source]:
    """:func:`scan_documents`, strict: the first file that cannot be built raises its error
    (DocumentError or MetadataError) before anything is written."""
    return scan_documents(paths, progress, strict=True).sources


def write_sources(store: KgStore, sources: list[Source], *, skipped: Iterable[Skipped] = (),
                  prune: bool = False, workers: int = 1, dask: str | None = None,
                  batch_size: int = BATCH_SIZE, progress: Progress | None = None) -> BuildReport:
    """Write checked ``sources`` (see :func:`scan_documents`) into ``store``. ``skipped``:
    the files the check left out, reported with those the extraction leaves out, and never
    pruned."""
    report = BuildReport(skipped=list(skipped))
    with store.writing():   # marked unfinished until the derived graphs match the documents
        report.refreshed = refresh_reference_graphs(store)
        code = code_digest()
        basis = code + _graph_hash(store, ns.GRAPH_REFERENCE)
        stored = stored_documents(store)
        done = itertools.count(1)
        todo = []
        for source in sources:
            previous = stored.get(source.key)
            if previous and previous.graph == document_graph_iri(source.identity) \
                    and previous.fingerprint == fingerprint(source.identity, basis):
                report.unchanged.append(source.key)
                if progress:
                    progress(source.key, next(done), len(sources))
            else:
                todo.append(source)
        if todo:
            context = JobContext(ReferenceIndex.from_store(store), basis, code)
            batches = list(_batches(todo, batch_size))
            with runner(context, workers=workers, dask=dask, batches=len(batches),
                        batch_size=batch_size) as jobs:
                for results in jobs.map(batches):
                    _write_batch(store, results, stored, report)
                    if progress:
                        for result in results:
                            progress(result.key, next(done), len(sources))
        if prune:
            keep = {source.key for source in sources} | {skip.key for skip in report.skipped}
            gone = [s for key, s in sorted(stored.items()) if key not in keep]
            store.drop_graphs(NamedNode(s.graph) for s in gone)
            report.removed = [s.source_key for s in gone]
        report.fused = derive(store)
    return report


def _batches(sources: list[Source], size: int, chars: int = BATCH_CHARS) -> Iterator[list[Source]]:
    """Consecutive batches of at most ``size`` sources and, unless one source alone is
    longer, at most ``chars`` characters of text."""
    batch: list[Source] = []
    length = 0
    for source in sources:
        if batch and (len(batch) == size or length + source.chars > chars):
            yield batch
            batch, length = [], 0
        batch.append(source)
        length += source.chars
    if batch:
        yield batch


def _write_batch(store: KgStore, results: list[DocumentGraph | Skipped], stored: dict[str, StoredDocument],
                 report: BuildReport) -> None:
    """Write one batch of document graphs in one transaction, dropping the graphs they
    replace. A graph identical to the stored one (the file changed back between the check
    and the extraction) is left alone; a file the job skipped is reported, and its stored
    graph, if any, kept."""
    writes, drops = [], []
    for graph in results:
        if isinstance(graph, Skipped):
            report.skipped.append(graph)
            continue
        previous = stored.get(graph.key)
        if previous and previous.graph == graph.graph and previous.fingerprint == graph.fingerprint:
            report.unchanged.append(graph.key)
            continue
        if previous and previous.graph != graph.graph:
            drops.append(previous.graph)
        writes.append((graph.graph, graph.ntriples))
        (report.updated if previous else report.added).append(graph.key)
    store.write_graphs(writes, drop=drops)


def derive(store: KgStore) -> int:
    """Recompute every graph derived from the document graphs (the entities graph, the
    fusion graph, then the names graph), each in one transaction; return how many fused events. Run after
    any change to the set of document graphs; idempotent."""
    rebuild_entities(store)
    fused = fuse(store)
    rebuild_names(store)
    return fused


def _graph_hash(store: KgStore, graph: str) -> str:
    rows = list(store.query(_GRAPH_HASH, {"g": NamedNode(graph)}))
    return rows[0]["h"].value if rows else ""


def refresh_reference_graphs(store: KgStore) -> list[str]:
    """Reload the ontology and reference graphs whose files changed; return their IRIs."""
    refreshed = []
    for graph_iri, files in ((ns.GRAPH_ONTOLOGY, resources.ontology_files()),
                             (ns.GRAPH_REFERENCE, resources.reference_files())):
        if _refresh_graph(store, NamedNode(graph_iri), files):
            refreshed.append(graph_iri)
    return refreshed


_GRAPH_HASH = "SELECT ?h WHERE { GRAPH ?g { ?g skg:contentHash ?h } }"


def _refresh_graph(store: KgStore, graph: NamedNode, files: list[Path]) -> bool:
    digest = files_digest(files)
    current = [row["h"].value for row in store.query(_GRAPH_HASH, {"g": graph})]
    if current == [digest]:
        return False
    quads = [Quad(graph, skg("contentHash"), literal(digest), graph)]
    for file in files:
        quads.extend(parse_turtle(file, graph))
    store.replace_graphs(graph, quads)
    return True


def files_digest(files: list[Path]) -> str:
    """sha256 over the names and bytes of ``files`` (missing files are an error)."""
    digest = hashlib.sha256()
    for file in files:
        if not file.is_file():
            raise ReferenceDataError(f"{file}: reference file is missing")
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def parse_turtle(file: Path, graph: NamedNode) -> list[Quad]:
    """The triples of a Turtle file as quads in ``graph``; ReferenceDataError if malformed."""
    try:
        triples = list(parse(path=str(file), format=RdfFormat.TURTLE))
    except (SyntaxError, OSError) as err:
        raise ReferenceDataError(f"{file}: {str(err).splitlines()[0]}") from None
    return [Quad(t.subject, t.predicate, t.object, graph) for t in triples]
