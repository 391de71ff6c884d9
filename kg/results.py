"""Query results -> text: a readable table, or the W3C SPARQL 1.1 results formats.

CSV, TSV and JSON are produced by Oxigraph's own serialisers (the W3C formats exactly);
``table`` shortens IRIs with the project's prefixes for reading in a terminal.
"""

from __future__ import annotations

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    serialize,
)

from kg.errors import QueryError
from kg.namespaces import PREFIXES

FORMATS = ("table", "csv", "tsv", "json", "xml")
_W3C = {
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
}
_SHORTEN = sorted(((iri, prefix) for prefix, iri in PREFIXES.items()), key=lambda p: -len(p[0]))


def shorten(value: str) -> str:
    """``https://w3id.org/sahel-kg/id/actor/jnim`` -> ``skgid:actor/jnim``."""
    for namespace, prefix in _SHORTEN:
        if value.startswith(namespace):
            return f"{prefix}:{value[len(namespace):]}"
    return value


def cell(term: object) -> str:
    """One RDF term as it should read in a table cell."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return shorten(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return term.value
    return str(term)


def render(result: QuerySolutions | QueryBoolean | QueryTriples, fmt: str) -> str:
    """Serialise a query result: CONSTRUCT/DESCRIBE as Turtle, others in ``fmt`` (``table``
    is a plain tab-separated rendering of shortened cells)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    if isinstance(result, QueryTriples):
        return serialize(list(result), format=RdfFormat.TURTLE).decode("utf-8")
    if fmt == "table":
        columns, rows = table_rows(result)
        return "\n".join("\t".join(row) for row in [columns, *rows]) + "\n"
    return result.serialize(format=_W3C[fmt]).decode("utf-8")


def table_rows(result: QuerySolutions | QueryBoolean) -> tuple[list[str], list[list[str]]]:
    """Column names and cell texts of a SELECT (or ASK) result."""
    if isinstance(result, QueryBoolean):
        return ["result"], [[str(bool(result)).lower()]]
    columns = [v.value for v in result.variables]
    rows = [[cell(solution[name]) for name in columns] for solution in result]
    return columns, rows
