"""``make bench``: every figure of issue #10 beside a baseline measured in the same run,
printed and written to ``benchmarks/RESULTS.md``.

    python benchmarks/run.py                 # the full run: 1M and 10M quads, 10k and 100k documents
    python benchmarks/run.py --quick         # a few minutes: 100k quads, 1k documents
    python benchmarks/run.py --parts queries,rdflib --query-sizes 1000000

Parts (``--parts``, default all):

build     ``kg build`` docs/s and words/s with 1 and 2 workers (``--workers``), beside bare
          spaCy tokenisation (``spacy.blank('en')``) of the same articles
rss       peak RSS of ``kg build`` on ``--rss-sizes`` documents (the real command, a fresh store)
load      quads/s of the project's write path beside raw ``pyoxigraph.Store.bulk_load`` of the
          same N-Quads (``--load-size`` graph)
queries   every named query, default parameters, p50/p95 on each ``--query-sizes`` graph, each
          query in its own process killed at ``--cap`` seconds (TIMEOUT)
rdflib    the same queries on plain rdflib (Dataset, union default graph) at ``--baseline-size``
virtuoso  the same queries on Virtuoso 7 (bulk-loaded, ``/sparql``) at ``--baseline-size``
explorer  ``/api/graph``, ``/api/node``, ``/api/search``, ``/api/timeline``, ``/api/map`` of a
          real ``kg serve`` on each ``--explorer-sizes`` graph

Graphs and corpora are cached under ``--cache`` (see :mod:`benchmarks.graphgen`): a second
run with unchanged code reuses them.
"""

from __future__ import annotations

import argparse
import inspect
import json
import shlex
import shutil
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import explorer, graphgen, report, virtuoso  # noqa: E402
from benchmarks.timing import PYTHON, machine, measure_command, stream_json, summarise  # noqa: E402

PARTS = ("build", "rss", "load", "queries", "rdflib", "virtuoso", "explorer")
FULL = {"build_docs": 1000, "rss_sizes": "10000,100000", "query_sizes": "1000000,10000000", "runs": 5,
        "budget": 60.0, "cap": 60.0}
QUICK = {"build_docs": 200, "rss_sizes": "1000", "query_sizes": "100000", "runs": 3, "budget": 20.0, "cap": 20.0}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sizes(text: str) -> list[int]:
    return sorted({int(float(s)) for s in text.split(",") if s.strip()})


