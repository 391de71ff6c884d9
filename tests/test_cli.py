"""The kg command as a user runs it: real subprocesses, exit codes, one-line errors."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEEDS


def kg(*args, cwd=None, env_store=None):
    import os

    env = dict(os.environ)
    env.pop("KG_STORE", None)
    if env_store:
        env["KG_STORE"] = str(env_store)
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=300)


def assert_one_line_error(result, code, fragment):
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), result.stderr
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture(scope="module")
def built_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("cli") / "store"
    result = kg("build", str(SEEDS), "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "5 added, 0 updated, 0 unchanged" in result.stdout
    return store


def test_build_twice_reports_unchanged_with_the_same_quad_count(built_store):
    first = kg("stats", "--json", "--store", str(built_store))
    again = kg("build", str(SEEDS), "--store", str(built_store))
    assert "0 added, 0 updated, 5 unchanged" in again.stdout
    second = kg("stats", "--json", "--store", str(built_store))
    assert json.loads(first.stdout)["quads"] == json.loads(second.stdout)["quads"] > 5000


def test_default_store_is_dot_kg_in_the_working_directory(tmp_path):
    result = kg("build", str(SEEDS / "001_7cf434835259646a.txt"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".kg").is_dir()


def test_kg_store_environment_variable(tmp_path):
    result = kg("build", str(SEEDS / "001_7cf434835259646a.txt"), cwd=tmp_path,
                env_store=tmp_path / "elsewhere")
    assert result.returncode == 0 and (tmp_path / "elsewhere").is_dir()


def test_query_alliance_members_lists_the_three_states(built_store):
    result = kg("query", "alliance-members", "--store", str(built_store))
    assert result.returncode == 0
    for state in ("Mali", "Burkina Faso", "Niger"):
        assert state in result.stdout


@pytest.mark.parametrize("fmt, marker", [("csv", "member,label,since,until\n"),
                                         ("tsv", "?member\t?label\t?since\t?until"),
                                         ("json", '"vars":["member","label","since","until"]'),
                                         ("xml", '<sparqlxmlns="http://www.w3.org/2005/sparql-results#"')])
def test_query_output_formats(built_store, fmt, marker):
    result = kg("query", "alliance-members", "--format", fmt, "--store", str(built_store))
    assert result.returncode == 0
    assert marker in result.stdout.replace(" ", "")


def test_query_json_is_w3c_sparql_results(built_store):
    result = kg("query", "documents", "--format", "json", "--store", str(built_store))
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["document", "file", "title", "publisher", "published", "language", "languageSource"]
    assert len(data["results"]["bindings"]) == 5


def test_queries_catalogue(built_store):
    result = kg("queries", "--json")
    names = [q["name"] for q in json.loads(result.stdout)]
    assert {"documents", "actors", "alliance-members"} <= set(names)


@pytest.mark.parametrize("args, code, fragment", [
    (("query", "no-such-query"), 6, "unknown query 'no-such-query'"),
    (("query", "alliance-members", "--param", "colour=red"), 6, "has no parameter 'colour'"),
    (("query", "alliance-members", "--param", "alliance"), 6, "expected NAME=VALUE"),
    (("query", "missing.rq"), 6, "missing.rq: no such query file"),
    (("build", "/no/such/folder"), 3, "/no/such/folder: no such file or folder"),
])
def test_errors_are_one_line_with_an_exit_code(built_store, args, code, fragment):
    result = kg(*args, "--store", str(built_store))
    assert_one_line_error(result, code, fragment)


def test_query_on_a_missing_store(tmp_path):
    result = kg("query", "documents", "--store", str(tmp_path / "none"))
    assert_one_line_error(result, 5, "run 'kg build' first")


def test_malformed_sparql_file(tmp_path, built_store):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?p }\n")
    assert_one_line_error(kg("query", str(bad), "--store", str(built_store)), 6,
                          "SPARQL syntax error")


def test_a_folder_of_only_bad_files_is_skipped_file_by_file_and_writes_nothing(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Gunmen attacked a convoy near Gao.\n")
    (docs / "a.meta.toml").write_text("published = 'last week'\n")
    result = kg("build", str(docs), "--store", str(tmp_path / "s"))
    assert result.returncode == 3, result.stderr
    assert result.stderr.splitlines() == [
        f"kg: skipped: {docs / 'a.meta.toml'}: field 'published' must be a date (2023-11-26, 2023-11 or 2023), "
        "got 'last week'",
        "kg: error: 0 documents stored, 1 file skipped (each named above); fix or remove them and build again"]
    assert not (tmp_path / "s").exists()


def test_unknown_option_is_a_usage_error(built_store):
    result = kg("build", "--frobnicate")
    assert result.returncode == 2 and "No such option" in result.stderr
    assert "Traceback" not in result.stderr


def test_python_dash_m_and_version():
    result = kg("--version")
    assert result.returncode == 0 and "kg, version" in result.stdout


def test_evaluate_prints_scores_per_category(built_store):
    result = kg("evaluate", str(ROOT / "tests" / "gold"), "--store", str(built_store))
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()[:6]
    assert header.split()[:4] == ["category", "P", "R", "F1"]
    assert [r.split()[0] for r in rows] == ["events", "claims", "actors", "places", "dates"]


def test_evaluate_on_a_missing_folder(built_store, tmp_path):
    assert_one_line_error(kg("evaluate", str(tmp_path / "gold"), "--store", str(built_store)), 1,
                          "no such folder of gold annotations")
