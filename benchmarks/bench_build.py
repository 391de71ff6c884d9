"""Build throughput, load rate, query latency and peak memory, each beside its baseline.

    python benchmarks/bench_build.py [--docs 300] [--repeat 50]

The corpus is the five seeds replicated into ``--docs`` distinct documents (each copy gets
a numbered closing line, so every copy is a new document). Each phase runs in a fresh
subprocess so that its peak resident memory (ru_maxrss) is its own:

- loading: ``kg.load`` (read, clean furniture, metadata) vs bare tokenisation
  (read + ``str.split``) of the same files;
- extraction: ``kg.extract`` (all stages) vs bare spaCy tokenisation of the same texts;
- store load: ``kg build`` into an on-disk store vs the same quads into raw pyoxigraph
  (``Store.extend``, on disk) vs plain rdflib (``Dataset.addN``, in memory);
- queries: the named queries through ``KgStore.query`` vs raw pyoxigraph vs rdflib over
  the same data (p50 / p95 / p99 latency).

Figures vary with the machine and its load: compare columns within one run, never
across machines. No test asserts on them.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "seeds"
QUERIES = ("documents", "actors", "alliance-members")


def make_corpus(target: Path, count: int) -> None:
    """``count`` distinct documents made from the seeds (with their sidecars)."""
    seeds = sorted(SEEDS.glob("*.txt"))
    for n in range(count):
        seed = seeds[n % len(seeds)]
        stem = f"{n:05d}_{seed.stem}"
        text = seed.read_text(encoding="utf-8") + f"\nCopy number {n} for the benchmark.\n"
        (target / f"{stem}.txt").write_text(text, encoding="utf-8")
        sidecar = seed.with_name(seed.stem + ".meta.toml")
        if sidecar.exists():
            shutil.copy(sidecar, target / f"{stem}.meta.toml")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_loading(corpus: Path, _work: Path) -> dict:
    from kg.load import load_documents

    files = sorted(corpus.glob("*.txt"))
    size = sum(f.stat().st_size for f in files)
    start = time.perf_counter()
    tokens = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
    bare = time.perf_counter() - start
    start = time.perf_counter()
    documents = list(load_documents([corpus]))
    ours = time.perf_counter() - start
    return {"docs": len(documents), "mb": size / 1e6, "tokens": tokens,
            "bare_s": bare, "kg_s": ours, "peak_mb": peak_mb()}


def phase_kg_build(corpus: Path, work: Path) -> dict:
    from kg.build import build
    from kg.store import KgStore

    store = KgStore.open(work / "kg-store")
    start = time.perf_counter()
    build(store, [corpus])
    seconds = time.perf_counter() - start
    quads = store.quad_count()
    store.oxigraph.dump(str(work / "all.nq"), format=_nquads())
    return {"quads": quads, "seconds": seconds, "peak_mb": peak_mb()}


def _nquads():
    from pyoxigraph import RdfFormat

    return RdfFormat.N_QUADS


def phase_extraction(corpus: Path, work: Path) -> dict:
    """kg.extract over the loaded documents vs bare spaCy tokenisation of the same texts."""
    from kg.extract.pipeline import Extractor
    from kg.extract.sentences import pipeline
    from kg.link.reference import ReferenceIndex
    from kg.load import load_documents
    from kg.store import KgStore

    documents = list(load_documents([corpus]))
    words = sum(len(d.text.split()) for d in documents)
    nlp = pipeline()
    start = time.perf_counter()
    for document in documents:
        nlp.make_doc(document.text)
    bare = time.perf_counter() - start
    extractor = Extractor(ReferenceIndex.from_store(KgStore.open(work / "kg-store", create=False)))
    start = time.perf_counter()
    records = sum(len(x.events) + len(x.claims) for x in map(extractor.extract, documents))
    seconds = time.perf_counter() - start
    return {"docs": len(documents), "words": words, "bare_s": bare, "seconds": seconds,
            "records": records, "peak_mb": peak_mb()}


def phase_raw_oxigraph(_corpus: Path, work: Path) -> dict:
    from pyoxigraph import Store, parse

    quads = list(parse(path=str(work / "all.nq"), format=_nquads()))
    store = Store(str(work / "raw-store"))
    start = time.perf_counter()
    store.extend(quads)
    store.flush()
    return {"quads": len(quads), "seconds": time.perf_counter() - start, "peak_mb": peak_mb()}


def phase_rdflib(_corpus: Path, work: Path) -> dict:
    from rdflib import Dataset

    dataset = Dataset()
    data = (work / "all.nq").read_text(encoding="utf-8")
    parsed = Dataset().parse(data=data, format="nquads")
    quads = list(parsed.quads((None, None, None, None)))
    start = time.perf_counter()
    dataset.addN(quads)
    return {"quads": len(quads), "seconds": time.perf_counter() - start, "peak_mb": peak_mb()}


def _latencies(run, repeat: int) -> list[float]:
    run()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def phase_queries(_corpus: Path, work: Path, repeat: int) -> dict:
    from pyoxigraph import Store
    from rdflib import Dataset

    from kg.namespaces import PREFIXES
    from kg.queries import bind_values, catalogue
    from kg.store import KgStore

    named = catalogue()
    kg_store = KgStore.open(work / "kg-store", create=False)
    raw = Store.read_only(str(work / "raw-store"))
    rdflib_ds = Dataset(default_union=True)
    rdflib_ds.parse(work / "all.nq", format="nquads")
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    results = {}
    for name in QUERIES:
        query = named[name]
        bindings = query.bindings({})
        bound = bind_values(query.sparql, bindings)
        results[name] = {
            "kg": _latencies(lambda q=query, b=bindings: list(kg_store.query(q.sparql, b)), repeat),
            "oxigraph": _latencies(lambda b=bound: list(raw.query(
                b, prefixes=PREFIXES, use_default_graph_as_union=True)), repeat),
            "rdflib": _latencies(lambda b=bound: list(rdflib_ds.query(prologue + b)),
                                 max(3, repeat // 10)),
        }
    return {"latencies": results, "peak_mb": peak_mb()}


PHASES = {"loading": phase_loading, "kg_build": phase_kg_build, "extraction": phase_extraction,
          "raw_oxigraph": phase_raw_oxigraph, "rdflib": phase_rdflib}


def run_phase(name: str, corpus: Path, work: Path, repeat: int) -> dict:
    """Run one phase in a fresh interpreter and return its JSON result."""
    out = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--corpus", str(corpus),
         "--work", str(work), "--repeat", str(repeat)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def report(results: dict) -> None:
    load = results["loading"]
    print(f"corpus: {load['docs']} documents, {load['mb']:.2f} MB, {load['tokens']} tokens\n")
    print(f"{'phase':<34}{'throughput':>22}{'peak RSS':>12}")
    print(f"{'bare tokenisation (read+split)':<34}{load['docs'] / load['bare_s']:>15.0f} doc/s"
          f"{'':>12}")
    print(f"{'kg.load (clean + metadata)':<34}{load['docs'] / load['kg_s']:>15.0f} doc/s"
          f"{load['peak_mb']:>9.0f} MB")
    for key, label in (("kg_build", "kg build (load+graph+store)"),
                       ("raw_oxigraph", "raw pyoxigraph Store.extend"),
                       ("rdflib", "plain rdflib Dataset.addN")):
        r = results[key]
        print(f"{label:<34}{r['quads'] / r['seconds']:>13.0f} quad/s{r['peak_mb']:>9.0f} MB")
    kb = results["kg_build"]
    print(f"{'kg build, documents':<34}{load['docs'] / kb['seconds']:>15.0f} doc/s")
    ex = results["extraction"]
    print(f"{'bare spaCy tokenisation':<34}{ex['words'] / ex['bare_s']:>14.0f} word/s")
    print(f"{'kg.extract (all stages)':<34}{ex['words'] / ex['seconds']:>14.0f} word/s"
          f"{ex['peak_mb']:>9.0f} MB")
    print(f"{'kg.extract, documents':<34}{ex['docs'] / ex['seconds']:>15.0f} doc/s")
    print(f"\nquery latency, ms (p50 / p95 / p99){'':>4}peak RSS "
          f"{results['queries']['peak_mb']:.0f} MB (all three engines loaded)")
    for name, engines in results["queries"]["latencies"].items():
        cells = "   ".join(
            f"{engine} {percentile(s, 50):.2f}/{percentile(s, 95):.2f}/{percentile(s, 99):.2f}"
            for engine, s in engines.items())
        print(f"  {name:<18} {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--phase", choices=[*PHASES, "queries"])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    if args.phase:
        if args.phase == "queries":
            result = phase_queries(args.corpus, args.work, args.repeat)
        else:
            result = PHASES[args.phase](args.corpus, args.work)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        corpus, work = Path(tmp) / "corpus", Path(tmp) / "work"
        corpus.mkdir()
        work.mkdir()
        make_corpus(corpus, args.docs)
        results = {name: run_phase(name, corpus, work, args.repeat)
                   for name in ["loading", "kg_build", "extraction", "raw_oxigraph", "rdflib", "queries"]}
        report(results)


if __name__ == "__main__":
    main()