class Run:
    """One benchmark run: its options, the figures so far, and where it keeps its files."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.cache: Path = args.cache
        self.cache.mkdir(parents=True, exist_ok=True)
        self.results: dict = {"command": args.command, "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                              "options": {"runs": args.runs, "budget": args.budget, "cap": args.cap,
                                          "seed": args.seed, "params": args.params},
                              "durations": {}, "errors": {}}

    def part(self, name: str, work) -> None:  # noqa: ANN001
        """Run one part; a failure is reported with the figures, and the run goes on."""
        say(f"== {name}")
        start = time.perf_counter()
        try:
            work()
        except Exception as err:  # noqa: BLE001 - a broken part must not lose the other parts' figures
            first = (str(err).strip().splitlines() or [""])[0]
            self.results["errors"][name] = f"{type(err).__name__}: {first}"
            say(traceback.format_exc())
        seconds = time.perf_counter() - start
        self.results["durations"][name] = self.results["durations"].get(name, 0.0) + seconds
        say(f"   ({seconds / 60:.1f} min)")

    def graph(self, quads: int) -> dict:
        """The cached graph of ``quads`` quads (built if missing)."""
        graphs = self.results.setdefault("graphs", {})
        if str(quads) not in graphs:
            start = time.perf_counter()
            say(f"   graph of {quads:,} quads ...")
            graphs[str(quads)] = graphgen.ensure(quads, self.args.seed, self.cache, log=say)
            g = graphs[str(quads)]
            say(f"   graph of {quads:,} quads: {g['documents']:,} documents, {g['quads']:,} quads "
                f"({'cached' if g['cached'] else f'built in {time.perf_counter() - start:.0f} s'})")
        return graphs[str(quads)]

    def scratch(self, name: str) -> Path:
        path = self.cache / "scratch" / name
        if path.exists():
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    # ---------------------------------------------------------------------------------- build

    def build(self) -> None:
        from kg import build as kg_build

        docs = self.args.build_docs
        corpus = self.cache / f"corpus-{docs}-s{self.args.seed}"
        words = graphgen.write_corpus(corpus, docs, self.args.seed)
        texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
        spacy = _spacy_baseline(texts)
        say(f"   bare spaCy tokenizer: {spacy['docs_per_s']:,.0f} docs/s, {spacy['words_per_s']:,.0f} words/s")
        takes_workers = "workers" in inspect.signature(kg_build.build).parameters
        wanted = sizes(self.args.workers)
        counts = wanted if takes_workers else [1]
        note = "" if takes_workers else (f"kg.build.build takes no `workers` parameter in this code: 1 worker only "
                                         f"(asked for {self.args.workers}).")
        runs = []
        for workers in counts:
            store = self.scratch(f"build-w{workers}")
            lines = list(stream_json([PYTHON, "-m", "benchmarks.child", "build", str(corpus), str(store), str(workers)],
                                     cap_s=4 * 3600, log=self.cache / f"build-w{workers}.log"))
            result = lines[-1] if lines else {"status": "error", "error": "no output"}
            result.setdefault("workers", workers)
            if result.get("status") == "ok":
                result["docs_per_s"] = result["documents"] / result["seconds"]
                result["words_per_s"] = words / result["seconds"]
                say(f"   kg build, {workers} worker(s): {result['docs_per_s']:,.1f} docs/s, "
                    f"{result['words_per_s']:,.0f} words/s ({result['seconds']:.1f} s)")
            else:
                say(f"   kg build, {workers} worker(s): {result}")
            runs.append(result)
            shutil.rmtree(store, ignore_errors=True)
        self.results["build"] = {"docs": len(texts), "words": words, "spacy": spacy, "runs": runs, "note": note}

    # ------------------------------------------------------------------------------------ rss

    def rss(self) -> None:
        workers = graphgen.build_options()[1:] or ["1"]
        found = self.results.setdefault("rss", [])
        for docs in sizes(self.args.rss_sizes):
            corpus = self.cache / f"corpus-{docs}-s{self.args.seed}"
            graphgen.write_corpus(corpus, docs, self.args.seed)
            store = self.scratch(f"rss-{docs}")
            say(f"   kg build of {docs:,} documents ...")
            result = measure_command([graphgen.KG, "build", str(corpus), "--store", str(store)],
                                     log=self.cache / f"rss-{docs}.log")
            result.update(docs=docs, workers=int(workers[0]))
            say(f"   {docs:,} documents: {result['seconds']:.0f} s, largest process {result['maxrss_mb']:,.0f} MB, "
                f"process tree {result['tree_peak_mb']:,.0f} MB (exit {result['returncode']})")
            found.append(result)
            shutil.rmtree(store, ignore_errors=True)

    # ----------------------------------------------------------------------------------- load

    def load(self) -> None:
        size = self.args.load_size or sizes(self.args.query_sizes)[0]
        nquads = graphgen.nquads(self.graph(size))
        load: dict = {"size": size}
        for mode in ("kg", "extend", "bulk"):
            store = self.scratch(f"load-{mode}")
            lines = list(stream_json([PYTHON, "-m", "benchmarks.child", "load", mode, str(nquads), str(store)],
                                     cap_s=4 * 3600, log=self.cache / f"load-{mode}.log"))
            result = lines[-1] if lines else {"status": "error", "error": "no output"}
            if result.get("status") == "ok":
                result["quads_per_s"] = result["quads"] / result["seconds"]
                load["quads"] = result["quads"]
                say(f"   {result['path']}: {result['quads_per_s']:,.0f} quads/s ({result['seconds']:.1f} s)")
            else:
                say(f"   {mode}: {result}")
            load[mode] = result
            shutil.rmtree(store, ignore_errors=True)
        load.setdefault("quads", 0)
        self.results["load"] = load

    # -------------------------------------------------------------------------------- queries

    def queries(self) -> None:
        from kg.queries import catalogue

        names = self._names(catalogue())
        for size in sizes(self.args.query_sizes):
            graph = self.graph(size)
            found = self.results.setdefault("queries", {}).setdefault(str(size), {})
            say(f"   {len(names)} named queries at {size:,} quads:")
            for name in names:
                command = [PYTHON, "-m", "benchmarks.child", "query", graph["store"], name, str(self.args.runs),
                           str(self.args.budget), json.dumps(self.args.params)]
                result = _collect(stream_json(command, cap_s=self.args.cap, first_cap_s=self.args.cap + 60,
                                              log=self.cache / "query.log"))
                found.setdefault(name, {})["kg"] = result
                say(f"     {name:<24} {_short(result)}")

    def _names(self, named: dict) -> list[str]:
        if self.args.only:
            unknown = sorted(set(self.args.only.split(",")) - set(named))
            if unknown:
                raise SystemExit(f"run.py: no named query {', '.join(unknown)} (see kg queries)")
            return self.args.only.split(",")
        return list(named)

    def rdflib(self) -> None:
        from kg.queries import catalogue

        size = self.args.baseline_size or sizes(self.args.query_sizes)[0]
        nquads = graphgen.nquads(self.graph(size))
        names = self._names(catalogue())
        found = self.results.setdefault("queries", {}).setdefault(str(size), {})
        say(f"   rdflib: loading {nquads} ...")
        command = [PYTHON, "-m", "benchmarks.child", "rdflib", str(nquads), ",".join(names), str(self.args.runs),
                   str(self.args.budget), str(self.args.cap), json.dumps(self.args.params)]
        pending: dict[str, list] = {}
        for line in stream_json(command, cap_s=self.args.cap + 120, first_cap_s=6 * 3600,
                                log=self.cache / "rdflib.log"):
            if line.get("event") == "loaded":
                self.results.setdefault("baseline_loads", {})["rdflib"] = {
                    "seconds": line["seconds"], "quads": self.results["graphs"][str(size)]["quads"],
                    "path": "rdflib Dataset.parse (N-Quads, in memory)"}
                say(f"   rdflib: loaded in {line['seconds']:.0f} s")
            elif "query" in line:
                name = line["query"]
                if "ms" in line:
                    pending.setdefault(name, []).append([line["ms"], line["rows"]])
                    continue
                if line["status"] == "done" and pending.get(name):
                    result = summarise(pending.pop(name))
                else:
                    result = {"status": line["status"], "error": line.get("error", f"> {self.args.cap:g} s")}
                found.setdefault(name, {})["rdflib"] = result
                say(f"     {name:<24} rdflib {_short(result)}")
            elif line.get("status") in ("timeout", "error"):
                raise RuntimeError(f"the rdflib process stopped: {line}")

    def virtuoso(self) -> None:
        from kg.queries import catalogue
        from kg.remote.client import query_text

        if not virtuoso.available():
            raise RuntimeError("virtuoso-t / isql-vt not installed (Debian: virtuoso-opensource)")
        size = self.args.baseline_size or sizes(self.args.query_sizes)[0]
        nquads = graphgen.nquads(self.graph(size))
        named = catalogue()
        names = self._names(named)
        found = self.results.setdefault("queries", {}).setdefault(str(size), {})
        folder = self.scratch("virtuoso")
        with virtuoso.Virtuoso(folder, nquads.parent, self.args.cap) as server:
            loaded = server.bulk_load(nquads)
            loaded["path"] = f"Virtuoso {virtuoso.version()} bulk loader (ld_dir + rdf_loader_run + checkpoint)"
            self.results.setdefault("baseline_loads", {})["virtuoso"] = loaded
            say(f"   Virtuoso: {loaded['quads']:,} quads loaded in {loaded['seconds']:.0f} s")
            for name in names:
                text = query_text(named[name].sparql, named[name].bindings(self.args.params.get(name, {})))
                samples: list[list[float]] = []
                start = time.perf_counter()
                try:
                    while not samples or _more(samples, start, self.args):
                        began = time.perf_counter()
                        _, rows = server.select(text)
                        samples.append([(time.perf_counter() - began) * 1000, len(rows)])
                    result = summarise(samples)
                except virtuoso.QueryTimeout as err:
                    result = {"status": "timeout", "error": str(err)}
                    server.restart()
                except virtuoso.QueryRejected as err:
                    result = {"status": "error", "error": str(err)}
                found.setdefault(name, {})["virtuoso"] = result
                say(f"     {name:<24} Virtuoso {_short(result)}")
        shutil.rmtree(folder, ignore_errors=True)

    # ------------------------------------------------------------------------------- explorer

    def explorer(self) -> None:
        for size in sizes(self.args.explorer_sizes or self.args.query_sizes):
            graph = self.graph(size)
            say(f"   explorer at {size:,} quads:")
            self.results.setdefault("explorer", {})[str(size)] = explorer.measure(
                Path(graph["store"]), self.cache / "serve.log", runs=self.args.runs, budget_s=self.args.budget,
                cap_s=self.args.cap, search=self.args.search, progress=say)


def _more(samples: list[list[float]], start: float, args: argparse.Namespace) -> bool:
    from benchmarks.timing import keep_going

    return keep_going(len(samples), time.perf_counter() - start, samples[-1][0] / 1000, args.runs, args.budget)


def _collect(lines) -> dict:  # noqa: ANN001
    """One query child's lines -> its summary (or TIMEOUT / ERROR)."""
    samples = []
    for line in lines:
        if "ms" in line:
            samples.append([line["ms"], line["rows"]])
        elif line.get("status") == "timeout":
            return {"status": "timeout", "error": f"run {len(samples) + 1} passed the cap", "runs_before": len(samples)}
        elif line.get("status") == "error":
            return {"status": "error", "error": line.get("error", "")}
    return summarise(samples) if samples else {"status": "error", "error": "no run finished"}


