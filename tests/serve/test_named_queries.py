"""/queries (catalogue, parameters, formats) and the /editor page, in-process."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from kg.queries import catalogue
from kg.serve import responses
from tests.conftest import require

SRX = "{http://www.w3.org/2005/sparql-results#}"
AES_MEMBERS = {"Mali", "Burkina Faso", "Niger"}     # ontology/reference/actors.ttl: the AES, 2023-09-16


def csv_rows(response):
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text)))


def test_catalogue_as_json_lists_every_query_with_its_parameters(seed_client):
    response = seed_client.get("/queries")
    assert response.headers["content-type"].startswith("application/json")
    entries = {q["name"]: q for q in response.json()["queries"]}
    assert set(entries) == set(catalogue())
    assert entries["alliance-members"]["parameters"] == [{
        "name": "alliance", "type": "name", "default": "AES",
        "description": entries["alliance-members"]["parameters"][0]["description"]}]
    assert entries["events-near"]["question"]
    assert {p["name"] for p in entries["timeline"]["parameters"]} == {"region", "from", "to"}


def test_catalogue_as_html_for_a_browser(seed_client):
    response = seed_client.get("/queries", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert 'href="/queries/alliance-members?format=csv"' in response.text


def test_named_query_with_default_parameter(seed_client):
    rows = csv_rows(seed_client.get("/queries/alliance-members", params={"format": "csv"}))
    assert {r["label"] for r in rows} == AES_MEMBERS
    assert {r["since"] for r in rows} == {"2023-09-16"}


def test_named_query_parameter_is_bound(seed_client):
    rows = csv_rows(seed_client.get("/queries/alliance-members", params={"alliance": "ECOWAS"},
                                    headers={"accept": "text/csv"}))
    until = {r["label"]: r["until"] for r in rows}
    assert {until[m] for m in AES_MEMBERS} == {"2025-01-29"}     # the three withdrew on 2025-01-29


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_named_query_in_every_result_format(seed_client, accept):
    response = seed_client.get("/queries/alliance-members", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    text = response.text
    if accept.endswith("json"):
        labels = {b["label"]["value"] for b in response.json()["results"]["bindings"]}
    elif accept.endswith("xml"):
        labels = {b.find(f"{SRX}literal").text for b in ET.fromstring(response.content).iter(f"{SRX}binding")
                  if b.get("name") == "label"}
    elif accept == "text/csv":
        labels = {r["label"] for r in csv.DictReader(io.StringIO(text))}
    else:
        header, *lines = text.strip().split("\n")
        column = header.split("\t").index("?label")
        labels = {re.sub(r'^"(.*)"(@\w+)?$', r"\1", line.split("\t")[column]) for line in lines}
    assert labels == AES_MEMBERS


def test_unknown_named_query_is_404(seed_client):
    response = seed_client.get("/queries/no-such-query")
    assert response.status_code == 404
    assert "unknown query 'no-such-query'" in response.text


@pytest.mark.parametrize(("params", "message"), [
    ({"km": "far"}, "query 'events-near': parameter 'km' must be a number, got 'far'"),
    ({"radius": "10"}, "query 'events-near' has no parameter 'radius' (it takes: place, km)"),
])
def test_bad_parameter_is_400_with_one_line(seed_client, params, message):
    response = seed_client.get("/queries/events-near", params=params)
    assert response.status_code == 400
    assert response.text == message + "\n"


def test_parameter_text_is_bound_not_pasted(seed_client):
    # An injection attempt is one string term: it matches no alliance, and the query runs.
    response = seed_client.get("/queries/alliance-members", params={
        "alliance": 'AES" } UNION { ?member ?p ?label } #', "format": "csv"})
    assert csv_rows(response) == []


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def test_editor_page_runs_yasgui_from_this_server(seed_client):
    require((responses.VENDOR / "yasgui.min.js").is_file(), "YASGUI assets (make setup)")
    page = seed_client.get("/editor")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "connect-src 'self'" in csp
    parser = _Scripts()
    parser.feed(page.text)
    sources = [s.get("src") for s in parser.scripts]
    assert sources == ["/editor/assets/vendor/yasgui.min.js", "/editor/assets/editor.js"]   # no inline script
    assert 'data-endpoint="/sparql"' in page.text
    for source in sources:
        asset = seed_client.get(source)
        assert asset.status_code == 200 and "javascript" in asset.headers["content-type"]


def test_editor_page_without_assets_says_how_to_get_them(seed_client, monkeypatch, tmp_path):
    monkeypatch.setattr(responses, "VENDOR", tmp_path / "missing")
    page = seed_client.get("/editor")
    assert page.status_code == 200
    assert "make setup" in page.text and "<script" not in page.text
    assert '<form method="get" action="/sparql"' in page.text


def test_editor_opens_a_named_query_escaped(seed_client):
    page = seed_client.get("/editor", params={"named": "alliance-members"})
    assert "VALUES ?alliance { &#34;aes&#34; }" in page.text     # bound default, HTML-escaped
    assert seed_client.get("/editor", params={"named": "nope"}).status_code == 404

