"""The server's choice of what to draw, on the seed store. Expected incidents come from
reading seeds/*.txt: the Niafunké camp attack of 24 November 2023 (000, 001, 002), the
Goundam shelling the same day, the Soumpi base overrun of 7 November 2025 (004), the
attacks near the Senegalese border of July 2025 (003), and Wagner only at Anéfis (002)."""

from __future__ import annotations

import pytest

from kg.errors import ParameterError
from kg.explore.selection import Filters, parse_filters, select_graph

JNIM = "https://w3id.org/sahel-kg/id/actor/jnim"
WAGNER = "https://w3id.org/sahel-kg/id/actor/wagner-group"


def events(graph) -> dict[str, str]:
    """Drawn incidents: id -> tooltip (type — place — date)."""
    return {n["id"]: n["title"] for n in graph.nodes if n["kind"] == "event"}


def places_of(graph) -> set[str]:
    return {title.split(" — ")[1] for title in events(graph).values()}


@pytest.mark.parametrize("limit", [1, 2, 7, 30])
def test_never_more_nodes_than_the_cap(seed_store, limit):
    for params in ({}, {"depth": "5"}, {"focus": JNIM, "depth": "5"}, {"actor": "JNIM", "depth": "3"}):
        graph = select_graph(seed_store, parse_filters({**params, "limit": str(limit)}, max_nodes=500))
        assert len(graph.nodes) <= limit
        # The seeds name far more than 30 nodes: every cap here cuts, and says so.
        assert graph.truncated
        drawn = {n["id"] for n in graph.nodes}
        assert all(e["from"] in drawn and e["to"] in drawn for e in graph.edges)


def test_a_requested_limit_above_max_nodes_is_capped(seed_store):
    filters = parse_filters({"limit": "100000"}, max_nodes=12)
    assert filters.limit == 12
    assert len(select_graph(seed_store, filters).nodes) <= 12


def test_the_whole_seed_graph_fits_under_the_default_cap(seed_store):
    graph = select_graph(seed_store, Filters())
    assert not graph.truncated
    kinds = {n["kind"] for n in graph.nodes}
    assert kinds == {"event", "actor", "place", "document"}   # claims on demand (issue #13)
    with_claims = select_graph(seed_store, Filters(claims=True))
    assert {n["kind"] for n in with_claims.nodes} == kinds | {"claim"} and not with_claims.truncated
    # Each document by its title and outlet on the canvas, its file name in the tooltip (issue #13).
    files = {n["title"].rsplit(" — ", 1)[-1] for n in graph.nodes if n["kind"] == "document"}
    assert files == {"000_71546ba4e990e6b3.txt", "001_7cf434835259646a.txt", "002_9e1eb2eb3567d046.txt",
                     "003_f581894d71ea3311.txt", "004_a811bb327bddb04a.txt"}
    labels = {n["label"] for n in graph.nodes if n["kind"] == "document"}
    assert "Niafunké attack (Wikipedia)" in labels


def test_one_node_per_incident_for_niafunke(seed_store):
    graph = select_graph(seed_store, Filters())
    niafunke = [i for i, title in events(graph).items() if "Niafunké" in title]
    # Three documents report the camp attack; it is drawn once, as the fused incident.
    assert len(niafunke) == 1 and "/event/fused/" in niafunke[0]
    reported_in = {e["to"] for e in graph.edges if e["from"] == niafunke[0] and e["label"] == "reported in"}
    assert len(reported_in) == 3


def test_date_filter(seed_store):
    graph = select_graph(seed_store, parse_filters({"from": "2025-01-01"}, 500))
    assert "Soumpi military camp" in places_of(graph) and "Kayes" in places_of(graph)
    assert not any("2023" in title for title in events(graph).values())
    before = select_graph(seed_store, parse_filters({"to": "2023-12-31"}, 500))
    assert "Niafunké military camp" in places_of(before) and "Soumpi military camp" not in places_of(before)


def test_actor_filter(seed_store):
    graph = select_graph(seed_store, parse_filters({"actor": "Wagner Group"}, 500))
    assert places_of(graph) == {"Anéfis"}
    assert WAGNER in {n["id"] for n in graph.nodes}


def test_region_filter(seed_store):
    graph = select_graph(seed_store, parse_filters({"country": "Kayes"}, 500))
    # Binoli and Sandere are listed with Kayes in their document ("including Binoli, Kayes, and Sandere")
    assert places_of(graph) == {"Kayes", "Binoli", "Sandere"}
    timbuktu = places_of(select_graph(seed_store, parse_filters({"country": "Tombouctou"}, 500)))
    assert {"Niafunké military camp", "Goundam military camp", "Soumpi military camp"} <= timbuktu
    assert "Kayes" not in timbuktu


def test_event_type_filter(seed_store):
    overtakes = places_of(select_graph(seed_store, parse_filters({"type": "Non-state actor overtakes territory"},
                                                                 500)))
    assert {"Niafunké military camp", "Soumpi military camp"} <= overtakes
    assert "Goundam military camp" not in overtakes
    assert places_of(select_graph(seed_store, parse_filters({"type": "protests"}, 500))) == set()


def test_focus_and_depth(seed_store):
    alone = select_graph(seed_store, parse_filters({"focus": JNIM, "depth": "0"}, 500))
    assert [n["id"] for n in alone.nodes] == [JNIM]
    near = select_graph(seed_store, parse_filters({"focus": JNIM, "depth": "1"}, 500))
    far = select_graph(seed_store, parse_filters({"focus": JNIM, "depth": "2"}, 500))
    assert len(alone.nodes) < len(near.nodes) < len(far.nodes)
    assert any("Niafunké" in title for title in events(near).values())


@pytest.mark.parametrize(("params", "culprit"), [
    ({"depth": "x"}, "depth"), ({"depth": "6"}, "depth"), ({"limit": "0"}, "limit"),
    ({"from": "2024-13-01"}, "from"), ({"to": "yesterday"}, "to"), ({"focus": "not an iri"}, "focus"),
    ({"from": "2025-01-01", "to": "2024-01-01"}, "from"), ({"colour": "red"}, "colour"),
    ({"actor": "x" * 201}, "actor"),
])
def test_bad_parameters_name_the_culprit(params, culprit):
    with pytest.raises(ParameterError, match=culprit):
        parse_filters(params, 500)