def _short(result: dict) -> str:
    if result["status"] != "ok":
        return f"{result['status'].upper()} {result.get('error', '')}"
    return f"p50 {result['p50']:,.1f} ms, p95 {result['p95']:,.1f} ms, n={result['n']}, {result['rows']:,} rows"


def _spacy_baseline(texts: list[str]) -> dict:
    """Bare tokenisation of ``texts`` with a blank English pipeline's tokenizer."""
    import spacy

    nlp = spacy.blank("en")
    nlp.tokenizer("Warm-up: the tokenizer's first call.")
    start = time.perf_counter()
    tokens = sum(len(nlp.tokenizer(text)) for text in texts)
    seconds = time.perf_counter() - start
    words = sum(len(text.split()) for text in texts)
    return {"seconds": seconds, "docs_per_s": len(texts) / seconds, "words_per_s": words / seconds, "tokens": tokens}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("--quick", action="store_true",
                        help=f"small sizes, a few minutes: {', '.join(f'{k}={v}' for k, v in QUICK.items())}")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, of: {', '.join(PARTS)}")
    parser.add_argument("--build-docs", type=int, help=f"documents for the build part (default {FULL['build_docs']})")
    parser.add_argument("--workers", default="1,2", help="worker counts for the build part (default 1,2)")
    parser.add_argument("--rss-sizes", help=f"documents per peak-RSS build (default {FULL['rss_sizes']})")
    parser.add_argument("--query-sizes", help=f"quads per query graph (default {FULL['query_sizes']})")
    parser.add_argument("--baseline-size", type=int,
                        help="graph for rdflib and Virtuoso (default: smallest query size)")
    parser.add_argument("--load-size", type=int, help="graph for the load part (default: smallest query size)")
    parser.add_argument("--explorer-sizes", help="graphs for the explorer part (default: the query sizes)")
    parser.add_argument("--only", help="only these named queries (comma-separated)")
    parser.add_argument("--param", action="append", default=[], metavar="QUERY.NAME=VALUE",
                        help="a parameter other than the query's default, for every engine (repeatable), "
                             "e.g. evidence.node=Djibo")
    parser.add_argument("--runs", type=int, help=f"timed runs after a warm-up (default {FULL['runs']})")
    parser.add_argument("--budget", type=float,
                        help=f"seconds of runs per query or endpoint (default {FULL['budget']:g})")
    parser.add_argument("--cap", type=float, help=f"seconds one run may take, then TIMEOUT (default {FULL['cap']:g})")
    parser.add_argument("--search", help="the explorer search term (default: the attacker of a fused incident)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--cache", type=Path, default=graphgen.DEFAULT_CACHE,
                        help=f"graphs, corpora and logs (default {graphgen.DEFAULT_CACHE})")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    defaults = QUICK if args.quick else FULL
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.params = {}
    for given in args.param:
        key, sep, value = given.partition("=")
        query, dot, name = key.partition(".")
        if not (sep and dot and query and name):
            parser.error(f"--param {given!r}: write QUERY.NAME=VALUE, e.g. evidence.node=Djibo")
        args.params.setdefault(query, {})[name] = value
    unknown = set(args.parts.split(",")) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    args.command = "python benchmarks/run.py" + "".join(f" {shlex.quote(a)}" for a in (argv or sys.argv[1:]))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run = Run(args)
    started = time.perf_counter()
    run.results["machine"] = machine()
    chosen = args.parts.split(",")
    for name in PARTS:
        if name in chosen:
            run.part(name, getattr(run, name))
    run.results["elapsed_s"] = time.perf_counter() - started
    raw = args.cache / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    run.results["raw"] = str(raw)
    raw.write_text(json.dumps(run.results, indent=1, default=str))
    text = report.render(run.results)
    print(text)
    if not args.no_write:
        args.out.write_text(text + "\n", encoding="utf-8")
        say(f"written to {args.out} (raw figures: {raw})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
