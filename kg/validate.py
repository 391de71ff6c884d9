"""``kg validate``: SHACL shapes over the store, OWL consistency of ontology + reference data.

Two independent checks:

- SHACL (pySHACL): the whole store (every named graph, with the ontology so that
  subclasses are targeted too) against ``ontology/shapes.ttl``. Each violation is reported
  with its focus node, the property path and the shape's message.
- OWL 2 DL consistency (owlready2 + HermiT, a Java program): the ontology, its SKOS
  vocabularies and the reference data. When HermiT finds the knowledge base
  inconsistent, the usual culprit is looked up and named: an individual typed with two
  disjoint classes.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, serialize
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from kg import namespaces as ns
from kg import resources
from kg.errors import KgError, ValidationFailed
from kg.store import KgStore

SH = Namespace("http://www.w3.org/ns/shacl#")
#: How many violations the one-line summary and the report list at most.
MAX_REPORTED = 50


@dataclass(frozen=True)
class Violation:
    """One failed constraint: the node, the property path, the message, the shape."""

    focus: str
    path: str
    message: str
    severity: str

    def line(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}"


@dataclass
class ValidationReport:
    """The outcome of both checks."""

    triples: int
    violations: list[Violation] = field(default_factory=list)
    owl_checked: bool = False
    owl_consistent: bool | None = None
    owl_problems: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[Violation]:
        """Results of shapes marked ``sh:Warning``: worth a look, not invalid data."""
        return [v for v in self.violations if v.severity == "Warning"]

    @property
    def ok(self) -> bool:
        """No SHACL violation (warnings allowed) and OWL not found inconsistent."""
        return len(self.warnings) == len(self.violations) and self.owl_consistent is not False

    def headline(self) -> str:
        """One line: the counts of both checks."""
        owl = ("OWL: consistent (HermiT)" if self.owl_consistent
               else "OWL: not checked" if not self.owl_checked else "OWL: INCONSISTENT")
        failed, warned = len(self.violations) - len(self.warnings), len(self.warnings)
        return f"SHACL: {failed} violations, {warned} warnings in {self.triples} triples; {owl}"

    def summary(self) -> str:
        """The headline, then one line per violation or OWL problem."""
        head = self.headline()
        lines = [v.line() for v in self.violations[:MAX_REPORTED]] + self.owl_problems
        if len(self.violations) > MAX_REPORTED:
            lines.append(f"... and {len(self.violations) - MAX_REPORTED} more")
        return "\n".join([head, *lines])


def store_graph(store: KgStore, graphs: list[str] | None = None) -> Graph:
    """The union of ``graphs`` (default: all named graphs) as one rdflib Graph."""
    names = graphs if graphs is not None else store.named_graphs()
    triples = [q.triple for name in names for q in store.quads(NamedNode(name))]
    data = serialize(triples, format=RdfFormat.N_TRIPLES)
    return Graph().parse(data=data, format="nt")


def split_sparql_constraints(shapes: Graph) -> tuple[Graph, list[tuple[list[str], str, str]]]:
    """(core shapes, SPARQL constraints): the shapes without their ``sh:sparql`` constraints,
    and each constraint as (target classes, SELECT text, message template). pySHACL runs
    the core; the SPARQL constraints run on Oxigraph (rdflib's engine took minutes on a
    few thousand evidence spans). The semantics are SHACL-SPARQL's: every solution of the
    SELECT for a focus node of the target classes is one violation."""
    core = Graph()
    core += shapes
    constraints = []
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        classes = [str(c) for c in shapes.objects(shape, SH.targetClass)]
        select = shapes.value(constraint, SH.select)
        if not classes or select is None:
            continue
        core.remove((shape, SH.sparql, constraint))
        message = str(shapes.value(constraint, SH.message) or "SPARQL constraint violated")
        constraints.append((classes, str(select), message))
    return core, constraints


def _focused_query(select: str, classes: list[str]) -> str:
    """The constraint's SELECT with ``$this`` bound to instances of the target classes."""
    import re

    select = select.replace("$this", "?this")
    brace = select.index("{") + 1
    types = " UNION ".join(f"{{ ?this a/<{ns.RDFS}subClassOf>* <{c}> }}" for c in classes)
    query = select[:brace] + f" {types} " + select[brace:]
    return re.sub(r"^\s*SELECT\s+(?!DISTINCT)", "SELECT DISTINCT ", query, count=1, flags=re.I)


