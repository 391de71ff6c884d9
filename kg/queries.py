"""The catalogue of named queries (``queries/*.rq``) and the binding of their parameters.

Each file opens with a comment block::

    # title: Members of an alliance
    # question: Which states belong to an alliance, and since when?
    # param: alliance | string | AES | the alliance, by name, acronym or alias
    # example:
    #   member                  label         since
    #   ...actor/state-mali     Mali          2023-09-16

A parameter ``NAME`` is bound to the query variable ``?NAME`` as a typed RDF term: the
term, serialised and escaped by Oxigraph, goes into a ``VALUES ?NAME { term }`` block at
the start of the outermost ``WHERE`` group (see :func:`bind_values`). The user's text is
never pasted into the query: it can only ever be one RDF term. (Oxigraph's own
substitution API accepts projected variables only, and a VALUES block also works against
any remote SPARQL endpoint.)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kg import resources
from kg.errors import ParameterError, QueryError
from kg.namespaces import name_key
from kg.terms import literal

Term = Literal | NamedNode

PARAM_TYPES = ("string", "name", "integer", "decimal", "date", "iri", "boolean")
_HEADER = re.compile(r"^#\s?(?P<key>title|question|param|example)\s*:\s?(?P<value>.*)$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Parameter:
    """A declared query parameter: its name (= the bound variable), type and default."""

    name: str
    type: str
    default: str | None
    description: str

    def bind(self, raw: str, query: str) -> Literal | NamedNode:
        """Convert ``raw`` to an RDF term of this parameter's type (ParameterError if it is not)."""
        try:
            return _CONVERTERS[self.type](raw)
        except ValueError:
            raise ParameterError(
                f"query '{query}': parameter '{self.name}' must be {_EXPECTED[self.type]}, "
                f"got {raw!r}"
            ) from None


@dataclass(frozen=True)
class NamedQuery:
    """One ``.rq`` file: its name, header and SPARQL text."""

    name: str
    path: Path
    title: str
    question: str
    parameters: tuple[Parameter, ...]
    example: str
    sparql: str = field(repr=False)

    def bindings(self, given: dict[str, str]) -> dict[str, Literal | NamedNode]:
        """Typed values for every parameter: given ones, else defaults. Unknown or missing
        parameters are a ParameterError naming them."""
        declared = {p.name: p for p in self.parameters}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            accepted = ", ".join(declared) or "no parameters"
            raise ParameterError(
                f"query '{self.name}' has no parameter '{unknown[0]}' (it takes: {accepted})"
            )
        values = {}
        for name, parameter in declared.items():
            raw = given.get(name, parameter.default)
            if raw is None:
                raise ParameterError(f"query '{self.name}': parameter '{name}' is required")
            values[name] = parameter.bind(raw, self.name)
        return values


_COMMENT = re.compile(r"#[^\n]*")
_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def bind_values(sparql: str, bindings: dict[str, Term | Sequence[Term]]) -> str:
    r"""``sparql`` with one ``VALUES ?name { term ... }`` per binding (a term, or a sequence of
    terms: one solution each) at the start of its outermost WHERE group. QueryError if the
    query has no WHERE group to bind into.

    >>> bind_values("SELECT ?x WHERE { ?x ?p ?name }", {"name": literal('a "b"')})
    'SELECT ?x WHERE { VALUES ?name { "a \\"b\\"" }\n ?x ?p ?name }'
    >>> bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": [NamedNode("http://a"), NamedNode("http://b")]})
    'SELECT ?x WHERE { VALUES ?x { <http://a> <http://b> }\n ?x ?p ?o }'
    """
    if not bindings:
        return sparql
    # Blank out comments (keeping offsets) so that a WHERE in a comment is not matched.
    blanked = _COMMENT.sub(lambda m: " " * len(m.group()), sparql)
    match = _WHERE.search(blanked)
    if not match:
        raise QueryError("the query has parameters but no 'WHERE {' group to bind them in")
    values = " ".join(f"VALUES ?{name} {{ {_terms(value)} }}" for name, value in sorted(bindings.items()))
    return sparql[: match.end()] + " " + values + "\n" + sparql[match.end() :]


