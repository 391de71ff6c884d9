"""Re-make the regression record of tests/test_shared_nodes.py: every named query's CSV answer on the seeds.

Run it only when a change is meant to change what the queries answer (an extraction change, a new
reference actor), and say so in the commit: ``.venv/bin/python scripts/record_query_rows.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from kg.build import build
from kg.queries import catalogue
from kg.results import render
from kg.store import KgStore

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "tests" / "data" / "query-rows"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = KgStore.open(Path(folder) / "store")
        build(store, [ROOT / "seeds"], workers=1)
        for name, query in sorted(catalogue().items()):
            (RECORD / f"{name}.csv").write_text(render(store.query(query.sparql, query.bindings({})), "csv"))
        store.close()
    print(f"recorded {len(catalogue())} answers in {RECORD}")


if __name__ == "__main__":
    main()
