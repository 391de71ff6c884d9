"""The pieces under /sparql, alone: request parsing, content negotiation, the keywords of a
SPARQL text (USING injection, FROM detection, network keywords)."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.serve import formats
from kg.serve.protocol import Dataset, ProtocolError, parse_parts
from kg.serve.sparqltext import apply_using, forbid_network, names_dataset

FORM = "application/x-www-form-urlencoded"


def test_form_post_merges_body_and_url_parameters():
    operation = parse_parts("POST", FORM, b"query=ASK%20%7B%7D&named-graph-uri=urn%3Ab",
                            "default-graph-uri=urn%3Aa")
    assert (operation.kind, operation.text) == ("query", "ASK {}")
    assert operation.dataset == Dataset(("urn:a",), ("urn:b",))


@pytest.mark.parametrize(("method", "content_type", "body", "query", "status"), [
    ("POST", "application/sparql-query", b"ASK {}", "query=ASK%20%7B%7D", 400),   # text twice
    ("POST", FORM, b"query=ASK%20%7B%7D&update=CLEAR%20ALL", "", 400),             # both
    ("POST", FORM, b"", "", 400),                                                    # neither
    ("GET", None, b"", "query=ASK%20%7B%7D&using-graph-uri=urn%3Aa", 400),          # update's dataset
    ("POST", "application/sparql-query", b"ASK {} \xff", "", 400),                  # not UTF-8
    ("POST", "application/sparql-query; charset=latin-1", b"ASK {}", "", 415),
    ("POST", "application/json", b"{}", "", 415),
    ("GET", None, b"", "query=%FF", 400),                                            # bad escape
    ("GET", None, b"", "query=%20%20", 400),                                         # empty
])
def test_requests_the_protocol_does_not_allow(method, content_type, body, query, status):
    with pytest.raises(ProtocolError) as caught:
        parse_parts(method, content_type, body, query)
    assert caught.value.status == status
    assert "\n" not in str(caught.value)


def test_get_without_query_asks_for_the_service_description():
    assert parse_parts("GET", None, b"", "format=turtle").kind == "describe-service"


@pytest.mark.parametrize(("form", "accept", "expected"), [
    ("select", None, "json"),
    ("select", "text/html,application/xhtml+xml,*/*;q=0.8", "json"),
    ("select", "text/*", "csv"),
    ("select", "text/csv;q=0.2, text/tab-separated-values;q=0.9", "tsv"),
    ("select", "application/xml", "xml"),
    ("construct", "application/json", "jsonld"),
    ("construct", "text/plain", "ntriples"),
    ("ask", "application/sparql-results+xml, application/sparql-results+json;q=0.5", "xml"),
])
def test_content_negotiation(form, accept, expected):
    assert formats.choose(form, accept=accept).name == expected


def test_nothing_acceptable():
    with pytest.raises(formats.NotAcceptable, match="accepted are text/turtle"):
        formats.choose("construct", accept="text/csv")


@pytest.mark.parametrize(("form", "short", "accept", "expected"), [
    # Issue #13: the names clients send in format=, read for the query form at hand.
    ("select", "xml", None, "xml"),
    ("ask", "xml", None, "xml"),
    ("construct", "xml", None, "rdfxml"),                 # SPARQLWrapper's default on CONSTRUCT
    ("construct", "XML", "application/rdf+xml", "rdfxml"),
    ("select", "json", None, "json"),
    ("construct", "json", None, "jsonld"),
    ("construct", "rdf+xml", None, "rdfxml"),
    ("construct", "json-ld", None, "jsonld"),
    ("construct", "ttl", None, "turtle"),
    ("construct", "n3", None, "turtle"),
    ("construct", "nt", None, "ntriples"),
    ("construct", "n-triples", None, "ntriples"),
    ("select", "text/csv", None, "csv"),
    ("select", "application/sparql-results+json; charset=utf-8", None, "json"),
    ("construct", ("rdf+xml", "application/rdf+xml"), "application/rdf+xml", "rdfxml"),
    ("construct", ("tsv", "turtle"), None, "turtle"),      # the first value the form has
    # A format of other query forms only gives way to an Accept header that can be honoured.
    ("ask", "csv", "text/csv, application/sparql-results+xml;q=0.5", "xml"),
    ("select", "turtle", "*/*", "json"),
    ("construct", "csv", "*/*", "turtle"),
])
def test_format_parameter(form, short, accept, expected):
    assert formats.choose(form, accept=accept, short=short).name == expected


@pytest.mark.parametrize(("form", "short", "accept", "message"), [
    ("ask", "csv", None, "format 'csv' is not available for an ASK result; choose one of json, xml"),
    ("ask", "csv", "text/csv", "none of the accepted media types (text/csv)"),
    ("select", "jsn", "*/*", "format 'jsn' is not available for a SELECT result"),   # a typo is no format
])
def test_format_parameter_refused(form, short, accept, message):
    with pytest.raises(formats.NotAcceptable) as caught:
        formats.choose(form, accept=accept, short=short)
    assert str(caught.value).startswith(message)


def test_format_and_output_may_be_given_several_times():
    operation = parse_parts("GET", None, b"", "query=ASK%7B%7D&format=rdf%2Bxml&format=application%2Frdf%2Bxml"
                                              "&output=xml&results=xml&format=")
    assert operation.formats == ("rdf+xml", "application/rdf+xml", "xml")


def test_using_goes_before_each_where_and_nowhere_else():
    update = ('PREFIX ex: <http://example.org/where#>\n'
              'DELETE { ?s ex:p "WHERE {" } WHERE { ?s ex:p ?o FILTER(?o < 3) } ;\n'
              '# a comment with WHERE\n'
              'INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "}" } } ;\n'
              'INSERT { ?s a ex:where } WHERE { ?s ?p ?o }')
    result = apply_using(update, ["urn:d"], ["urn:n"])
    assert result.count("USING <urn:d> USING NAMED <urn:n> WHERE") == 2
    assert result.replace("USING <urn:d> USING NAMED <urn:n> ", "") == update


@pytest.mark.parametrize("update", [
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } USING <urn:g> WHERE { ?s ?p ?o }",
    "DELETE WHERE { ?s ?p ?o }",
])
def test_using_parameters_refused_where_they_cannot_apply(update):
    with pytest.raises(QueryError):
        apply_using(update, ["urn:d"], [])
    assert apply_using(update, [], []) == update


def test_a_query_naming_its_own_dataset():
    assert names_dataset("SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert not names_dataset('SELECT * WHERE { ?s <urn:from> "FROM" } # FROM')


@pytest.mark.parametrize("text", ["LOAD <http://example.org/data.ttl>",
                                  "SELECT * { ?s ?p ?o SERVICE SILENT <http://example.org/s> { ?s ?p ?o } }"])
def test_network_keywords_refused(text):
    with pytest.raises(QueryError, match="does not fetch from the network"):
        forbid_network(text)