def sparql_violations(store: KgStore, constraints: list[tuple[list[str], str, str]]) -> list[Violation]:
    """Run each SPARQL constraint over the store; one Violation per solution."""
    import re

    violations = []
    for classes, select, message in constraints:
        result = store.query(_focused_query(select, classes))
        names = [v.value for v in result.variables]
        for row in result:
            values = {name: row[name] for name in names if row[name] is not None}
            text = re.sub(r"\{[?$](\w+)\}", lambda m, v=values: _term_text(v.get(m.group(1))), message)
            violations.append(Violation(focus=row["this"].value, path="", message=text,
                                        severity="Violation"))
    return violations


def _term_text(term: object) -> str:
    return "" if term is None else getattr(term, "value", str(term))


def shacl_violations(data: Graph, shapes: Graph) -> list[Violation]:
    """Every SHACL result of validating ``data`` against ``shapes`` (no inference: the
    ontology's subclass axioms must be in ``data`` for subclass targeting)."""
    import pyshacl

    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True,
    )
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        violations.append(Violation(
            focus=str(report.value(result, SH.focusNode)),
            path=_short(report.value(result, SH.resultPath)),
            message=str(report.value(result, SH.resultMessage) or "constraint violated"),
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    return sorted(violations, key=lambda v: (v.focus, v.path, v.message))


def _short(term: object) -> str:
    from kg.results import shorten

    return shorten(str(term)) if term is not None else ""


def validate_store(store: KgStore, *, owl: bool = True, raise_on_failure: bool = True,
                   ) -> ValidationReport:
    """Run both checks over ``store``; ValidationFailed (with the report) when any fails."""
    data = store_graph(store)
    core, constraints = split_sparql_constraints(Graph().parse(resources.shapes_file(), format="turtle"))
    violations = shacl_violations(data, core) + sparql_violations(store, constraints)
    report = ValidationReport(triples=len(data),
                              violations=sorted(violations, key=lambda v: (v.focus, v.path, v.message)))
    if owl:
        report.owl_checked = True
        reference = store_graph(store, [ns.GRAPH_ONTOLOGY, ns.GRAPH_REFERENCE])
        report.owl_consistent, report.owl_problems = owl_consistency(reference)
    if raise_on_failure and not report.ok:
        raise ValidationFailed(report.headline())
    return report


#: Datatypes of the OWL 2 datatype map (OWL 2 Syntax, section 4); HermiT rejects others.
OWL2_DATATYPES = {
    ns.RDF + "PlainLiteral", ns.RDF + "XMLLiteral", ns.RDF + "langString",
    ns.RDFS + "Literal", ns.OWL + "real", ns.OWL + "rational",
    *(ns.XSD + name for name in (
        "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN",
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "boolean", "hexBinary",
        "base64Binary", "anyURI", "dateTime", "dateTimeStamp")),
}


def reasoner_input(graph: Graph) -> tuple[Graph, int]:
    """``graph`` without the literals whose datatype HermiT cannot read (xsd:date,
    geo:wktLiteral...), and how many were left out. No axiom of the ontology constrains
    those values (their properties declare no OWL range), so consistency is unaffected."""
    from rdflib import Literal

    kept, left_out = Graph(), 0
    for triple in graph:
        obj = triple[2]
        if isinstance(obj, Literal) and obj.datatype and str(obj.datatype) not in OWL2_DATATYPES:
            left_out += 1
            continue
        kept.add(triple)
    return kept, left_out


def owl_consistency(graph: Graph) -> tuple[bool, list[str]]:
    """(consistent?, problems) for ``graph`` under OWL 2 DL semantics, checked by HermiT."""
    import owlready2

    graph, _left_out = reasoner_input(graph)
    if shutil.which(owlready2.JAVA_EXE) is None and shutil.which("java") is None:
        raise KgError("the OWL check needs a Java runtime: run 'make setup' "
                      "(or 'kg validate --no-owl' to skip it)")
    with tempfile.TemporaryDirectory(prefix="kg-owl-") as tmp:
        path = Path(tmp) / "reference.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return False, disjointness_clashes(graph) or [
                "HermiT: the ontology and reference data are inconsistent"]
        finally:
            world.close()
    return True, []


_CLASHES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?x ?a ?b WHERE {
  { ?a owl:disjointWith ?b } UNION {
    ?all a owl:AllDisjointClasses ; owl:members ?list .
    ?list rdf:rest*/rdf:first ?a . ?list rdf:rest*/rdf:first ?b . FILTER(?a != ?b) }
  ?x rdf:type/rdfs:subClassOf* ?a . ?x rdf:type/rdfs:subClassOf* ?b .
  FILTER(STR(?a) < STR(?b))
}"""


def disjointness_clashes(graph: Graph) -> list[str]:
    """Individuals that belong to two disjoint classes, one readable line each."""
    return [f"inconsistent: <{row.x}> is both {_short(row.a)} and {_short(row.b)}, "
            "which are disjoint" for row in graph.query(_CLASHES)]
