"""The work the harness runs in child processes, one JSON object per line on stdout.

    python -m benchmarks.child build CORPUS STORE WORKERS
    python -m benchmarks.child load {kg,extend,bulk} NQUADS STORE
    python -m benchmarks.child query STORE NAME RUNS BUDGET_S [PARAMS_JSON]
    python -m benchmarks.child rdflib NQUADS NAMES RUNS BUDGET_S CAP_S [PARAMS_JSON]

PARAMS_JSON gives parameters other than the defaults: ``{"query": {"param": "value"}}``.

Each runs in its own process so that the parent can kill it at the time cap (a query that
never ends cannot hang the run) and so that its memory is its own. ``rdflib`` loads the
N-Quads once, then forks one process per query (sharing the loaded dataset) and kills the
fork past ``CAP_S``.
"""

from __future__ import annotations

import inspect
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.timing import keep_going


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


def build(corpus: str, store_path: str, workers: str) -> None:
    """Time ``kg.build.build`` over ``corpus`` into a fresh store, the reference graphs
    loaded first (untimed): documents loaded, extracted, written, then fused."""
    from kg import build as kg_build
    from kg.store import KgStore

    store = KgStore.open(Path(store_path))
    kg_build.refresh_reference_graphs(store)
    options = {}
    if "workers" in inspect.signature(kg_build.build).parameters:
        options["workers"] = int(workers)
    elif int(workers) != 1:
        emit(status="error", error="kg.build.build takes no 'workers' parameter")
        return
    start = time.perf_counter()
    report = kg_build.build(store, [Path(corpus)], **options)
    seconds = time.perf_counter() - start
    emit(status="ok", seconds=seconds, documents=len(report.added) + len(report.updated),
         fused=report.fused, quads=store.quad_count(), workers=options.get("workers", 1))


def load(mode: str, nquads: str, store_path: str) -> None:
    """Write the quads of ``nquads`` into a fresh on-disk store and time it.

    ``kg``: the project's write path, one graph at a time as ``kg build`` writes documents
    (``KgStore.write_graphs`` in batches of ``kg.build.BATCH_SIZE`` graphs as N-Triples when
    the store has it, else ``KgStore.replace_graphs`` per graph); parsing and serialising
    are done before the clock starts. ``extend``: raw ``pyoxigraph.Store.extend`` per graph
    (transactional, no drop). ``bulk``: raw ``pyoxigraph.Store.bulk_load`` of the file,
    parsing included."""
    from pyoxigraph import DefaultGraph, RdfFormat, Store, parse, serialize

    from kg.store import KgStore

    if mode == "bulk":
        store = Store(store_path)
        start = time.perf_counter()
        store.bulk_load(path=nquads, format=RdfFormat.N_QUADS)
        store.flush()
        seconds = time.perf_counter() - start
        emit(status="ok", seconds=seconds, quads=len(store), path="pyoxigraph Store.bulk_load (file, parsing included)")
        return
    graphs = defaultdict(list)
    for quad in parse(path=nquads, format=RdfFormat.N_QUADS):
        if not isinstance(quad.graph_name, DefaultGraph):
            graphs[quad.graph_name].append(quad)
    quads = sum(len(g) for g in graphs.values())
    if mode == "extend":
        store = Store(store_path)
        start = time.perf_counter()
        for graph_quads in graphs.values():
            store.extend(graph_quads)
        store.flush()
        emit(status="ok", seconds=time.perf_counter() - start, quads=quads,
             path="pyoxigraph Store.extend, one call per graph")
        return
    kg_store = KgStore.open(Path(store_path))
    if hasattr(kg_store, "write_graphs"):
        from kg.build import BATCH_SIZE

        payload = [(g.value, serialize([q.triple for q in qs], format=RdfFormat.N_TRIPLES))
                   for g, qs in graphs.items()]
        start = time.perf_counter()
        for first in range(0, len(payload), BATCH_SIZE):
            kg_store.write_graphs(payload[first : first + BATCH_SIZE])
        kg_store.flush()
        path = f"KgStore.write_graphs, {BATCH_SIZE} graphs per transaction"
    else:
        start = time.perf_counter()
        for graph, graph_quads in graphs.items():
            kg_store.replace_graphs(graph, graph_quads)
        kg_store.flush()
        path = "KgStore.replace_graphs, one graph per transaction"
    emit(status="ok", seconds=time.perf_counter() - start, quads=quads, path=path)


def query(store_path: str, name: str, runs: str, budget_s: str, params: str = "{}") -> None:
    """Run the named query ``name`` (default parameters unless ``params`` says otherwise) on
    the store, as ``kg query`` does; one line per run: milliseconds and rows."""
    from kg.queries import catalogue
    from kg.store import KgStore

    store = KgStore.open(Path(store_path), create=False, read_only=True)
    named = catalogue()[name]
    bindings = named.bindings(json.loads(params).get(name, {}))
    _sample(lambda: _rows(store.query(named.sparql, bindings)), int(runs), float(budget_s))


def _rows(result) -> int:  # noqa: ANN001 - pyoxigraph or rdflib result
    if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
        return 1
    return sum(1 for _ in result)


def _sample(run_once, runs: int, budget_s: float, send=None) -> None:  # noqa: ANN001
    send = send or (lambda ms, rows: emit(ms=ms, rows=rows))
    start = time.perf_counter()
    count, last = 0, 0.0
    while count == 0 or keep_going(count, time.perf_counter() - start, last, runs, budget_s):
        began = time.perf_counter()
        rows = run_once()
        last = time.perf_counter() - began
        count += 1
        send(last * 1000, rows)


def rdflib(nquads: str, names: str, runs: str, budget_s: str, cap_s: str, params: str = "{}") -> None:
    """Load ``nquads`` into an rdflib Dataset (union default graph), then run each named
    query in a forked process, killed past ``cap_s`` per run."""
    import multiprocessing

    from rdflib import Dataset

    from kg.namespaces import PREFIXES
    from kg.queries import bind_values, catalogue

    start = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(nquads, format="nquads")
    emit(event="loaded", seconds=time.perf_counter() - start, quads=len(dataset))
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    named = catalogue()
    given = json.loads(params)
    fork = multiprocessing.get_context("fork")
    for name in names.split(","):
        text = prologue + bind_values(named[name].sparql, named[name].bindings(given.get(name, {})))
        receiver, sender = fork.Pipe(duplex=False)

        def work(text: str = text, sender=sender) -> None:  # noqa: ANN001
            try:
                _sample(lambda: _rows(dataset.query(text)), int(runs), float(budget_s),
                        lambda ms, rows: sender.send(("run", ms, rows)))
                sender.send(("done",))
            except Exception as err:  # noqa: BLE001 - report any engine error as the query's result
                sender.send(("error", f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"))

        process = fork.Process(target=work)
        process.start()
        sender.close()
        while True:
            if not receiver.poll(float(cap_s)):
                process.kill()
                emit(query=name, status="timeout")
                break
            try:
                message = receiver.recv()
            except EOFError:
                emit(query=name, status="error", error=f"the query process died (exit {process.exitcode})")
                break
            if message[0] == "run":
                emit(query=name, ms=message[1], rows=message[2])
            elif message[0] == "error":
                emit(query=name, status="error", error=message[1])
                break
            else:
                emit(query=name, status="done")
                break
        process.join()
        receiver.close()


COMMANDS = {"build": build, "load": load, "query": query, "rdflib": rdflib}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
