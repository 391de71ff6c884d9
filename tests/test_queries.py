"""Named queries: the catalogue, parameter binding and its errors, answers on the seeds."""

from pathlib import Path

import pytest

from kg.errors import ParameterError, QueryError
from kg.queries import bind_values, catalogue, resolve_query
from kg.terms import literal

QUERIES = catalogue()


def run(store, name, **params):
    named = QUERIES[name]
    return list(store.query(named.sparql, named.bindings({k: str(v) for k, v in params.items()})))


def test_catalogue_has_the_issue_queries_with_headers():
    assert {"documents", "actors", "alliance-members"} <= set(QUERIES)
    for named in QUERIES.values():
        assert named.title and named.question and named.example, named.name


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_named_query_runs_on_the_seeds_with_its_defaults(seed_store, name):
    rows = run(seed_store, name)
    assert rows, f"{name} returned no rows on the seeds"


def test_documents_lists_the_five_seeds_with_publishers(seed_store):
    rows = {r["file"].value: r for r in run(seed_store, "documents")}
    assert len(rows) == 5
    assert rows["000_71546ba4e990e6b3.txt"]["publisher"].value == "TRT World"
    assert rows["000_71546ba4e990e6b3.txt"]["published"].value == "2023-11-26"
    assert rows["002_9e1eb2eb3567d046.txt"]["published"] is None


def test_alliance_members_of_aes_are_the_three_sahel_states(seed_store):
    rows = run(seed_store, "alliance-members")
    assert sorted(r["label"].value for r in rows) == ["Burkina Faso", "Mali", "Niger"]
    assert {r["since"].value for r in rows} == {"2023-09-16"}


def test_alliance_members_by_french_name_or_acronym(seed_store):
    by_french = run(seed_store, "alliance-members", alliance="Alliance des États du Sahel")
    assert len(by_french) == 3
    ecowas = {r["label"].value: r for r in run(seed_store, "alliance-members", alliance="ecowas")}
    assert ecowas["Mali"]["until"].value == "2025-01-29"


def test_actors_lists_reference_actors_with_their_class(seed_store):
    rows = {r["actor"].value.rsplit("/", 1)[-1]: r for r in run(seed_store, "actors")}
    assert len(rows) >= 30
    assert rows["jnim"]["class"].value == "ArmedGroup"
    assert rows["aes"]["class"].value == "Alliance"


def test_a_hostile_parameter_is_one_bound_string_not_query_text(seed_store):
    before = seed_store.quad_count()
    hostile = 'AES" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o # '
    assert run(seed_store, "alliance-members", alliance=hostile) == []
    assert seed_store.quad_count() == before


def test_bind_values_escapes_and_places_values_in_the_where_group():
    sparql = "# WHERE { in a comment\nSELECT ?x WHERE { ?x ?p ?name }"
    bound = bind_values(sparql, {"name": literal('say "hi"\n')})
    assert bound.endswith('WHERE { VALUES ?name { "say \\"hi\\"\\n" }\n ?x ?p ?name }')


def test_unknown_parameter_names_the_accepted_ones():
    with pytest.raises(ParameterError, match=r"has no parameter 'aliance' \(it takes: alliance\)"):
        QUERIES["alliance-members"].bindings({"aliance": "AES"})


def test_parameter_of_the_wrong_type_is_refused(tmp_path):
    path = tmp_path / "typed.rq"
    path.write_text("# title: t\n# question: q\n# param: since | date | 2023-01-01 | a date\n"
                    "# param: n | integer | 1 | a count\n"
                    "SELECT ?since ?n WHERE { }\n")
    named = resolve_query(str(path))
    with pytest.raises(ParameterError, match=r"'since' must be a date \(YYYY-MM-DD\), got 'soon'"):
        named.bindings({"since": "soon"})
    with pytest.raises(ParameterError, match="'n' must be an integer"):
        named.bindings({"n": "many"})


def test_unknown_query_lists_the_catalogue():
    with pytest.raises(QueryError, match="unknown query 'dyad'.*documents"):
        resolve_query("dyad")


def test_bad_header_names_the_file(tmp_path):
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "broken.rq").write_text("# title: t\n# question: q\n# param: x | colour | red | c\n"
                                      "SELECT * WHERE {}\n")
    with pytest.raises(QueryError, match=r"broken\.rq: bad parameter line"):
        catalogue(folder)


def test_a_users_rq_file_needs_no_header(tmp_path, seed_store):
    path = Path(tmp_path / "mine.rq")
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?d a skg:Document }\n")
    named = resolve_query(str(path))
    assert [r["n"].value for r in seed_store.query(named.sparql)] == ["5"]
