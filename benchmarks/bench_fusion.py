"""Fusion cost at corpus scale: blocked clustering (kg.fuse.clusters) vs the pairwise
definition it must reproduce, on synthetic document events.

    python benchmarks/bench_fusion.py [--events 2000 10000 50000] [--naive-max 5000]

Each synthetic incident is reported by 1 to 4 documents, at one of ``--towns`` towns
scattered over the Sahel (some pairs within a few km), on a day of a two-year span, by one
of a few attackers; month-precision reports stand in for encyclopedias. The baseline is the
plain pairwise loop (every event against every group), run up to ``--naive-max`` events
because it grows with the square of the corpus. Both must give the same groups; the script
checks it. Figures vary with the machine: compare columns within one run.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.fuse import DocumentEvent, clusters, match  # noqa: E402

ACTORS = [f"https://w3id.org/sahel-kg/id/actor/{a}" for a in ("jnim", "issp", "fama", "fdsbf")]
START = date(2023, 1, 1)


def synthetic_events(count: int, towns: int, seed: int = 7) -> list[DocumentEvent]:
    """About ``count`` document events: incidents reported by 1-4 documents each."""
    rng = random.Random(seed)
    points = [(rng.uniform(11.0, 20.0), rng.uniform(-12.0, 4.0)) for _ in range(towns)]
    events: list[DocumentEvent] = []
    incident = 0
    while len(events) < count:
        town = rng.randrange(towns)
        day = START + timedelta(days=rng.randrange(730))
        attacker = rng.choice(ACTORS)
        for report in range(rng.choice((1, 1, 2, 3, 4))):
            monthly = rng.random() < 0.1
            first = day.replace(day=1) if monthly else day
            last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1) if monthly else day
            events.append(DocumentEvent(
                f"e:{incident}/{report}", f"d:{incident}/{report}", sub_type="armed-clash", event_type="battles",
                earliest=first.isoformat(), latest=last.isoformat(), place=f"t:{town}", town=f"t:{town}",
                place_class="PopulatedPlace", attackers={attacker}, point=points[town]))
        incident += 1
    return sorted(events[:count], key=lambda e: e.iri)


def naive(events: list[DocumentEvent]) -> list[list[str]]:
    """The pairwise definition: each event against every group, in creation order."""
    groups: list[list[DocumentEvent]] = []
    for event in events:
        for members in groups:
            if all(match(event, m) is not None for m in members):
                members.append(event)
                break
        else:
            groups.append([event])
    return [[m.iri for m in g] for g in groups if len(g) > 1]


def timed(func, *args):  # noqa: ANN001, ANN201
    """(result, seconds, peak MB allocated): timed on a plain run, memory on a second run
    under tracemalloc (which slows allocation-heavy code several times over)."""
    started = time.perf_counter()
    result = func(*args)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    func(*args)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[2000, 10000, 50000])
    parser.add_argument("--towns", type=int, default=800)
    parser.add_argument("--naive-max", type=int, default=5000)
    args = parser.parse_args()
    print(f"{'events':>8} {'groups':>7} {'blocked s':>10} {'ev/s':>9} {'peak MB':>8} "
          f"{'pairwise s':>11} {'ev/s':>9} {'peak MB':>8}")
    for count in args.events:
        events = synthetic_events(count, args.towns)
        groups, blocked_s, blocked_mb = timed(clusters, events)
        line = (f"{count:>8} {len(groups):>7} {blocked_s:>10.3f} {count / blocked_s:>9.0f} {blocked_mb:>8.1f} ")
        if count <= args.naive_max:
            expected, naive_s, naive_mb = timed(naive, events)
            if expected != [[m.iri for m in g] for g, _ in groups]:
                sys.exit("bench_fusion: blocked and pairwise clustering disagree")
            line += f"{naive_s:>11.3f} {count / naive_s:>9.0f} {naive_mb:>8.1f}"
        else:
            line += f"{'(skipped)':>11}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
