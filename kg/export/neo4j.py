"""The Neo4j export: a folder with three ways into a property graph (see
:mod:`kg.export.projection` for how RDF becomes nodes and relationships).

- ``nodes/<Kind>.csv`` + ``relationships.csv``: the ``neo4j-admin database import`` format
  (``uri:ID``, ``:LABEL`` = kind and classes, typed property columns such as ``low:double``
  and ``altLabel:string[]``; relationships ``:START_ID,:END_ID,:TYPE``). Arrays use the
  default ``;`` delimiter, so a ``;`` inside an array element becomes ``,``.
- ``import.cypher``: batched ``UNWIND [ ...literal rows... ] AS row MERGE (n:Kind {uri:
  row.uri}) SET ...`` statements, safe to run twice (MERGE on ``uri``). Literal rows, not
  ``$rows`` parameters, so that the file runs as it is in cypher-shell; rows of one batch
  share their keys (no nulls), and strings escape only ``\\`` and ``'`` (newlines stay
  raw), which Neo4j and Kuzu read alike. Run ``constraints.cypher`` first in Neo4j, or
  ``schema.kuzu.cypher`` first in Kuzu (whose tables need their DDL).
- ``n10s.cypher``: the neosemantics recipe to import the Turtle export instead.

``README.md`` in the folder gives the exact commands.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import NamedNode

from kg.errors import ExportError
from kg.export.projection import Node, PropertyGraph, Value, project
from kg.namespaces import PREFIXES
from kg.store import KgStore

BATCH = 500
_CSV_TYPES = {"int": "long", "float": "double", "boolean": "boolean", "date": "date", "string": "string"}
_KUZU_TYPES = {"int": "INT64", "float": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE", "string": "STRING"}


def write_neo4j(store: KgStore, out: Path, graphs: list[NamedNode] | None) -> str:
    """Write the folder ``out`` (created; must be empty or absent). Returns a summary."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out}: the neo4j export writes a folder; give a new or empty one")
    (out / "nodes").mkdir(parents=True, exist_ok=True)
    graph = project(store, graphs)
    node_files = write_admin_csv(graph, out)
    (out / "import.cypher").write_text("".join(cypher_statements(graph)), encoding="utf-8")
    (out / "constraints.cypher").write_text(neo4j_constraints(graph), encoding="utf-8")
    (out / "schema.kuzu.cypher").write_text(kuzu_schema(graph), encoding="utf-8")
    (out / "n10s.cypher").write_text(n10s_recipe(), encoding="utf-8")
    (out / "README.md").write_text(readme(node_files), encoding="utf-8")
    return (f"{len(graph.nodes)} nodes, {len(graph.relationships)} relationships in {len(node_files)} "
            f"node files, import.cypher, schema.kuzu.cypher, n10s.cypher under {out}")


def _by_kind(graph: PropertyGraph) -> dict[str, list[Node]]:
    kinds: dict[str, list[Node]] = defaultdict(list)
    for uri in sorted(graph.nodes):
        kinds[graph.nodes[uri].kind].append(graph.nodes[uri])
    return dict(sorted(kinds.items()))


# --- neo4j-admin CSV -------------------------------------------------------------------

