"""Where the ontology, reference data and named queries live.

In a source checkout (and an editable install) they are the top-level ``ontology/`` and
``queries/`` folders; in an installed wheel they are copied into ``kg/_resources/``
(``[tool.hatch.build.targets.wheel.force-include]`` in ``pyproject.toml``). The browser
assets (YASGUI, world-atlas) live inside the package in both cases
(``kg/serve/static/vendor/``, ``kg/explore/vendor/``), shipped as hatch artifacts.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import ReferenceDataError

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = _PACKAGE_DIR.parent


def _resource_dir(name: str) -> Path:
    """``kg/_resources/NAME`` when installed from a wheel, else ``NAME/`` beside ``kg/``."""
    installed, checkout = _PACKAGE_DIR / "_resources" / name, _CHECKOUT_DIR / name
    for folder in (installed, checkout):
        if folder.is_dir():
            return folder
    raise ReferenceDataError(f"the {name} folder is missing: neither {installed} (an installed wheel) nor "
                             f"{checkout} (a checkout) exists; reinstall sahel-kg, or run from a full checkout")


def ontology_dir() -> Path:
    """The folder holding ``sahel-kg.ttl``, ``vocabularies.ttl``, ``shapes.ttl``."""
    return _resource_dir("ontology")


def reference_dir() -> Path:
    """The folder of reference data (actors, places): data, not code."""
    return ontology_dir() / "reference"


def queries_dir() -> Path:
    """The folder of named SPARQL queries, one ``.rq`` file per question."""
    return _resource_dir("queries")


def ontology_files() -> list[Path]:
    """The Turtle files of the ontology graph: the OWL ontology and its SKOS schemes."""
    return [ontology_dir() / "sahel-kg.ttl", ontology_dir() / "vocabularies.ttl"]


def reference_files() -> list[Path]:
    """Every Turtle file of the reference graph, in a stable order."""
    return sorted(reference_dir().glob("*.ttl"))


def shapes_file() -> Path:
    """The SHACL shapes used by ``kg validate``."""
    return ontology_dir() / "shapes.ttl"