def _terms(value: Term | Sequence[Term]) -> str:
    """One term, or several separated by spaces, each serialised (and escaped) by Oxigraph."""
    return str(value) if isinstance(value, Literal | NamedNode) else " ".join(str(t) for t in value)


def _iri(raw: str) -> NamedNode:
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", raw):
        raise ValueError(raw)
    return NamedNode(raw)


def _name(raw: str) -> Literal:
    """A ``name`` parameter, matched against ``skg:nameKey`` (the names graph): an absolute
    IRI as written (a node's IRI is one of its keys); any other text as its lookup key
    (:func:`kg.namespaces.name_key`: any case, any accents)."""
    if re.match(r"^(https?|urn):[^\s<>\"{}|\\^`]+$", raw):
        return literal(raw)
    key = name_key(raw)
    if not key:
        raise ValueError(raw)
    return literal(key)


def _boolean(raw: str) -> Literal:
    if raw.lower() not in ("true", "false"):
        raise ValueError(raw)
    return literal(raw.lower(), "boolean")


_CONVERTERS = {
    "string": lambda raw: literal(raw),
    "name": _name,
    "integer": lambda raw: literal(str(int(raw)), "integer"),
    "decimal": lambda raw: literal(str(float(raw)), "decimal"),
    "date": lambda raw: literal(dt.date.fromisoformat(raw).isoformat(), "date"),
    "iri": _iri,
    "boolean": _boolean,
}
_EXPECTED = {
    "string": "a string",
    "name": "a name or an absolute IRI",
    "integer": "an integer",
    "decimal": "a number",
    "date": "a date (YYYY-MM-DD)",
    "iri": "an absolute IRI",
    "boolean": "true or false",
}


def parse_named_query(path: Path, *, strict: bool = True) -> NamedQuery:
    """Read a ``.rq`` file and its header; QueryError naming the file if the header is bad.

    ``strict`` (the catalogue) requires title and question; a user's own file may omit them.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError(f"{path}: cannot be read ({err})") from None
    header: dict[str, list[str]] = {"title": [], "question": [], "param": [], "example": []}
    current = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            current = match["key"]
            if match["value"].strip():
                header[current].append(match["value"].strip())
        elif current == "example":
            header["example"].append(line[1:].rstrip())
    if not strict:
        header["title"] = header["title"] or [path.stem]
        header["question"] = header["question"] or [""]
    if not header["title"] or not header["question"]:
        raise QueryError(f"{path}: the header needs '# title:' and '# question:' lines")
    parameters = tuple(_parameter(spec, path) for spec in header["param"])
    return NamedQuery(path.stem, path, header["title"][0], " ".join(header["question"]),
                      parameters, "\n".join(header["example"]), text)


def _parameter(spec: str, path: Path) -> Parameter:
    parts = [part.strip() for part in spec.split("|")]
    if len(parts) != 4 or not _NAME.match(parts[0]) or parts[1] not in PARAM_TYPES:
        raise QueryError(
            f"{path}: bad parameter line {spec!r}; expected "
            f"'# param: name | {'/'.join(PARAM_TYPES)} | default (or -) | description'"
        )
    name, type_, default, description = parts
    return Parameter(name, type_, None if default == "-" else default, description)


def catalogue(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query of ``folder`` (default: the project's ``queries/``), by name."""
    folder = folder or resources.queries_dir()
    return {path.stem: parse_named_query(path) for path in sorted(folder.glob("*.rq"))}


def resolve_query(name_or_path: str) -> NamedQuery:
    """A named query by name, or any ``.rq`` file by path; QueryError if neither."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return parse_named_query(path, strict=False)
    if path.suffix == ".rq":
        raise QueryError(f"{name_or_path}: no such query file")
    queries = catalogue()
    if name_or_path not in queries:
        raise QueryError(
            f"unknown query '{name_or_path}'; run 'kg queries' to list them "
            f"({', '.join(queries)})"
        )
    return queries[name_or_path]
