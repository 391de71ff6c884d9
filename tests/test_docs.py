"""The README stays true: every CLI command and every named query is documented."""

import pytest

from kg.cli import cli
from kg.queries import catalogue
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_cli_command_is_in_the_readme(command):
    assert f"`kg {command}" in README


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_named_query_is_in_the_readme_catalogue(name):
    assert f"| `{name}` |" in README


def test_readme_gives_the_two_commands():
    assert "make demo" in README and "make test" in README


@pytest.mark.parametrize("option", sorted(opt for param in cli.commands["serve"].params
                                          for opt in param.opts if opt.startswith("--")))
def test_every_kg_serve_option_is_in_the_readme(option):
    # The server's limits are set by these options; the README says what each does.
    assert option in README


@pytest.mark.parametrize("option", sorted(opt for param in cli.commands["build"].params
                                          for opt in param.opts if opt.startswith("--")))
def test_every_kg_build_option_is_in_the_readme(option):
    assert option in README
