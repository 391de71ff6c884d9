"""Every named query's latency on one store: `python benchmarks/query_latency.py STORE`.

Each query runs in a subprocess that opens the store read-only: one warm-up run, then up
to 3 timed runs within 40 s (a 120 s cap per query); prints a Markdown row per query:
p50, max, runs, rows, the cold first run, and whether p50 is within 1 s.
"""
import json
import subprocess
import sys
from pathlib import Path

store = sys.argv[1]
names = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "queries").glob("*.rq"))
child = r'''
import sys, time, json, statistics
from pathlib import Path
from kg.store import KgStore
from kg.queries import catalogue
q = catalogue()[sys.argv[2]]
s = KgStore.open(Path(sys.argv[1]), create=False, read_only=True)
b = q.bindings({})
times = []
for i in range(4):
    t = time.perf_counter(); n = sum(1 for _ in s.query(q.sparql, b)); times.append(time.perf_counter() - t)
    if sum(times) > 40: break
timed = times[1:] or times
print(json.dumps({"p50": statistics.median(timed) * 1000, "max": max(timed) * 1000, "n": len(timed),
                  "rows": n, "cold": times[0] * 1000}))
'''
for name in names:
    try:
        out = subprocess.run([sys.executable, "-c", child, store, name], capture_output=True, text=True, timeout=120)
        r = json.loads(out.stdout)
        verdict = "PASS" if r["p50"] <= 1000 else "FAIL"
        print(f"| `{name}` | {r['p50']:,.1f} | {r['max']:,.1f} | {r['n']} | {r['rows']:,} | {r['cold']:,.1f} "
              f"| {verdict} |", flush=True)
    except subprocess.TimeoutExpired:
        print(f"| `{name}` | TIMEOUT | | | | | FAIL |", flush=True)
    except (ValueError, IndexError):
        print(f"| `{name}` | ERROR {(out.stderr.strip().splitlines() or ['?'])[-1][:100]} |", flush=True)
