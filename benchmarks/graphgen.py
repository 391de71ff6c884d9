"""A store with the real graph's shape at a given size, built by the real builder.

    python benchmarks/graphgen.py --quads 1000000 [--seed 7] [--store DIR] [--cache /tmp/sahel-kg-bench]

Articles come from :mod:`benchmarks.corpus` (deterministic: ``--docs N`` is a prefix of
``--docs 2N``) and are built with ``kg build`` (all cores when it takes ``--workers``)
until the store holds at least ``--quads`` quads: a first batch measures the quads per
document, the rest is built in one go, and a top-up follows if the estimate fell short.
Real extraction keeps the real shape: one graph per document, the entities and fusion
graphs, the ontology and reference graphs.

Stores are cached under ``--cache`` in a folder named by size, seed and a digest of the
code and data that shape the graph (``kg/`` minus the server, explorer, exporters and CLI;
``ontology/``; the corpus generator), so a re-run reuses them and a code change builds
afresh. ``--store DIR`` copies the cached store to DIR. The N-Quads export
(``kg export nquads``) is cached beside the store when asked for (:func:`nquads`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import articles  # noqa: E402
from benchmarks.timing import child_env  # noqa: E402

DEFAULT_CACHE = Path("/tmp/sahel-kg-bench")
KG = str(Path(sys.executable).with_name("kg"))
#: Parts of kg/ that do not shape the stored graph (a change there keeps the cache).
_NOT_SHAPING = ("serve", "explore", "export", "remote", "cli.py", "__main__.py", "evaluate.py", "validate.py",
                "stats.py", "results.py", "queries.py")


def shape_digest() -> str:
    """sha256 (12 hex digits) of every file that shapes the built graph."""
    files = [p for p in sorted((ROOT / "kg").rglob("*.py"))
             if p.relative_to(ROOT / "kg").parts[0] not in _NOT_SHAPING]
    files += sorted(p for p in (ROOT / "ontology").rglob("*") if p.is_file())
    files.append(ROOT / "benchmarks" / "corpus.py")
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def build_options() -> list[str]:
    """``--workers N`` (N = cores) when ``kg build`` takes it, else nothing."""
    return ["--workers", str(max(1, _cores()))] if takes_workers() else []


def takes_workers() -> bool:
    """True when ``kg build --help`` lists ``--workers``."""
    out = subprocess.run([KG, "build", "--help"], capture_output=True, text=True, cwd=ROOT, env=child_env())
    return "--workers" in out.stdout


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0))


def write_corpus(folder: Path, docs: int, seed: int) -> int:
    """Make ``folder`` hold the first ``docs`` articles of ``seed`` (writing only the missing
    ones); return the number of words of all ``docs`` articles."""
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for stem, text, sidecar in articles(docs, seed):
        target = folder / f"{stem}.txt"
        if not target.exists():
            (folder / f"{stem}.meta.toml").write_text(sidecar, encoding="utf-8")
            target.write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def _kg_build(corpus: Path, store: Path, log: Path) -> float:
    start = time.perf_counter()
    with log.open("ab") as out:
        subprocess.run([KG, "build", str(corpus), "--store", str(store), *build_options()], check=True,
                       stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=child_env())
    return time.perf_counter() - start


def _counts(store: Path) -> tuple[int, int]:
    """(all quads, quads of the ontology and reference graphs) of the store at ``store``."""
    code = ("import json,sys; from pathlib import Path; from pyoxigraph import NamedNode;"
            "from kg.store import KgStore; from kg import namespaces as ns;"
            "s = KgStore.open(Path(sys.argv[1]), create=False, read_only=True);"
            "print(json.dumps([s.quad_count(), sum(s.quad_count(NamedNode(g))"
            " for g in (ns.GRAPH_ONTOLOGY, ns.GRAPH_REFERENCE))]))")
    out = subprocess.run([sys.executable, "-c", code, str(store)], capture_output=True, text=True, check=True,
                         cwd=ROOT, env=child_env())
    total, base = json.loads(out.stdout)
    return total, base


def ensure(quads: int, seed: int = 7, cache: Path = DEFAULT_CACHE, log=print) -> dict:  # noqa: ANN001
    """The cached graph of at least ``quads`` quads (built now if missing): a dict with
    ``store``, ``folder``, ``documents``, ``words``, ``quads``, ``build_s`` and ``cached``."""
    folder = cache / f"graph-q{quads}-s{seed}-{shape_digest()}"
    meta_path = folder / "meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        meta.update(folder=str(folder), store=str(folder / "store"), cached=True)
        return meta
    if folder.exists():
        shutil.rmtree(folder)          # an interrupted build: start again
    folder.mkdir(parents=True)
    corpus, store, build_log = folder / "corpus", folder / "store", folder / "build.log"
    started = time.perf_counter()
    docs = max(50, min(1000, quads // 8000))
    words = write_corpus(corpus, docs, seed)
    build_s = _kg_build(corpus, store, build_log)
    total, base = _counts(store)
    builds = 1
    while total < quads:
        per_doc = max(1.0, (total - base) / docs)
        more = max(10, math.ceil((quads - total) / per_doc * 1.02))
        log(f"graphgen: {docs} documents -> {total:,} quads ({per_doc:.0f} per document); building {more} more")
        docs += more
        words = write_corpus(corpus, docs, seed)
        build_s += _kg_build(corpus, store, build_log)
        total, base = _counts(store)
        builds += 1
    meta = {"target_quads": quads, "seed": seed, "digest": shape_digest(), "documents": docs, "words": words,
            "quads": total, "build_s": round(build_s, 1), "builds": builds,
            "total_s": round(time.perf_counter() - started, 1), "workers": build_options()[1:] or ["1"],
            "created": time.strftime("%Y-%m-%d %H:%M:%S")}
    meta_path.write_text(json.dumps(meta, indent=1))
    log(f"graphgen: {docs} documents -> {total:,} quads in {build_s:.0f} s of kg build ({folder})")
    meta.update(folder=str(folder), store=str(store), cached=False)
    return meta


def nquads(graph: dict) -> Path:
    """The graph's quads as N-Quads (``kg export nquads``), exported once and cached."""
    path = Path(graph["folder"]) / "all.nq"
    if not path.exists():
        partial = path.with_suffix(".partial")
        subprocess.run([KG, "export", "nquads", "--store", graph["store"], "--out", str(partial)], check=True,
                       capture_output=True, cwd=ROOT, env=child_env())
        partial.rename(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quads", type=int, required=True, help="at least this many quads")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store", type=Path, help="copy the store here (default: print the cached store's path)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--nquads", action="store_true", help="also export (and cache) the N-Quads")
    args = parser.parse_args(argv)
    graph = ensure(args.quads, args.seed, args.cache, log=lambda m: print(m, file=sys.stderr))
    if args.nquads:
        graph["nquads"] = str(nquads(graph))
    if args.store:
        if args.store.exists() and any(args.store.iterdir()):
            parser.error(f"{args.store}: not empty; give an empty or new folder")
        shutil.copytree(graph["store"], args.store, dirs_exist_ok=True)
        graph["store"] = str(args.store)
    print(json.dumps(graph, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
