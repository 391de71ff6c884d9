"""Latency of the explorer's JSON endpoints against a real ``kg serve`` on 127.0.0.1.

The server runs as a subprocess over a store, with its query timeout raised (so that the
figures are measured, not cut off by the server); the client waits at most the cap. An
endpoint that does not answer in time may still be working inside the server, so the
server is restarted before the next endpoint.
"""

from __future__ import annotations

import json
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.graphgen import KG
from benchmarks.timing import ROOT, child_env, keep_going, kill_group, summarise
from benchmarks.virtuoso import free_port

ENDPOINTS = ("/api/graph", "/api/node", "/api/search", "/api/timeline", "/api/map")

_PICK = """PREFIX skg: <https://w3id.org/sahel-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?event ?name WHERE {
  ?event a skg:Event ; prov:wasDerivedFrom ?report ; skg:attacker ?actor .
  ?actor skos:prefLabel ?name FILTER(LANG(?name) IN ("en", ""))
} LIMIT 1"""


class KgServer:
    """``kg serve --store STORE`` on a free port of 127.0.0.1."""

    def __init__(self, store: Path, log: Path, server_timeout_s: float) -> None:
        self.store, self.log, self.server_timeout_s = store, log, server_timeout_s
        self.process: subprocess.Popen | None = None
        self.base = ""

    def __enter__(self) -> KgServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, wait_s: float = 120) -> None:
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [KG, "serve", "--store", str(self.store), "--port", str(port), "--timeout", str(self.server_timeout_s)],
                stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=child_env(), start_new_session=True)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kg serve exited with {self.process.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(self.base + "/api/legend", timeout=5):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"kg serve did not answer within {wait_s} s; see {self.log}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                kill_group(self.process)

    def restart(self) -> None:
        if self.process is not None:
            kill_group(self.process)
        self.start()

    def get(self, path: str, timeout_s: float) -> tuple[float, int]:
        """GET ``path``; (milliseconds, size of the answer in bytes). HTTPError on 4xx/5xx."""
        start = time.perf_counter()
        with urllib.request.urlopen(self.base + path, timeout=timeout_s) as answer:
            size = len(answer.read())
        return (time.perf_counter() - start) * 1000, size

    def sparql(self, text: str, timeout_s: float) -> list[dict]:
        url = self.base + "/sparql?" + urllib.parse.urlencode({"query": text})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=timeout_s) as answer:
            return json.loads(answer.read())["results"]["bindings"]


def endpoint_paths(server: KgServer, timeout_s: float, search: str | None) -> dict[str, str]:
    """Each endpoint with its parameters: the node is a fused incident of the store, the
    search term the name of its attacker (``search`` overrides it)."""
    try:
        rows = server.sparql(_PICK, timeout_s)
    except (OSError, KeyError, ValueError):
        rows = []
    event = rows[0]["event"]["value"] if rows else None
    name = search or (rows[0]["name"]["value"] if rows else "JNIM")
    paths = {"/api/graph": "/api/graph", "/api/search": "/api/search?" + urllib.parse.urlencode({"q": name}),
             "/api/timeline": "/api/timeline", "/api/map": "/api/map"}
    if event:
        paths["/api/node"] = "/api/node?" + urllib.parse.urlencode({"iri": event})
    return dict(sorted(paths.items(), key=lambda kv: ENDPOINTS.index(kv[0])))


def measure(store: Path, log: Path, *, runs: int, budget_s: float, cap_s: float, search: str | None = None,
            progress=print) -> dict:  # noqa: ANN001
    """p50/p95 of every explorer endpoint over the store at ``store``."""
    results: dict[str, dict] = {}
    with KgServer(store, log, server_timeout_s=max(600.0, cap_s * 10)) as server:
        paths = endpoint_paths(server, cap_s, search)
        for endpoint in ENDPOINTS:
            if endpoint not in paths:
                results[endpoint] = {"status": "error", "error": "no fused incident with an attacker in the store"}
                continue
            path = paths[endpoint]
            samples: list[list[float]] = []
            start = time.perf_counter()
            try:
                while not samples or keep_going(len(samples), time.perf_counter() - start, samples[-1][0] / 1000,
                                                runs, budget_s):
                    ms, size = server.get(path, cap_s)
                    samples.append([ms, size])
                result = summarise(samples)
                result["bytes"] = result.pop("rows")
            except urllib.error.HTTPError as err:
                result = {"status": "error", "error": f"HTTP {err.code}: {err.read().decode('utf-8', 'replace')[:200]}"}
            except OSError as err:
                timed_out = isinstance(err, TimeoutError) or "timed out" in str(err)
                result = ({"status": "timeout", "error": f"no answer within {cap_s:g} s"} if timed_out
                          else {"status": "error", "error": f"{type(err).__name__}: {err}"})
                server.restart()
            result["path"] = path
            results[endpoint] = result
            progress(f"  {endpoint:<14} {_short(result)}")
    return results


def _short(result: dict) -> str:
    if result["status"] != "ok":
        return f"{result['status'].upper()} {result.get('error', '')}"
    return f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms (n={result['n']})"
