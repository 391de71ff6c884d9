"""Shared fixtures: the project's paths, and one seed store built once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.store import KgStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, what: str) -> None:
    """Skip a test for a missing component locally; under CI=true, fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing; CI must have it (make test installs it)")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from seeds/ once for the whole session (tests must not modify it)."""
    path = tmp_path_factory.mktemp("seed-store") / "store"
    store = KgStore.open(path)
    build(store, [SEEDS])
    del store
    return path


@pytest.fixture(scope="session")
def seed_store(seed_store_path: Path) -> KgStore:
    """The seed store, opened once (read-write handle, shared; do not write to it)."""
    return KgStore.open(seed_store_path, create=False)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of seeds/ that a test may edit."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
