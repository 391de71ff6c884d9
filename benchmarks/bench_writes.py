"""How fast each way of writing document graphs into an on-disk Oxigraph store is.

    python benchmarks/bench_writes.py [--docs 400] [--batch 64]

The graphs of ``--docs`` generated articles (benchmarks/corpus.py, seed 7) are extracted
once, then written ``--batch`` documents per call into a fresh on-disk store by each
method, each in its own subprocess (so that one's RocksDB state and memory do not
colour the next):

- ``update``: one SPARQL UPDATE per batch, ``DROP SILENT GRAPH`` + ``INSERT DATA``
  (atomic; what ``kg build`` does when a batch replaces graphs);
- ``load``: ``Store.load`` of the batch as TriG (atomic; what ``kg build`` does when
  nothing is replaced);
- ``extend``: ``Store.extend`` with Quad objects parsed from N-Quads (atomic);
- ``bulk_load``: ``Store.bulk_load`` (not documented as atomic: ``kg build`` does not use it).

Figures vary with the machine and its load; compare the rows of one run.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

METHODS = ("update", "load", "extend", "bulk_load")


def prepare(docs: int, out: Path) -> None:
    """Extract ``docs`` generated articles; pickle [(graph IRI, N-Triples)]."""
    from benchmarks.corpus import generate
    from kg.build import check_documents, refresh_reference_graphs
    from kg.jobs import JobContext, code_digest, job_graphs
    from kg.link.reference import ReferenceIndex
    from kg.store import KgStore

    corpus = out.parent / "corpus"
    generate(corpus, docs)
    store = KgStore.in_memory()
    refresh_reference_graphs(store)
    context = JobContext(ReferenceIndex.from_store(store), "bench", code_digest())
    graphs = job_graphs(check_documents([corpus]), context)
    out.write_bytes(pickle.dumps([(g.graph, g.ntriples) for g in graphs]))


def write(method: str, graphs_file: Path, batch: int) -> dict:
    from pyoxigraph import RdfFormat, Store, parse

    graphs = pickle.loads(graphs_file.read_bytes())
    with tempfile.TemporaryDirectory(prefix="kg-bench-writes-", ignore_cleanup_errors=True) as tmp:
        store = Store(tmp)
        cpu, start = time.process_time(), time.perf_counter()
        for first in range(0, len(graphs), batch):
            part = graphs[first : first + batch]
            trig = b"".join(b"<%s> {\n%s}\n" % (g.encode(), nt) for g, nt in part)
            if method == "update":
                drops = [f"DROP SILENT GRAPH <{g}>" for g, _ in part]
                body = b"\n".join(b"GRAPH <%s> {\n%s}" % (g.encode(), nt) for g, nt in part).decode()
                store.update(" ;\n".join([*drops, f"INSERT DATA {{ {body} }}"]))
            elif method == "load":
                store.load(trig, format=RdfFormat.TRIG)
            elif method == "extend":
                store.extend(list(parse(trig, format=RdfFormat.TRIG)))
            else:
                store.bulk_load(trig, format=RdfFormat.TRIG)
        store.flush()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        quads = len(store)
        del store   # closes RocksDB before its folder goes
    return {"method": method, "docs": len(graphs), "quads": quads, "seconds": seconds, "cpu": cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--method", choices=METHODS)
    parser.add_argument("--graphs", type=Path)
    args = parser.parse_args()
    if args.method:
        print(json.dumps(write(args.method, args.graphs, args.batch)))
        return
    with tempfile.TemporaryDirectory(prefix="kg-bench-writes-") as tmp:
        graphs = Path(tmp) / "graphs.pickle"
        prepare(args.docs, graphs)
        print(f"{'method':<10}{'docs':>6}{'quads':>9}{'wall s':>8}{'cpu s':>8}{'quad/s':>9}{'peak MB':>9}")
        for method in METHODS:
            out = subprocess.run([sys.executable, __file__, "--method", method, "--graphs", str(graphs),
                                  "--batch", str(args.batch)], check=True, stdout=subprocess.PIPE, text=True)
            r = json.loads(out.stdout)
            print(f"{method:<10}{r['docs']:>6}{r['quads']:>9}{r['seconds']:>8.2f}{r['cpu']:>8.2f}"
                  f"{r['quads'] / r['seconds']:>9.0f}{r['peak_mb']:>9.0f}")


if __name__ == "__main__":
    main()
