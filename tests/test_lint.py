"""ruff runs as part of the suite, so `make test` (and CI) enforce it."""

import shutil
import subprocess

from tests.conftest import ROOT, require


def test_ruff_passes():
    ruff = shutil.which("ruff") or str(ROOT / ".venv" / "bin" / "ruff")
    require(shutil.which(ruff) is not None, "ruff (dev dependency)")
    result = subprocess.run([ruff, "check", "kg", "tests", "scripts", "benchmarks"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
