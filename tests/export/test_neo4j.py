"""The Neo4j export: admin-import CSV in the documented header format, and import.cypher
executed for real in an embedded openCypher engine (LadybugDB, the maintained fork of
Kuzu; Neo4j itself cannot be installed here), after the emitted schema.kuzu.cypher.
Five of the library's questions, asked in Cypher, get the same answers as in SPARQL."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from kg.queries import catalogue
from tests.conftest import require

try:
    import ladybug
except ImportError:  # pragma: no cover - the dev extra installs it
    ladybug = None

QUERIES = catalogue()
# Neo4j's documented header types (neo4j-admin database import), arrays with [].
CSV_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point", "date",
             "localtime", "time", "localdatetime", "datetime", "duration"}
_STATEMENT_END = re.compile(r";\n(?=UNWIND|MATCH|CREATE|//|\Z)")


def statements(path: Path) -> list[str]:
    """The statements of a .cypher file (each ends with ';' before the next keyword)."""
    text = "\n".join(line for line in path.read_text(encoding="utf-8").split("\n")
                     if not line.startswith("//"))
    return [s.strip() for s in _STATEMENT_END.split(text + "\n") if s.strip()]


def test_admin_import_csv_headers_follow_the_documented_format(exports):
    folder = exports["neo4j"]
    node_ids = set()
    for path in sorted((folder / "nodes").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            assert header[0] == "uri:ID" and ":LABEL" in header, path.name
            for column in header[1:]:
                if column == ":LABEL":
                    continue
                name, _, kind = column.partition(":")
                assert name and (not kind or kind.removesuffix("[]") in CSV_TYPES), column
            rows = list(reader)
        assert all(len(row) == len(header) for row in rows)
        assert all(row[header.index(":LABEL")].split(";")[0] == path.stem for row in rows)
        node_ids.update(row[0] for row in rows)
    with (folder / "nodes" / "Actor.csv").open(encoding="utf-8", newline="") as handle:
        actors = {row["uri:ID"]: row for row in csv.DictReader(handle)}
    jnim = actors["https://w3id.org/sahel-kg/id/actor/jnim"]
    assert "JNIM" in jnim["acronym:string[]"].split(";")                        # aliases are arrays
    assert "ArmedGroup" in jnim[":LABEL"].split(";")
    with (folder / "relationships.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == [":START_ID", ":END_ID", ":TYPE"]
        for start, end, _ in reader:
            assert start in node_ids and end in node_ids
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in readme and "--nodes=nodes/Event.csv" in readme
    assert "n10s.graphconfig.init" in (folder / "n10s.cypher").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cypher(exports, tmp_path_factory):
    """A LadybugDB database loaded with schema.kuzu.cypher then import.cypher, run twice."""
    require(ladybug is not None, "ladybug (pip, in the dev extra)")
    folder = exports["neo4j"]
    database = ladybug.Database(str(tmp_path_factory.mktemp("ladybug") / "db"))
    connection = ladybug.Connection(database)
    for statement in statements(folder / "schema.kuzu.cypher"):
        connection.execute(statement)
    counts = []
    for _ in range(2):                    # safe to run twice: MERGE on uri
        for statement in statements(folder / "import.cypher"):
            connection.execute(statement)
        counts.append((_rows(connection, "MATCH (n) RETURN count(n)"),
                       _rows(connection, "MATCH ()-[r]->() RETURN count(r)")))
    assert counts[0] == counts[1]
    return connection


def _rows(connection, query: str) -> list[tuple]:
    result = connection.execute(query)
    rows = []
    while result.has_next():
        rows.append(tuple(_plain(v) for v in result.get_next()))
    return rows


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _sparql(store, name: str, columns: list[str], **params) -> set[tuple]:
    named = QUERIES[name]
    result = store.query(named.sparql, named.bindings({k: str(v) for k, v in params.items()}))
    out = set()
    for row in result:
        cells = []
        for column in columns:
            term = row[column]
            value = None if term is None else term.value
            cells.append(int(value) if value is not None and value.isdigit() else value)
        out.add(tuple(cells))
    return out


@pytest.mark.slow
def test_import_cypher_runs_in_ladybug_and_answers_like_sparql(cypher, seed_store):
    graph_nodes = _rows(cypher, "MATCH (n) RETURN count(n)")[0][0]
    assert graph_nodes > 1000
    # 1. documents: file, title, publisher
    assert set(_rows(cypher, "MATCH (d:Document) OPTIONAL MATCH (d)-[:PUBLISHER]->(o:Actor) "
                             "RETURN d.uri, d.fileName, d.title, o.label")) == \
        _sparql(seed_store, "documents", ["document", "file", "title", "publisher"])
    # 2. members of the AES, with their membership dates
    aes = set(_rows(cypher, "MATCH (m:Actor)-[:MEMBER_OF]->(a:Actor) WHERE 'AES' IN a.acronym "
                            "OPTIONAL MATCH (m)-[:HAS_MEMBERSHIP]->(x:Membership)-[:MEMBERSHIP_IN]->(a) "
                            "RETURN m.uri, m.label, x.startDate, x.endDate"))
    assert aes == _sparql(seed_store, "alliance-members", ["member", "label", "since", "until"], alliance="AES")
    assert {label for _, label, _, _ in aes} == {"Mali", "Burkina Faso", "Niger"}
    # 3. dyads: attacker, target, number of events, first and last dates
    dyads = set(_rows(cypher, "MATCH (e:Event)-[:ATTACKER]->(a:Actor), (e)-[:TARGET]->(t:Actor) "
                              "RETURN a.label, t.label, count(DISTINCT e), min(e.earliestDate), max(e.earliestDate)"))
    assert dyads == _sparql(seed_store, "dyads", ["attacker", "target", "events", "first", "last"])
    # 4. JNIM's claims: claim, kind, stance, file
    claims = {(c, k.rsplit("/", 1)[-1], s.rsplit("/", 1)[-1], f) for c, k, s, f in _rows(
        cypher, "MATCH (c:Claim)-[:CLAIMANT]->(w:Actor) WHERE 'JNIM' IN w.acronym "
                "MATCH (c)-[:CLAIM_KIND]->(k:Concept), (c)-[:STANCE]->(s:Concept), (c)-[:REPORTED_BY]->(d:Document) "
                "RETURN DISTINCT c.uri, k.uri, s.uri, d.fileName")}
    assert claims == _sparql(seed_store, "claims-by-actor", ["claim", "kind", "stance", "file"], actor="JNIM")
    assert {kind for _, kind, _, _ in claims} >= {"territorial-control", "captured-persons"}
    # 5. incidents (a fused event replaces its reports): event, date, place
    events = set(_rows(cypher, "MATCH (r:EventReport)-[:REPORT_OF]->(e:Event) "
                               "WHERE NOT EXISTS { MATCH (f:Event)-[:WAS_DERIVED_FROM]->(e) } "
                               "OPTIONAL MATCH (e)-[:HAS_PLACE]->(p:Place) "
                               "RETURN DISTINCT e.uri, e.earliestDate, p.label"))
    assert events == _sparql(seed_store, "events", ["event", "date", "place"])
    assert sum(1 for _, _, place in events if place and "Niafunk" in place) == 1
