"""The targets of issue #10, judged against one run's figures, and the report as Markdown
(printed, and written to ``benchmarks/RESULTS.md``).

Every figure is shown beside the baseline measured in the same run; a target is PASS or
FAIL on this run's figures only, and "not measured" when its part was not run.
"""

from __future__ import annotations

import math

#: Named-query p50 limit (ms) by store size: at most 1M quads, and above.
QUERY_P50_MS = {1_000_000: 100.0, math.inf: 1000.0}
EXPLORER_P50_MS = 1000.0     # explorer endpoints, p50, at 10M quads
RDFLIB_SPEEDUP = 50.0        # at least this many times rdflib's p50, per query, at 1M
BUILD_DOCS_PER_WORKER = 100.0
LOAD_SHARE = 0.80            # the project's write path, as a share of raw bulk_load's quads/s
RSS_LIMIT_MB = 2048.0        # a 100k-document build, whole process tree


def query_limit_ms(quads: int) -> float:
    return next(limit for size, limit in sorted(QUERY_P50_MS.items()) if quads <= size)


def size_label(quads: int) -> str:
    for unit, name in ((1_000_000, "M"), (1_000, "k")):
        if quads >= unit and quads % (unit // 10) == 0:
            value = quads / unit
            return f"{value:g}{name}"
    return f"{quads:,}"


def ms(result: dict | None) -> str:
    """A latency cell: p50, TIMEOUT or ERROR."""
    if not result:
        return "–"
    if result["status"] == "timeout":
        return "TIMEOUT"
    if result["status"] != "ok":
        return "ERROR"
    cell = f"{result['p50']:,.1f}" if result["p50"] < 1000 else f"{result['p50']:,.0f}"
    return cell + (" (cold)" if result.get("cold") else "")


def _p95(result: dict | None) -> str:
    if not result or result["status"] != "ok":
        return "–"
    return f"{result['p95']:,.1f}" if result["p95"] < 1000 else f"{result['p95']:,.0f}"


def speedup(ours: dict | None, theirs: dict | None, cap_s: float) -> tuple[float | None, bool]:
    """(theirs p50 / ours p50, is it only a lower bound (theirs timed out))."""
    if not ours or ours["status"] != "ok" or not theirs:
        return None, False
    if theirs["status"] == "timeout":
        return cap_s * 1000 / ours["p50"], True
    if theirs["status"] != "ok":
        return None, False
    return theirs["p50"] / ours["p50"], False


def targets(results: dict) -> list[tuple[str, str, str, str]]:
    """(target, measured, baseline, PASS/FAIL/not measured) for each target of issue #10."""
    rows = []
    cap = results["options"]["cap"]
    for size, queries in sorted(results.get("queries", {}).items(), key=lambda kv: int(kv[0])):
        limit = query_limit_ms(int(size))
        ours = {name: engines["kg"] for name, engines in queries.items() if "kg" in engines}
        if not ours:
            continue
        over = [n for n, r in ours.items() if not r or r["status"] != "ok" or r["p50"] > limit]
        timeouts = sum(1 for r in ours.values() if r and r["status"] == "timeout")
        worst = max((r["p50"] for r in ours.values() if r and r["status"] == "ok"), default=None)
        measured = (f"{len(ours) - len(over)} of {len(ours)} within; slowest measured p50 "
                    f"{worst:,.0f} ms" if worst is not None else "no query answered")
        if timeouts:
            measured += f"; {timeouts} TIMEOUT (> {cap:g} s)"
        rows.append((f"every named query p50 ≤ {limit:g} ms at {size_label(int(size))} quads", measured,
                     "–", _verdict(not over)))
        with_rdflib = {n: e for n, e in queries.items() if "rdflib" in e}
        if with_rdflib:
            # a query rdflib cannot run (an error of rdflib's) has no ratio: it is left out and
            # counted apart; a query of ours that fails has none either, and fails the target
            ratios = {n: speedup(e.get("kg"), e.get("rdflib"), cap) for n, e in with_rdflib.items()}
            ours_failed = [n for n, e in with_rdflib.items() if not e.get("kg") or e["kg"]["status"] != "ok"]
            known = {n: r for n, (r, _) in ratios.items() if r is not None}
            low = [n for n, r in known.items() if r < RDFLIB_SPEEDUP] + ours_failed
            uncompared = len(with_rdflib) - len(known) - len(ours_failed)
            gmean = math.exp(sum(math.log(r) for r in known.values()) / len(known)) if known else None
            rows.append((f"≥ {RDFLIB_SPEEDUP:g}× plain rdflib (p50, every query) at {size_label(int(size))}",
                         f"{len(known) - len(low) + len(ours_failed)} of {len(known) + len(ours_failed)} "
                         f"compared queries ≥ {RDFLIB_SPEEDUP:g}×"
                         + (f"; geometric mean {gmean:,.1f}× (a TIMEOUT of rdflib counts as the cap)" if gmean else "")
                         + (f"; {uncompared} not compared (rdflib error)" if uncompared else ""),
                         "rdflib Dataset, same queries, same run", _verdict(not low and bool(known))))
    for size, endpoints in sorted(results.get("explorer", {}).items(), key=lambda kv: int(kv[0])):
        over = [e for e, r in endpoints.items() if r["status"] != "ok" or r["p50"] > EXPLORER_P50_MS]
        slowest = max((r["p50"] for r in endpoints.values() if r["status"] == "ok"), default=None)
        rows.append((f"explorer endpoints p50 ≤ {EXPLORER_P50_MS / 1000:g} s at {size_label(int(size))} quads",
                     f"{len(endpoints) - len(over)} of {len(endpoints)} within"
                     + (f"; slowest p50 {slowest:,.0f} ms" if slowest is not None else ""), "–", _verdict(not over)))
    build = results.get("build")
    if build:
        for run in build.get("runs", []):
            if run.get("status") != "ok":
                rows.append((f"build ≥ {BUILD_DOCS_PER_WORKER:g} docs/s per worker ({run['workers']} workers)",
                             "ERROR", "–", "FAIL"))
                continue
            per = run["docs_per_s"] / run["workers"]
            rows.append((f"build ≥ {BUILD_DOCS_PER_WORKER:g} docs/s per worker ({run['workers']} "
                         f"worker{'s' if run['workers'] > 1 else ''})", f"{per:,.1f} docs/s per worker",
                         f"bare spaCy tokenizer {build['spacy']['docs_per_s']:,.0f} docs/s",
                         _verdict(per >= BUILD_DOCS_PER_WORKER)))
    else:
        rows.append((f"build ≥ {BUILD_DOCS_PER_WORKER:g} docs/s per worker", "–", "–", "not measured"))
    load = results.get("load")
    if load and all(load.get(k, {}).get("status") == "ok" for k in ("kg", "bulk")):
        share = load["kg"]["quads_per_s"] / load["bulk"]["quads_per_s"]
        rows.append((f"store load ≥ {LOAD_SHARE:.0%} of raw bulk_load", f"{share:.0%} "
                     f"({load['kg']['quads_per_s']:,.0f} quads/s)",
                     f"bulk_load {load['bulk']['quads_per_s']:,.0f} quads/s", _verdict(share >= LOAD_SHARE)))
    else:
        rows.append((f"store load ≥ {LOAD_SHARE:.0%} of raw bulk_load", "–", "–", "not measured"))
    rss = [r for r in results.get("rss", []) if r.get("returncode") == 0]
    at_100k = [r for r in rss if r["docs"] >= 100_000]
    if at_100k:
        peak = max(r["tree_peak_mb"] for r in at_100k)
        rows.append((f"100k-document build ≤ {RSS_LIMIT_MB / 1024:g} GB RSS", f"{peak:,.0f} MB (process tree)", "–",
                     _verdict(peak <= RSS_LIMIT_MB)))
    else:
        seen = ", ".join(f"{size_label(r['docs'])} docs: {r['tree_peak_mb']:,.0f} MB" for r in rss)
        rows.append((f"100k-document build ≤ {RSS_LIMIT_MB / 1024:g} GB RSS", seen or "–", "–",
                     "not measured at 100k"))
    return rows


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines + [""]


def render(results: dict) -> str:
    """The whole report as Markdown."""
    opts, m = results["options"], results["machine"]
    out = ["# Benchmark results", "",
           "Written by `make bench` (`benchmarks/run.py`); every figure beside a baseline measured in the "
           "same run. Compare columns within this run, never across machines.", "",
           f"- command: `{results['command']}`",
           f"- started {results['started']}, {results['elapsed_s'] / 60:,.1f} min in all",
           f"- code: git {m.get('git') or '?'}"
           + (" with uncommitted changes to kg/, queries/ or ontology/" if m.get("git_dirty") else ""),
           f"- machine: {m.get('cores')} cores ({m.get('usable_cores')} usable), {m.get('ram_gb')} GB RAM, "
           f"{m.get('cpu', '?')}; {m.get('platform', '')}",
           f"- Python {m['python']}, pyoxigraph {m['pyoxigraph']}, rdflib {m.get('rdflib')}, spaCy {m.get('spacy')}, "
           f"Virtuoso {m.get('virtuoso') or 'not installed'}",
           f"- latency: a warm-up run, then up to {opts['runs']} timed runs within {opts['budget']:g} s per query "
           f"or endpoint (n = runs kept; \"cold\" = only the first run fitted); every run capped at "
           f"{opts['cap']:g} s (TIMEOUT); p95 of a few runs is close to their maximum",
           f"- raw figures: `{results.get('raw', '?')}`"]
    if opts.get("params"):
        out.append("- parameters other than the defaults: " + "; ".join(
            f"`{q}.{k}={v}`" for q, given in opts["params"].items() for k, v in given.items()))
    out += ["- the machine is shared: other work running at the same time slows every column alike, "
            "so compare within a row", ""]
    out += ["## Targets", ""]
    out += _table(["target", "measured", "baseline", "result"], [list(r) for r in targets(results)])
    out += _build_section(results) + _rss_section(results) + _graph_section(results) + _load_section(results)
    out += _query_sections(results) + _explorer_sections(results)
    if results.get("errors"):
        out += ["## Parts that failed", ""] + [f"- {part}: {err}" for part, err in results["errors"].items()] + [""]
    out += ["## Time taken", ""]
    out += _table(["part", "minutes"], [[p, f"{s / 60:,.1f}"] for p, s in results.get("durations", {}).items()])
    return "\n".join(out)


def _build_section(results: dict) -> list[str]:
    build = results.get("build")
    if not build:
        return []
    out = [f"## Build throughput ({build['docs']:,} documents, {build['words']:,} words)", ""]
    rows = []
    for run in build["runs"]:
        if run.get("status") != "ok":
            rows.append([f"kg build, {run['workers']} worker(s)", "ERROR", "–", "–", run.get("error", "")])
            continue
        rows.append([f"kg build, {run['workers']} worker{'s' if run['workers'] > 1 else ''}",
                     f"{run['docs_per_s']:,.1f}", f"{run['words_per_s']:,.0f}",
                     f"{run['words_per_s'] / build['spacy']['words_per_s']:.1%}",
                     f"{run['seconds']:,.1f} s, {run['quads']:,} quads"])
    spacy = build["spacy"]
    rows.append(["bare spaCy tokenizer (`spacy.blank('en')`), same texts", f"{spacy['docs_per_s']:,.0f}",
                 f"{spacy['words_per_s']:,.0f}", "100%", f"{spacy['seconds']:,.2f} s, {spacy['tokens']:,} tokens"])
    out += _table(["", "docs/s", "words/s", "of spaCy's words/s", "detail"], rows)
    out += [build.get("note", ""), ""] if build.get("note") else []
    return out


def _rss_section(results: dict) -> list[str]:
    rss = results.get("rss")
    if not rss:
        return []
    out = ["## Peak memory of `kg build`", "",
           "The real command (`kg build CORPUS --store NEW`, its default workers) on a fresh store. Largest "
           "process: `wait4` ru_maxrss (exact). Process tree: the sum over the command and its worker processes, "
           "sampled every 0.5 s.", ""]
    rows = [[f"{r['docs']:,}", r.get("workers", "?"),
             f"{r['seconds']:,.0f}" if r["returncode"] == 0 else f"exit {r['returncode']}",
             f"{r['docs'] / r['seconds']:,.1f}" if r["returncode"] == 0 else "–",
             f"{r['maxrss_mb']:,.0f}", f"{r['tree_peak_mb']:,.0f}"] for r in rss]
    return out + _table(["documents", "workers", "seconds", "docs/s", "largest process MB", "process tree MB"], rows)


def _graph_section(results: dict) -> list[str]:
    graphs = results.get("graphs")
    if not graphs:
        return []
    out = ["## Generated graphs", "",
           "`benchmarks/graphgen.py`: corpus articles built by `kg build` until the store holds the size.", ""]
    rows = [[size_label(int(size)), f"{g['documents']:,}", f"{g['quads']:,}", f"{g['quads'] / g['documents']:,.0f}",
             f"{g['build_s']:,.0f}", "cached" if g.get("cached") else "built now", f"`{g['folder']}`"]
            for size, g in sorted(graphs.items(), key=lambda kv: int(kv[0]))]
    return out + _table(["size", "documents", "quads", "quads/doc", "kg build s", "", "folder"], rows)


def _load_section(results: dict) -> list[str]:
    load = results.get("load")
    if not load:
        return []
    out = [f"## Store load ({load['quads']:,} quads of the {size_label(int(load['size']))} graph, N-Quads from "
           "`kg export nquads`)", ""]
    bulk = load.get("bulk", {})
    rows = []
    for key in ("kg", "extend", "bulk"):
        r = load.get(key)
        if not r:
            continue
        if r.get("status") != "ok":
            rows.append([key, "ERROR", "–", "–", r.get("error", "")])
            continue
        share = f"{r['quads_per_s'] / bulk['quads_per_s']:.0%}" if bulk.get("status") == "ok" else "–"
        rows.append([r["path"], f"{r['seconds']:,.1f}", f"{r['quads_per_s']:,.0f}", share, ""])
    for name in ("virtuoso", "rdflib"):
        r = results.get("baseline_loads", {}).get(name)
        if r:
            rows.append([r["path"], f"{r['seconds']:,.1f}", f"{r['quads'] / r['seconds']:,.0f}", "–",
                         "(for scale, not a target)"])
    return out + _table(["write path", "seconds", "quads/s", "of bulk_load", ""], rows)


def _query_sections(results: dict) -> list[str]:
    out = []
    cap = results["options"]["cap"]
    params = results["options"].get("params", {})
    for size, queries in sorted(results.get("queries", {}).items(), key=lambda kv: int(kv[0])):
        limit = query_limit_ms(int(size))
        graph = results.get("graphs", {}).get(size, {})
        out += [f"## Named queries at {size_label(int(size))} quads ({graph.get('quads', 0):,} quads, "
                f"{graph.get('documents', 0):,} documents), milliseconds", ""]
        has_kg = any("kg" in e for e in queries.values())
        has_rdflib = any("rdflib" in e for e in queries.values())
        has_virtuoso = any("virtuoso" in e for e in queries.values())
        header = ["query"]
        if has_kg:
            header += ["kg p50", "kg p95", "n", "rows", f"≤ {limit:g} ms"]
        if has_rdflib:
            header += ["rdflib p50", "rdflib rows"] + (["rdflib ÷ kg"] if has_kg else [])
        if has_virtuoso:
            header += ["Virtuoso p50", "Virtuoso rows"] + (["kg ÷ Virtuoso"] if has_kg else [])
        rows, notes = [], []
        for name, engines in queries.items():
            ours = engines.get("kg")
            row = [f"`{name}`"]
            if has_kg:
                within = "PASS" if ours and ours["status"] == "ok" and ours["p50"] <= limit else "FAIL"
                row += [ms(ours), _p95(ours), ours.get("n", "–") if ours else "–", _rows(ours), within]
            if has_rdflib:
                ratio, bound = speedup(ours, engines.get("rdflib"), cap)
                row += [ms(engines.get("rdflib")), _rows(engines.get("rdflib"), ours)]
                row += ["–" if ratio is None else ("≥ " if bound else "") + _ratio(ratio)] if has_kg else []
            if has_virtuoso:
                theirs = engines.get("virtuoso")
                row += [ms(theirs), _rows(theirs, ours)]
                if has_kg:
                    both = ours and theirs and ours["status"] == theirs["status"] == "ok"
                    row.append(_ratio(ours["p50"] / theirs["p50"]) if both else "–")
            rows.append(row)
            if ours and ours["status"] == "ok" and ours["rows"] == 0:
                notes.append(f"- `{name}`: no rows with {'these' if name in params else 'its default'} parameters "
                             f"on this graph, so little is measured (another value: `--param {name}.NAME=VALUE`)")
            for engine, r in engines.items():
                if r and r["status"] != "ok":
                    notes.append(f"- `{name}` on {engine}: {r['status'].upper()}"
                                 + (f": {r['error']}" if r.get("error") else ""))
        out += _table(header, rows) + notes + ([""] if notes else [])
        loaded = results.get("baseline_loads", {})
        if has_rdflib and "rdflib" in loaded:
            out += [f"rdflib: `Dataset(default_union=True)` loaded from the N-Quads in "
                    f"{loaded['rdflib']['seconds']:,.0f} s; each query in a forked process killed at {cap:g} s.", ""]
        if has_virtuoso and "virtuoso" in loaded:
            out += [f"Virtuoso: bulk-loaded (`ld_dir` + `rdf_loader_run`) in {loaded['virtuoso']['seconds']:,.0f} s; "
                    f"queries POSTed to `/sparql` with the project's PREFIXES "
                    f"(`kg.remote.client.query_text`, as `kg query --endpoint` sends them), "
                    f"server limit `MaxQueryExecutionTime = {cap:g}`; restarted after a query that did not answer.", ""]
    return out


def _ratio(x: float) -> str:
    return f"{x:,.1f}×" if x >= 10 else f"{x:.2g}×"


def _rows(result: dict | None, reference: dict | None = None) -> str:
    if not result or result["status"] != "ok":
        return "–"
    cell = f"{result['rows']:,}"
    if reference and reference.get("status") == "ok" and reference["rows"] != result["rows"]:
        cell += " ≠"
    return cell


def _explorer_sections(results: dict) -> list[str]:
    out = []
    for size, endpoints in sorted(results.get("explorer", {}).items(), key=lambda kv: int(kv[0])):
        out += [f"## Explorer endpoints at {size_label(int(size))} quads (`kg serve`, milliseconds)", ""]
        rows, notes = [], []
        for endpoint, r in endpoints.items():
            within = "PASS" if r["status"] == "ok" and r["p50"] <= EXPLORER_P50_MS else "FAIL"
            rows.append([f"`{r.get('path', endpoint)}`"[:90], ms(r), _p95(r), r.get("n", "–"),
                         f"{r['bytes']:,}" if r["status"] == "ok" else "–", within])
            if r["status"] != "ok":
                notes.append(f"- `{endpoint}`: {r['status'].upper()}: {r.get('error', '')}")
        out += _table(["request", "p50", "p95", "n", "bytes", f"≤ {EXPLORER_P50_MS:g} ms"], rows) + notes
        out += [""] if notes else []
    return out
