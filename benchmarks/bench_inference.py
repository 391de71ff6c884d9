"""Inference at query time (property paths) vs materialised at build time: cost and latency.

    python benchmarks/bench_inference.py [--docs 300] [--repeat 30]

sahel-kg follows transitive and inverse relations and the class hierarchy with SPARQL
property paths at query time (docs/inference.md says why). This script measures the
alternative on the same store: the rules below are materialised by SPARQL UPDATE into a
separate named graph (the "own rules" option), then each question is asked both ways:

- affiliates of al-Qaeda: ``(skg:affiliatedWith|skg:constituentOf)+`` vs the closure;
- events in a region: ``(skg:partOf|skg:locatedIn)*`` vs the closure of partOf;
- armed actors by class: ``a/rdfs:subClassOf*`` vs materialised ``rdf:type``;
- members of an alliance via the inverse: ``^skg:memberOf`` vs materialised ``skg:hasMember``.

It prints the materialisation time and size and the p50/p95 latency of each question
both ways, and checks that both ways give the same answers. Figures vary with the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_build import make_corpus  # noqa: E402
from pyoxigraph import NamedNode, Quad  # noqa: E402

from kg.build import build  # noqa: E402
from kg.store import KgStore  # noqa: E402

INFERENCE = "https://w3id.org/sahel-kg/graph/inference"
RULES = {
    "affiliation closure": """
        CONSTRUCT { ?a skg:affiliatedWith ?b }
        WHERE { ?a (skg:affiliatedWith|skg:constituentOf)+ ?b }""",
    "part-of closure": """
        CONSTRUCT { ?a skg:partOf ?b }
        WHERE { ?a (skg:partOf|skg:locatedIn)+ ?b }""",
    "inverses": """
        CONSTRUCT { ?b skg:hasMember ?m . ?c skg:hasPart ?p }
        WHERE { { ?m skg:memberOf ?b } UNION { ?p skg:partOf ?c } }""",
    "class hierarchy": """
        CONSTRUCT { ?x a ?super }
        WHERE { ?x a ?class . ?class rdfs:subClassOf+ ?super . FILTER(isIRI(?super)) }""",
}
QUESTIONS = {
    "affiliates": (
        """SELECT DISTINCT ?actor WHERE { ?org skos:prefLabel "al-Qaeda"@en .
             ?actor (skg:affiliatedWith|skg:constituentOf)+ ?org }""",
        """SELECT DISTINCT ?actor WHERE { ?org skos:prefLabel "al-Qaeda"@en .
             GRAPH <%s> { ?actor skg:affiliatedWith ?org } }"""),
    "events in a region": (
        """SELECT DISTINCT ?event WHERE { ?region skg:isoCode "ML-6" .
             ?event a skg:Event ; skg:place ?p . ?p (skg:partOf|skg:locatedIn)* ?region }""",
        """SELECT DISTINCT ?event WHERE { ?event a skg:Event ; skg:place ?p .
             { ?p skg:isoCode "ML-6" } UNION { GRAPH <%s> { ?p skg:partOf ?region } ?region skg:isoCode "ML-6" } }"""),
    "actors by class": (
        """SELECT DISTINCT ?x WHERE { ?x a/rdfs:subClassOf* skg:Actor }""",
        """SELECT DISTINCT ?x WHERE { GRAPH <%s> { ?x a skg:Actor } }"""),
    "alliance members": (
        """SELECT DISTINCT ?m WHERE { ?a skg:acronym "AES" . ?a ^skg:memberOf ?m }""",
        """SELECT DISTINCT ?m WHERE { ?a skg:acronym "AES" . GRAPH <%s> { ?a skg:hasMember ?m } }"""),
}


def latency(store: KgStore, sparql: str, repeat: int) -> tuple[list[float], set]:
    times, answers = [], set()
    for _ in range(repeat):
        started = time.perf_counter()
        answers = {tuple(str(v) for v in row) for row in store.query(sparql)}
        times.append((time.perf_counter() - started) * 1000)
    return times, answers


def pct(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100)[q - 1] if len(times) > 1 else times[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        corpus = Path(work) / "corpus"
        corpus.mkdir()
        make_corpus(corpus, args.docs)
        store = KgStore.open(Path(work) / "store")
        build(store, [corpus])
        before = store.quad_count()
        print(f"store: {args.docs} documents, {before} quads")
        total = 0.0
        for name, rule in RULES.items():
            started = time.perf_counter()
            graph = NamedNode(INFERENCE)
            store.oxigraph.extend([Quad(t.subject, t.predicate, t.object, graph) for t in store.query(rule)])
            took = (time.perf_counter() - started) * 1000
            total += took
            print(f"materialise {name:<22} {took:9.1f} ms")
        added = store.quad_count() - before
        print(f"materialised: {added} quads ({100 * added / before:.1f}% of the store) in {total:.0f} ms")
        print(f"{'question':<20} {'paths p50':>10} {'p95':>8} {'materialised p50':>17} {'p95':>8} rows same")
        for name, (paths, materialised) in QUESTIONS.items():
            t1, a1 = latency(store, paths, args.repeat)
            t2, a2 = latency(store, materialised % INFERENCE, args.repeat)
            print(f"{name:<20} {pct(t1, 50):>10.2f} {pct(t1, 95):>8.2f} {pct(t2, 50):>17.2f} {pct(t2, 95):>8.2f} "
                  f"{len(a1):>4} {a1 == a2}")


if __name__ == "__main__":
    main()
