"""Issue #13: one package, everything inside. The wheel is built from this checkout, installed
into a fresh virtual environment, and that environment's ``kg`` builds the seeds and serves
them from a folder outside the checkout: the ontology, reference data and named queries
are found installed, and the explorer, its map outlines (world-atlas), vis-network and the
editor's YASGUI are served from the installed package. A wheel built from the sdist (as
``python -m build`` makes it) holds the same files.

Offline and fast: the wheel is built without build isolation (hatchling is a dev
dependency), installed with ``--no-deps --no-index``, and the new environment reaches the
project's dependencies through a ``.pth`` line naming this environment's site-packages (a
plain path line: this environment's own ``.pth`` files, among them the editable install of
the checkout, are not run there, so ``kg`` is the installed wheel's)."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import zipfile
from importlib.util import find_spec
from pathlib import Path

import httpx
import pytest

from kg.namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE
from tests.conftest import ROOT, SEEDS, require, start_kg_serve, stop_kg_serve

pytestmark = pytest.mark.slow

ASSETS = {   # in the wheel -> where the checkout has it (copied there by `make web`)
    "kg/serve/static/vendor/yasgui.min.js": ROOT / "kg/serve/static/vendor/yasgui.min.js",
    "kg/serve/static/vendor/yasgui.min.css": ROOT / "kg/serve/static/vendor/yasgui.min.css",
    "kg/explore/vendor/countries-50m.json": ROOT / "kg/explore/vendor/countries-50m.json",
}


def run(*command: str | Path, cwd: Path) -> str:
    done = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require(all(path.is_file() for path in ASSETS.values()), "the browser assets (make web)")
    require(find_spec("hatchling") is not None, "hatchling (pip install -e '.[dev]')")
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index", "--no-build-isolation",
        "--wheel-dir", dist, ROOT, cwd=dist)
    [built] = dist.glob("sahel_kg-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv)
    python = venv / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=venv).strip())
    (site / "sahel-kg-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel,
        cwd=venv)
    return venv / "bin"


def test_the_wheel_carries_the_assets_the_ontology_and_the_queries(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for inside, source in ASSETS.items():
        assert inside in names, f"{inside} is not in the wheel"
        assert zipfile.ZipFile(wheel).getinfo(inside).file_size == source.stat().st_size
    for ontology in ("sahel-kg.ttl", "vocabularies.ttl", "shapes.ttl"):
        assert f"kg/_resources/ontology/{ontology}" in names
    for folder in ("ontology/reference", "queries"):
        expected = {f"kg/_resources/{folder}/{path.name}" for path in (ROOT / folder).iterdir() if path.is_file()}
        assert expected and expected <= names
    assert not any(".installed-" in name for name in names)     # the Makefile's stamp stays behind


def test_a_wheel_built_from_the_sdist_carries_them_too(wheel: Path, tmp_path: Path):
    # python -m build makes the sdist first, then the wheel from it.
    run(sys.executable, "-m", "hatchling", "build", "--target", "sdist", "--directory", tmp_path, cwd=ROOT)
    [sdist] = tmp_path.glob("sahel_kg-*.tar.gz")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index", "--no-build-isolation",
        "--wheel-dir", tmp_path / "dist", sdist, cwd=tmp_path)
    [rebuilt] = (tmp_path / "dist").glob("sahel_kg-*.whl")
    assert set(zipfile.ZipFile(rebuilt).namelist()) == set(zipfile.ZipFile(wheel).namelist())


def test_the_installed_package_builds_and_serves_everything(installed: Path, tmp_path: Path):
    where = run(installed / "python", "-c", "import kg, kg.resources as r; "
                "print(kg.__file__, r.ontology_dir(), r.queries_dir(), sep='\\n')", cwd=tmp_path).split()
    assert all(Path(path).is_relative_to(installed.parent) for path in where), where

    store = tmp_path / "store"
    built = run(installed / "kg", "build", SEEDS, "--store", store, cwd=tmp_path)
    assert f"{len(list(SEEDS.glob('*.txt')))} added" in built

    process, base = start_kg_serve(store, python=str(installed / "python"), launcher=(str(installed / "kg"),))
    try:
        with httpx.Client(base_url=base, timeout=60) as http:
            explorer = http.get("/")
            assert explorer.status_code == 200 and "/static/vendor/vis-network.min.js" in explorer.text
            vis = http.get("/static/vendor/vis-network.min.js")
            assert vis.status_code == 200 and len(vis.content) > 100_000
            outlines = http.get("/api/map").json()["outlines"]          # countries-50m.json, installed
            assert {"Mali", "Burkina Faso", "Niger"} <= {country["name"] for country in outlines}
            editor = http.get("/editor")
            assert editor.status_code == 200 and "vendor/yasgui.min.js" in editor.text
            for asset in ("yasgui.min.js", "yasgui.min.css"):
                served = http.get(f"/editor/assets/vendor/{asset}")
                assert served.status_code == 200
                assert served.content == ASSETS[f"kg/serve/static/vendor/{asset}"].read_bytes()
            catalogue = http.get("/queries").json()["queries"]          # queries/, installed
            assert {q["name"] for q in catalogue} == {path.stem for path in (ROOT / "queries").glob("*.rq")}
            rows = http.get("/queries/documents", params={"format": "json"}).json()["results"]["bindings"]
            assert len(rows) == len(list(SEEDS.glob("*.txt")))
            for graph in (GRAPH_ONTOLOGY, GRAPH_REFERENCE):                 # ontology/, installed
                answer = http.get("/sparql", params={"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"})
                assert json.loads(answer.content) == {"head": {}, "boolean": True}, graph
    finally:
        stop_kg_serve(process)
