"""Measuring helpers shared by the benchmark harness (:mod:`benchmarks.run`): percentiles,
the sampling policy, child processes watched by a per-answer time cap, peak RSS of a
command, and a description of the machine.

>>> percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50), percentile([5.0, 1.0, 3.0, 2.0, 4.0], 95)
(3.0, 5.0)
>>> summarise([[900.0, 1], [10.0, 1], [12.0, 1]])["p50"]
10.0
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import platform
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def percentile(samples: list[float], q: float) -> float:
    """The nearest-rank percentile ``q`` (0-100) of ``samples`` (p95 of five runs is the slowest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def keep_going(count: int, elapsed_s: float, last_s: float, runs: int, budget_s: float) -> bool:
    """The sampling policy: a warm-up run, then up to ``runs`` timed runs, while another run
    of the last run's length still fits in ``budget_s`` (so a 30 s query is run twice, and a
    40 s one once). Every engine and endpoint is sampled by this one rule."""
    return count < runs + 1 and elapsed_s + last_s < budget_s


def summarise(samples: list[list[float]]) -> dict:
    """``samples`` ([milliseconds, rows] per run, the warm-up first) -> p50, p95, n, rows.
    The warm-up is dropped when there is more than one run; ``cold`` says it was not."""
    timed = samples[1:] or samples
    ms = [s[0] for s in timed]
    return {"status": "ok", "p50": percentile(ms, 50), "p95": percentile(ms, 95), "n": len(ms),
            "cold": len(samples) == 1, "first_ms": samples[0][0], "rows": samples[-1][1]}


def child_env() -> dict[str, str]:
    """The environment of a child Python: this checkout importable, output unbuffered."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def kill_group(process: subprocess.Popen) -> None:
    """Kill ``process`` and everything it started (it was started in its own session)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def stream_json(command: list[str], *, cap_s: float, first_cap_s: float | None = None,
                log: Path | None = None) -> Iterator[dict]:
    """Run ``command`` (a child printing one JSON object per line) and yield each object.
    When no line comes within ``cap_s`` (``first_cap_s`` for the first), the child and its
    own children are killed and ``{"status": "timeout"}`` is yielded. A child that fails
    yields ``{"status": "error", "error": <last line of its stderr>}``."""
    err_path = log or Path(os.devnull)
    with open(err_path, "wb") as err:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, cwd=ROOT, env=child_env(),
                                   start_new_session=True)
    lines: queue.Queue[bytes | None] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for raw in process.stdout:
            lines.put(raw)
        lines.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    wait = first_cap_s or cap_s
    try:
        while True:
            try:
                raw = lines.get(timeout=wait)
            except queue.Empty:
                kill_group(process)
                yield {"status": "timeout", "after_s": wait}
                return
            wait = cap_s
            if raw is None:
                break
            text = raw.decode("utf-8", "replace").strip()
            if text.startswith("{"):
                yield json.loads(text)
        if process.wait() != 0:
            tail = _last_line(err_path) if log else ""
            yield {"status": "error", "error": f"exit {process.returncode}: {tail}"}
    finally:
        kill_group(process)
        reader.join(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def _last_line(path: Path) -> str:
    try:
        lines = [line for line in path.read_text("utf-8", "replace").splitlines() if line.strip()]
    except OSError:
        return ""
    return lines[-1][:300] if lines else ""


def _tree_rss_kb(root: int) -> int:
    """Resident memory (kB) of ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)     # field 4: ppid
        rss[pid] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)   # field 24: rss pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def measure_command(command: list[str], *, log: Path, sample_s: float = 0.5) -> dict:
    """Run ``command`` to the end; its wall time, exit code, the peak RSS of its largest
    process (``wait4``'s ru_maxrss, exact) and the peak of the whole process tree (worker
    processes included; sampled from /proc every ``sample_s``)."""
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=child_env(),
                                   start_new_session=True)
    peak_tree = 0
    stop = threading.Event()

    def sampler() -> None:
        nonlocal peak_tree
        while not stop.wait(sample_s):
            peak_tree = max(peak_tree, _tree_rss_kb(process.pid))

    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    except BaseException:
        kill_group(process)
        raise
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    thread.join()
    return {"seconds": seconds, "returncode": process.returncode, "maxrss_mb": usage.ru_maxrss / 1024,
            "tree_peak_mb": max(peak_tree, usage.ru_maxrss) / 1024, "log": str(log)}


def machine() -> dict:
    """Cores, memory, CPU, Python and library versions, and the code measured (git)."""
    import pyoxigraph

    info = {"cores": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)),
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
            "platform": platform.platform()}
    try:
        meminfo = Path("/proc/meminfo").read_text()
        info["ram_gb"] = round(int(meminfo.split("MemTotal:")[1].split()[0]) / 2**20, 1)
        cpu = [line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")]
        info["cpu"] = cpu[0].split(":", 1)[1].strip() if cpu else platform.processor()
    except (OSError, IndexError, ValueError):
        pass
    for module in ("rdflib", "spacy"):
        try:
            info[module] = __import__(module).__version__
        except ImportError:
            info[module] = None
    info["virtuoso"] = _virtuoso_version()
    info["git"] = _git("rev-parse", "--short", "HEAD")
    info["git_dirty"] = bool(_git("status", "--porcelain", "--", "kg", "queries", "ontology"))
    return info


def _virtuoso_version() -> str | None:
    try:
        out = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in (out.stdout + out.stderr).splitlines():
        if line.startswith("Version"):
            return line.split()[1]
    return None


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""
