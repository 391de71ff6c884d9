"""Run a command and report its wall time and peak resident memory, its own and its
process tree's (the building process plus its worker processes, summed at each sample).

    python benchmarks/peak_rss.py [--every 0.25] -- kg build /tmp/c10k --store /tmp/s10k --workers 2

Linux only (reads /proc). ``/usr/bin/time -v`` gives the peak of the largest single
process; the tree's sum is what a machine must hold.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE / 1e6
    except (OSError, IndexError, ValueError):
        return 0.0


def tree(pid: int) -> list[int]:
    """``pid`` and every descendant (by walking /proc/*/stat)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=float, default=0.25, help="Seconds between samples.")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    start = time.perf_counter()
    process = subprocess.Popen(command)
    own = total = 0.0
    while process.poll() is None:
        own = max(own, rss_mb(process.pid))
        total = max(total, sum(rss_mb(p) for p in tree(process.pid)))
        time.sleep(args.every)
    seconds = time.perf_counter() - start
    print(f"exit {process.returncode}; {seconds:.1f} s; peak RSS {own:.0f} MB (command), "
          f"{total:.0f} MB (command + its processes)", file=sys.stderr)
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
