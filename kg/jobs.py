"""Build jobs: article files -> their document graphs, as N-Triples, without a store.

The unit of work of ``kg build``, the same wherever it runs: in the building process
(``--workers 1``), in a worker process (``--workers N``) or on a Dask worker (``--dask``).
A job gets the files to build and a :class:`JobContext` -- the reference index as the
building process read it from its store, the fingerprint basis, the digest of the code --
so it never opens the store (which only one process may hold). Each process (each thread,
on Dask) builds its :class:`~kg.extract.pipeline.Extractor` once per context.

>>> from kg.link.reference import ReferenceIndex
>>> context = JobContext(ReferenceIndex(), basis="b", code=code_digest())
>>> job_graphs([], context)
[]
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, serialize

from kg import namespaces as ns
from kg.errors import DocumentError, ExtractionError, KgError, MetadataError, WorkerError
from kg.extract.pipeline import Extractor
from kg.graph import document_quads, extraction_quads
from kg.link.reference import ReferenceIndex
from kg.load import load_document
from kg.records import Document
from kg.terms import literal, skg

_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Source:
    """An article to build: its file, the folder its source key is relative to, the source
    key, the identity (see :class:`~kg.records.Document`) it had when it was checked and the
    length of its text then (how batches are sized)."""

    path: Path
    root: Path
    key: str
    identity: str
    chars: int = 0


@dataclass(frozen=True)
class Skipped:
    """A file the build left out, and why: the one-line message of its error, which names
    the file (not UTF-8, malformed sidecar, too large, an extractor failure ...)."""

    key: str
    path: Path
    reason: str


@dataclass(frozen=True)
class JobContext:
    """What a job needs besides its files: the reference index, the fingerprint basis (code
    digest + reference graph hash) and the digest of the code the building process runs."""

    reference: ReferenceIndex
    basis: str
    code: str


@dataclass(frozen=True)
class DocumentGraph:
    """One document's named graph, ready to write: its triples as N-Triples."""

    key: str
    graph: str
    fingerprint: str
    ntriples: bytes


#: The packages and modules whose code decides what a document's graph holds.
_EXTRACTION_CODE = ("extract", "graph", "link", "load", "records.py", "namespaces.py", "terms.py")


def code_digest(package: Path = _PACKAGE, lexicons: Path | None = None) -> str:
    """sha256 of everything extraction depends on besides the reference graph: the code of
    loading, extraction, linking and graph building, the cue lexicons (``ontology/lexicon/``),
    and the trained pipelines pinned (name and version, and spaCy's version). A change to any
    of them re-extracts every document."""
    import spacy

    from kg.extract.parse import MODELS
    from kg.resources import ontology_dir

    files = []
    for part in _EXTRACTION_CODE:
        path = package / part
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    files += sorted((lexicons or ontology_dir() / "lexicon").glob("*.toml"))
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    pinned = sorted(f"{m.package}=={m.version}" for m in MODELS.values())
    digest.update(("spacy==" + spacy.__version__ + ";" + ";".join(pinned)).encode())
    return digest.hexdigest()


def fingerprint(identity: str, basis: str) -> str:
    """What a document graph was built from: the document (its identity) and the basis."""
    return hashlib.sha256((identity + basis).encode()).hexdigest()


def graph_iri(identity: str) -> str:
    """The named graph of the document whose identity is ``identity``."""
    return ns.graph_for_document(ns.document_iri(identity))


def document_graph(document: Document, extractor: Extractor, basis: str) -> DocumentGraph:
    """The graph of one loaded document: metadata, text, everything extracted, and the
    fingerprint of what built it (``skg:contentHash`` of the graph)."""
    mark = fingerprint(document.identity, basis)
    graph, quads = document_quads(document, extractor.reference.resolve_actor)
    quads += extraction_quads(extractor.extract(document), graph)
    quads.append(Quad(graph, skg("contentHash"), literal(mark), graph))
    ntriples = serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES)
    return DocumentGraph(document.source_key, graph.value, mark, ntriples)


def job_graphs(sources: list[Source], context: JobContext) -> list[DocumentGraph | Skipped]:
    """Load, extract and serialise each of ``sources``. A file that no longer loads (a
    DocumentError or MetadataError) or that the extractor fails on (an ExtractionError,
    naming the file) is :class:`Skipped`, with the error's message: one bad file never
    stops the build of the others."""
    extractor = _extractor(context)
    results: list[DocumentGraph | Skipped] = []
    for source in sources:
        try:
            results.append(_one(source, extractor, context.basis))
        except (DocumentError, MetadataError) as err:
            results.append(Skipped(source.key, source.path, str(err)))
    return results


def _one(source: Source, extractor: Extractor, basis: str) -> DocumentGraph:
    announce(source.path)
    document = load_document(source.path, source.root)
    try:
        return document_graph(document, extractor, basis)
    except KgError:
        raise
    except Exception as err:  # noqa: BLE001 - any bug becomes one line naming the file
        message = str(err).splitlines()[0] if str(err) else ""
        raise ExtractionError(f"{source.path}: extraction failed ({type(err).__name__}: {message}); "
                              "please report it with this file") from None


_local = threading.local()


def _extractor(context: JobContext) -> Extractor:
    """This thread's extractor for ``context`` (built on first use; the matchers are compiled
    from the reference data, so it is built once per process, not once per job)."""
    cached = getattr(_local, "extractor", None)
    if cached is None or cached[0] != context.basis:
        if context.code != code_digest():
            raise WorkerError(f"worker on {os.uname().nodename} (pid {os.getpid()}) runs other "
                              "extraction code than the build; install the same sahel-kg version "
                              "on every worker")
        cached = (context.basis, Extractor(context.reference))
        _local.extractor = cached
    return cached[1]


#: Where a worker process writes the file it is working on (see kg.parallel), or None.
STATUS_FILE: Path | None = None


def announce(path: Path) -> None:
    """Note the file being built, so that a worker's death can name it."""
    if STATUS_FILE is not None:
        STATUS_FILE.write_text(str(path), encoding="utf-8")
