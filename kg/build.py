"""``kg build``: reference graphs and documents -> the store, idempotently.

Order of work: (1) load and check every document first, so that a malformed file stops
the build before anything is written; (2) refresh the ontology and reference graphs when
their files changed; (3) write each new or changed document in one transaction (a changed
document's old graph is dropped in the same transaction); unchanged documents are left
alone. Re-running on unchanged input writes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg import namespaces as ns
from kg import resources
from kg.errors import DocumentError, ReferenceDataError
from kg.extract.pipeline import Extractor
from kg.fuse import fuse
from kg.graph import document_quads, extraction_quads
from kg.link.reference import ReferenceIndex
from kg.load import load_documents
from kg.records import Document
from kg.store import KgStore
from kg.terms import literal, skg

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build did, by source key (documents) or graph IRI (reference graphs)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    fused: int = 0


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


def code_digest() -> str:
    """sha256 of the extraction and graph-building code: a change re-extracts every document."""
    package = Path(__file__).resolve().parent
    return files_digest(sorted([*(package / "extract").glob("*.py"), *(package / "graph").glob("*.py")]))


def build(store: KgStore, paths: Iterable[Path], *, prune: bool = False,
          progress: Progress | None = None) -> BuildReport:
    """Build ``paths`` into ``store``; with ``prune``, drop documents no longer present."""
    return write_documents(store, load_all(paths), prune=prune, progress=progress)


def write_documents(store: KgStore, documents: list[Document], *, prune: bool = False,
                    progress: Progress | None = None) -> BuildReport:
    """Write loaded ``documents`` (see :func:`load_all`) into ``store``."""
    report = BuildReport()
    report.refreshed = refresh_reference_graphs(store)
    reference = ReferenceIndex.from_store(store)
    extractor = Extractor(reference)
    basis = code_digest() + _graph_hash(store, ns.GRAPH_REFERENCE)
    stored = stored_documents(store)
    for document in documents:
        _write_document(store, document, stored.get(document.source_key), extractor, basis, report)
        if progress:
            progress(document.source_key)
    if prune:
        keep = {d.source_key for d in documents}
        gone = [s for key, s in sorted(stored.items()) if key not in keep]
        store.drop_graphs(NamedNode(s.graph) for s in gone)
        report.removed = [s.source_key for s in gone]
    report.fused = derive(store)
    store.flush()
    return report


def derive(store: KgStore) -> int:
    """Recompute every graph derived from the document graphs (the entities graph, then
    the fusion graph), each in one transaction; return how many fused events. Run after
    any change to the set of document graphs; idempotent."""
    return fuse(store)


def load_all(paths: Iterable[Path]) -> list[Document]:
    """Load every document first, so that a bad file stops the build before any write.
    DocumentError when two files share a source key or when there is nothing to load."""
    documents = list(load_documents(paths))
    seen: dict[str, Path] = {}
    for document in documents:
        first = seen.setdefault(document.source_key, document.source_path)
        if first != document.source_path:
            raise DocumentError(
                f"{document.source_path}: same name '{document.source_key}' as {first}; "
                "build the two folders separately or rename one file"
            )
    if not documents:
        raise DocumentError("no articles found (.txt, .md, .html) in the given paths")
    return documents


def _write_document(store: KgStore, document: Document, previous: StoredDocument | None,
                    extractor: Extractor, basis: str, report: BuildReport) -> None:
    """Write one document's graph (metadata + extraction) unless the same document was built
    by the same code against the same reference data."""
    fingerprint = hashlib.sha256((document.identity + basis).encode()).hexdigest()
    graph, quads = document_quads(document, extractor.reference.resolve_actor)
    if previous and previous.graph == graph.value and previous.fingerprint == fingerprint:
        report.unchanged.append(document.source_key)
        return
    quads += extraction_quads(extractor.extract(document), graph)
    quads.append(Quad(graph, skg("contentHash"), literal(fingerprint), graph))
    drop = [NamedNode(previous.graph)] if previous else []
    store.replace_graphs(graph, quads, drop=drop)
    (report.updated if previous else report.added).append(document.source_key)


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