def _csv_cell(value: Value | list[Value] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(_csv_cell(v).replace(";", ",") for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_admin_csv(graph: PropertyGraph, out: Path) -> list[str]:
    """``nodes/<Kind>.csv`` per kind and ``relationships.csv``; the node files' paths."""
    files = []
    for kind, nodes in _by_kind(graph).items():
        keys = list(graph.schema.get(kind, {}))
        header = ["uri:ID", ":LABEL", "label", "classes:string[]"] + [
            f"{key}:{_CSV_TYPES[t]}{'[]' if many else ''}" for key, (t, many) in graph.schema.get(kind, {}).items()]
        path = out / "nodes" / f"{kind}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for node in nodes:
                labels = [kind] + [c for c in node.classes if c != kind]
                writer.writerow([node.uri, ";".join(labels), node.label, _csv_cell(node.classes or None)]
                                + [_csv_cell(graph.value(node, key)) for key in keys])
        files.append(f"nodes/{kind}.csv")
    with (out / "relationships.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([":START_ID", ":END_ID", ":TYPE"])
        writer.writerows((start, end, rel) for start, rel, end in graph.relationships)
    return files


# --- Cypher ------------------------------------------------------------------------------

def cypher_literal(value: Value | list[Value]) -> str:
    """A Cypher literal that Neo4j and Kuzu read as the same value.

    >>> cypher_literal("it's")
    "'it\\\\'s'"
    >>> cypher_literal([dt.date(2023, 11, 24), 2.0])
    "[date('2023-11-24'), 2.0]"
    """
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return f"date('{value.isoformat()}')"
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _key(name: str) -> str:
    return f"`{name}`"


def _rows(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def node_rows(graph: PropertyGraph) -> Iterator[tuple[str, list[str], list[dict[str, Value | list[Value]]]]]:
    """(kind, keys, rows) batches: every row of a batch has exactly ``keys``."""
    for kind, nodes in _by_kind(graph).items():
        groups: dict[tuple[str, ...], list[dict]] = defaultdict(list)
        for node in nodes:
            row: dict[str, Value | list[Value]] = {"uri": node.uri, "label": node.label}
            if node.classes:
                row["classes"] = node.classes
            for key in graph.schema.get(kind, {}):
                value = graph.value(node, key)
                if value is not None:
                    row[key] = value
            groups[tuple(row)].append(row)
        for keys, rows in sorted(groups.items()):
            for batch in _rows(rows):
                yield kind, list(keys), batch


def cypher_statements(graph: PropertyGraph) -> Iterator[str]:
    """The statements of ``import.cypher``, each ending with ``;`` and a newline."""
    yield ("// sahel-kg property graph: run constraints.cypher (Neo4j) or schema.kuzu.cypher (Kuzu) first.\n"
           "// Every statement MERGEs on uri: running the file twice leaves the same graph.\n")
    for kind, keys, rows in node_rows(graph):
        literal_rows = ",\n  ".join(
            "{" + ", ".join(f"{_key(k)}: {cypher_literal(row[k])}" for k in keys) + "}" for row in rows)
        sets = ", ".join(f"n.{_key(k)} = row.{_key(k)}" for k in keys if k != "uri")
        yield f"UNWIND [\n  {literal_rows}\n] AS row\nMERGE (n:{kind} {{uri: row.uri}})\nSET {sets};\n"
    kinds = {uri: node.kind for uri, node in graph.nodes.items()}
    grouped: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for start, rel, end in graph.relationships:
        grouped[(rel, kinds[start], kinds[end])].append((start, end))
    for (rel, start_kind, end_kind), pairs in sorted(grouped.items()):
        for batch in _rows(pairs):
            literal_rows = ",\n  ".join(f"{{s: {cypher_literal(s)}, o: {cypher_literal(o)}}}" for s, o in batch)
            yield (f"UNWIND [\n  {literal_rows}\n] AS row\nMATCH (a:{start_kind} {{uri: row.s}})\n"
                   f"MATCH (b:{end_kind} {{uri: row.o}})\nMERGE (a)-[:{rel}]->(b);\n")


def neo4j_constraints(graph: PropertyGraph) -> str:
    """One uniqueness constraint on ``uri`` per label (Neo4j 5 syntax)."""
    return "".join(f"CREATE CONSTRAINT {kind.lower()}_uri IF NOT EXISTS FOR (n:{kind}) REQUIRE n.uri IS UNIQUE;\n"
                   for kind in _by_kind(graph))


def kuzu_schema(graph: PropertyGraph) -> str:
    """Kuzu DDL: a node table per kind (primary key ``uri``), a relationship table per type
    with every (start kind, end kind) pair it connects."""
    lines = ["// Kuzu / LadybugDB schema for import.cypher (run this first, once).\n"]
    for kind in _by_kind(graph):
        columns = ["uri STRING", "label STRING", "classes STRING[]"] + [
            f"{_key(key)} {_KUZU_TYPES[t]}{'[]' if many else ''}"
            for key, (t, many) in graph.schema.get(kind, {}).items()]
        lines.append(f"CREATE NODE TABLE {kind}({', '.join(columns)}, PRIMARY KEY(uri));\n")
    kinds = {uri: node.kind for uri, node in graph.nodes.items()}
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for start, rel, end in graph.relationships:
        pairs[rel].add((kinds[start], kinds[end]))
    for rel, connects in sorted(pairs.items()):
        lines.append(f"CREATE REL TABLE {rel}({', '.join(f'FROM {a} TO {b}' for a, b in sorted(connects))});\n")
    return "".join(lines)


def n10s_recipe() -> str:
    """The neosemantics (n10s) statements to import ``kg export turtle`` into Neo4j."""
    prefixes = "".join(f"CALL n10s.nsprefixes.add('{p}', '{iri}');\n" for p, iri in PREFIXES.items())
    return (
        "// Import the Turtle export with neosemantics (n10s), as an alternative to import.cypher.\n"
        "// 1. kg export turtle --out /path/to/neo4j/import/sahel-kg.ttl\n"
        "CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) REQUIRE r.uri IS UNIQUE;\n"
        "// 2. Graph config: every multi-valued property an array, language tags and datatypes kept,\n"
        "//    IRIs of the vocabulary shortened with the project's prefixes (declared below).\n"
        "CALL n10s.graphconfig.init({handleVocabUris: 'SHORTEN', handleMultival: 'ARRAY', "
        "keepLangTag: true, keepCustomDataTypes: true, handleRDFTypes: 'LABELS'});\n"
        f"{prefixes}"
        "CALL n10s.rdf.import.fetch('file:///path/to/neo4j/import/sahel-kg.ttl', 'Turtle');\n"
    )


def readme(node_files: list[str]) -> str:
    """The folder's README: what each file is and the exact commands."""
    nodes = " ".join(f"--nodes={f}" for f in node_files)
    return f"""# sahel-kg for Neo4j

Written by `kg export neo4j`. Nodes are keyed by IRI (`uri`); their label is their kind
(Actor, Place, Event, Claim, Figure, Document, ...), their RDF classes are in `classes`
(and are extra labels in the admin import). Events, claims and figures are nodes.

## 1. Offline bulk import (empty database, Neo4j 5)

Copy this folder into `$NEO4J_HOME/import/sahel-kg/`, stop the database, then from
`$NEO4J_HOME/import/sahel-kg/`:

```sh
$NEO4J_HOME/bin/neo4j-admin database import full neo4j {nodes} \\
  --relationships=relationships.csv --array-delimiter=";" --multiline-fields=true \\
  --overwrite-destination=true
```

(`--multiline-fields=true`: documents' text keeps its newlines.) Then start Neo4j and run
`constraints.cypher` once.

## 2. Online import with Cypher (safe to run twice)

```sh
cypher-shell -u neo4j -p PASSWORD -f constraints.cypher
cypher-shell -u neo4j -p PASSWORD -f import.cypher
```

Kuzu (or LadybugDB) runs the same statements after its table DDL: execute
`schema.kuzu.cypher`, then `import.cypher`, statement by statement.

## 3. neosemantics (n10s) from the Turtle export

See `n10s.cypher`: uniqueness constraint, graph config (arrays for multi-valued
properties, language tags kept), prefixes, then `n10s.rdf.import.fetch` of
`kg export turtle --out sahel-kg.ttl`.
"""
