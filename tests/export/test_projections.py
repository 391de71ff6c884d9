"""GraphML, ACLED CSV and GeoJSON exports of the seeds, each read back by another tool
(networkx, the csv module, json) and checked against what the documents say."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

from kg.export.acled import COLUMNS
from kg.queries import catalogue

QUERIES = catalogue()
_TERMS = ", ".join(f"owl:{c}" for c in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty",
                                        "TransitiveProperty", "FunctionalProperty", "SymmetricProperty",
                                        "Ontology", "Restriction", "AllDisjointClasses")) + \
    ", rdfs:Class, rdf:Property, <http://www.w3.org/ns/shacl#NodeShape>, <http://www.w3.org/ns/shacl#PropertyShape>"
# The projection's rules (kg/export/projection.py), written independently in SPARQL.
_KEEP = """isIRI({x}) && !STRSTARTS(STR({x}), STR(skgg:)) && !STRSTARTS(STR({x}), STR(xsd:))
  && NOT EXISTS {{ {x} a ?t{n} . FILTER(?t{n} IN ({terms})) }}"""
_EXPECTED_NODES = f"""SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {{
  {{ ?n ?p ?o }} UNION {{ ?s ?p ?n . FILTER(?p != rdf:type && {_KEEP.format(x="?s", n=1, terms=_TERMS)}) }}
  FILTER({_KEEP.format(x="?n", n=2, terms=_TERMS)})
}}"""
_EXPECTED_EDGES = f"""SELECT (COUNT(*) AS ?count) WHERE {{
  SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o .
    FILTER(?p != rdf:type && {_KEEP.format(x="?s", n=1, terms=_TERMS)} && {_KEEP.format(x="?o", n=2, terms=_TERMS)})
  }} }}"""


def _count(store, query: str) -> int:
    return int(next(iter(store.query(query)))["count"].value)


@pytest.mark.slow
def test_graphml_loads_in_networkx_with_the_expected_counts(exports, seed_store):
    graph = nx.read_graphml(exports["graphml"])
    assert graph.number_of_nodes() == _count(seed_store, _EXPECTED_NODES)
    assert graph.number_of_edges() == _count(seed_store, _EXPECTED_EDGES)
    jnim = graph.nodes["https://w3id.org/sahel-kg/id/actor/jnim"]
    assert jnim["label"] == "Jama'at Nusrat al-Islam wal-Muslimin" and jnim["class"] == "ArmedGroup"
    query = 'SELECT ?d WHERE { ?d a skg:Document ; skg:fileName "004_a811bb327bddb04a.txt" }'
    document = next(iter(seed_store.query(query)))["d"].value.rsplit("/", 1)[-1]
    soumpi = f"https://w3id.org/sahel-kg/id/event/{document}/e1"   # the Soumpi article's incident
    assert graph.nodes[soumpi]["kind"] == "Event"
    edges = {(data["label"], target) for _, target, data in graph.out_edges(soumpi, data=True)}
    assert ("attacker", "https://w3id.org/sahel-kg/id/actor/jnim") in edges      # the predicate's rdfs:label
    timbuktu = [n for n, d in graph.nodes(data=True) if d["label"] == "Timbuktu" and d["kind"] == "Place"]
    assert timbuktu and 16 < graph.nodes[timbuktu[0]]["lat"] < 17.5


def _incidents(store) -> list[dict]:
    named = QUERIES["events"]
    return list(store.query(named.sparql, named.bindings({})))


def test_acled_csv_has_one_row_per_incident(exports, seed_store):
    with exports["acled-csv"].open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert {"event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "country", "admin1",
            "admin2", "location", "latitude", "longitude", "geo_precision", "time_precision", "source",
            "source_scale", "notes", "fatalities"} <= set(reader.fieldnames) and reader.fieldnames == COLUMNS
    assert len(rows) == len(_incidents(seed_store))                 # one row per incident, as `kg query events`
    assert len({row["kg_event"] for row in rows}) == len(rows)
    assert all(len(row["event_date"]) == 10 and row["event_date"][4] == "-" for row in rows)
    niafunke = [row for row in rows if row["location"] == "Niafunké"]
    assert len(niafunke) == 1                                       # three reports, one incident
    attack = niafunke[0]
    # 000_…: JNIM "took control of the Niafounke camp Friday" (24 November 2023); the army says it repulsed.
    assert attack["event_date"] == "2023-11-24" and attack["event_type"] == "Battles"
    assert attack["sub_event_type"] == "Non-state actor overtakes territory"
    assert attack["actor1"] == "Jama'at Nusrat al-Islam wal-Muslimin" and attack["actor2"] == "Malian Armed Forces"
    assert attack["country"] == "Mali" and attack["admin1"] == "Timbuktu"
    assert attack["inter1"] == "2" and attack["inter2"] == "1"        # rebel group v. state forces
    assert {"TRT World", "Radio France Internationale"} <= set(attack["source"].split("; "))
    # Death tolls conflict: "dozens of people dead" (RFI), "several dozen" soldiers (JNIM), "around 50" (local
    # sources). ACLED keeps the lowest, a vague "dozens" counting as its conservative 12; the notes keep
    # the competing claims.
    assert attack["fatalities"] == "12"
    assert "local sources" in attack["notes"] and "Jama'at Nusrat al-Islam wal-Muslimin" in attack["notes"]
    goundam = next(row for row in rows if row["location"] == "Goundam")
    assert goundam["fatalities"] == "0"                            # "No information on the aftermath"


def test_geojson_is_a_feature_collection_of_incidents(exports, seed_store):
    collection = json.loads(exports["geojson"].read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == len(_incidents(seed_store))
    for feature in features:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry is not None:
            lon, lat = geometry["coordinates"]
            assert geometry["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
    niafunke = [f for f in features if f["properties"]["location"] == "Niafunké"]
    assert len(niafunke) == 1
    lon, lat = niafunke[0]["geometry"]["coordinates"]
    assert 15.5 < lat < 16.5 and -4.5 < lon < -3.5                   # Niafunké, on the Niger, west of Timbuktu
    assert niafunke[0]["properties"]["sources"] == 3
