"""Fixtures of the export tests: every export of the seed store written once, and the
live servers (started here on 127.0.0.1, stopped at the end of the session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.export import FORMATS
from kg.remote.transport import Auth
from tests.conftest import require
from tests.export.servers import VIRTUOSO_PASSWORD, VIRTUOSO_USER, oxigraph_binary, oxigraph_server, virtuoso_server


@pytest.fixture(scope="session")
def exports(seed_store, tmp_path_factory) -> dict[str, Path]:
    """Every registered format written from the seed store: format name -> file or folder."""
    folder = tmp_path_factory.mktemp("exports")
    written = {}
    for name, exporter in FORMATS.items():
        target = folder / (name if exporter.folder else f"seed.{exporter.extension}")
        if exporter.folder:
            exporter.write(seed_store, target)
        else:
            with target.open("wb") as out:
                exporter.write(seed_store, out)
        written[name] = target
    return written


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    require(oxigraph_binary() is not None, "the oxigraph server CLI (pip install oxigraph, in the dev extra)")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    require(shutil.which("virtuoso-t") is not None, "virtuoso-t (Debian's virtuoso-opensource)")
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_auth() -> Auth:
    return Auth(VIRTUOSO_USER, VIRTUOSO_PASSWORD)
