"""The SPARQL 1.1 Service Description of the endpoint, as RDF triples.

Answered at ``GET /sparql`` without a query (in any RDF format of
:data:`kg.serve.formats.BY_FORM` ``["construct"]``): the endpoint's URL, the languages
it accepts (SPARQL 1.1 Query; Update only when the server was started writable), its
result formats, the union default graph, every named graph of the store, and the
server's limits (timeout, row cap) in a comment.

>>> from pyoxigraph import Store
>>> triples = description("http://127.0.0.1:8000/sparql", Store(), writable=False, limits="")
>>> any(t.predicate.value.endswith("#endpoint") and t.object.value.endswith("/sparql") for t in triples)
True
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, Store, Triple

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


def description(endpoint: str, store: Store, *, writable: bool, limits: str) -> list[Triple]:
    """The service description of the endpoint at ``endpoint`` over ``store``."""
    service = NamedNode(endpoint + "#service")
    languages = ["SPARQL11Query", *(["SPARQL11Update"] if writable else [])]
    triples = [
        Triple(service, RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), NamedNode(endpoint)),
        *(Triple(service, _sd("supportedLanguage"), _sd(lang)) for lang in languages),
        *(Triple(service, _sd("resultFormat"), NamedNode(FORMATS + fmt)) for fmt in RESULT_FORMATS),
        Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        Triple(service, RDFS_COMMENT, Literal(
            "sahel-kg: a knowledge graph of the Sahel conflicts. The default graph is the union "
            "of all named graphs. " + limits)),
    ]
    dataset, default = BlankNode(), BlankNode()
    triples += [
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, _sd("Dataset")),
        Triple(dataset, _sd("defaultGraph"), default),
        Triple(default, RDF_TYPE, _sd("Graph")),
    ]
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        node = BlankNode()
        triples += [
            Triple(dataset, _sd("namedGraph"), node),
            Triple(node, RDF_TYPE, _sd("NamedGraph")),
            Triple(node, _sd("name"), graph),
        ]
    return triples


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)
