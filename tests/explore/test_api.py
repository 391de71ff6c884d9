"""The explorer's HTTP API in-process (Starlette TestClient) on the seed store and on a
store whose document carries script payloads. JNIM's claims are written from reading
seeds/*.txt: it claims the Niafunké camp and casualties in 000, 001 and 002 ("fifty
Malian soldiers were killed", "two captured"), responsibility for the July 2025 attacks in
003; in 004 it makes no statement (security sources speak)."""

from __future__ import annotations

import re

import pytest

from kg.explore import geo
from kg.serve.app import ServeSettings, create_app
from kg.store import KgStore
from tests.conftest import require

JNIM = "https://w3id.org/sahel-kg/id/actor/jnim"


def test_node_api_gives_jnim_claims_with_evidence(client):
    answer = client.get("/api/node", params={"iri": JNIM})
    assert answer.status_code == 200
    node = answer.json()
    assert node["kind"] == "actor" and node["title"] == "Jama'at Nusrat al-Islam wal-Muslimin"
    files = {c["file"] for c in node["claims"]}
    assert {"000_71546ba4e990e6b3.txt", "001_7cf434835259646a.txt", "002_9e1eb2eb3567d046.txt",
            "003_f581894d71ea3311.txt"} <= files
    assert "004_a811bb327bddb04a.txt" not in files
    assert all(c["claimant"] == "Jama'at Nusrat al-Islam wal-Muslimin" for c in node["claims"])
    fifty = [c for c in node["claims"]
             if c["file"].startswith("002") and "soldiers-killed: “fifty” (50)" in c["figures"]]
    assert fifty, "the 002 statement that fifty Malian soldiers were killed"
    assert any("fifty Malian soldiers were killed" in e["quote"] for e in fifty[0]["evidence"])
    captured = [c for c in node["claims"] if c["kind"] == "captured-persons"]
    assert captured and all(c["figures"] == ["soldiers-captured: “two” (2)"] for c in captured)
    assert all(c["evidence"] for c in node["claims"])
    # The node's own evidence: its mentions, e.g. the 000 article's opening paragraph name.
    assert any(e["quote"] == "JNIM" for e in node["evidence"])


def test_every_evidence_link_opens_its_quote_highlighted(client):
    node = client.get("/api/node", params={"iri": JNIM}).json()
    spans = [e for c in node["claims"] for e in c["evidence"]][:12]
    for span in spans:
        assert span["link"].startswith("/documents/")
        page = client.get(span["link"])
        assert page.status_code == 200
        marked = re.search(r'<mark id="span">(.*?)</mark>', page.text, re.S).group(1)
        assert _unescape(marked) == span["quote"]


def _unescape(html: str) -> str:
    import html as html_module

    return html_module.unescape(html)


def test_search_finds_jnim_by_acronym_and_places_by_part_of_name(client):
    hits = client.get("/api/search", params={"q": "jnim"}).json()["results"]
    assert hits[0]["id"] == JNIM and hits[0]["label"] == "JNIM"
    places = {h["label"] for h in client.get("/api/search", params={"q": "Niafunk"}).json()["results"]}
    assert {"Niafunké", "Niafunké military camp"} <= places


def test_graph_api_caps_and_filters(client, seed_store_path, seed_store):
    from starlette.testclient import TestClient

    whole = client.get("/api/graph").json()
    assert not whole["truncated"] and len(whole["nodes"]) > 20
    with TestClient(create_app(ServeSettings(store_path=seed_store_path, max_nodes=20), store=seed_store)) as small:
        capped = small.get("/api/graph", params={"limit": "400", "depth": "5"}).json()
    assert len(capped["nodes"]) <= 20 and capped["truncated"]
    wagner = client.get("/api/graph", params={"actor": "Wagner"}).json()
    assert [n["title"] for n in wagner["nodes"] if n["kind"] == "event"] == ["Armed clash — Anéfis — 2023-11-01"]


def test_timeline_and_map(client):
    require(geo.COUNTRIES.exists(), "world-atlas country outlines (make setup)")
    incidents = client.get("/api/timeline", params={"country": "Tombouctou"}).json()["incidents"]
    places = [i["place"] for i in incidents]
    assert places.index("Niafunké military camp") < places.index("Soumpi military camp")  # oldest first
    answer = client.get("/api/map").json()
    kayes = [i for i in answer["incidents"] if i["place"] == "Kayes"]
    # Kayes is a town in the gazetteer (14.4 N, 11.4 W): a point of its own, not approximate.
    assert kayes and abs(kayes[0]["position"]["lat"] - 14.45) < 0.2 and not kayes[0]["position"]["approximate"]
    soumpi = [i for i in answer["incidents"] if i["place"] == "Soumpi military camp"]
    assert soumpi and soumpi[0]["position"]["approximate"]  # a village placed at its region
    names = {o["name"] for o in answer["outlines"]}
    assert {"Mali", "Burkina Faso", "Niger"} <= names


@pytest.mark.parametrize("path", [
    "/api/graph?depth=x", "/api/graph?from=2024-02-30", "/api/graph?limit=0", "/api/graph?focus=%20x",
    "/api/graph?shape=star", "/api/node", "/api/node?iri=not%20an%20iri", "/api/search", "/api/search?q=",
    "/api/timeline?focus=https://w3id.org/x", "/documents/not-an-id", "/documents/{doc}?start=-1&end=3",
    "/documents/{doc}?start=9&end=2", "/documents/{doc}?start=0&end=999999", "/documents/{doc}?start=a&end=2",
])
def test_bad_parameters_give_400_with_one_line(client, seed_store, path):
    query = 'SELECT ?d WHERE { ?d a skg:Document ; skg:fileName "004_a811bb327bddb04a.txt" }'
    doc = next(iter(seed_store.query(query)))
    answer = client.get(path.format(doc=doc["d"].value.rsplit("/", 1)[-1]))
    assert answer.status_code == 400
    assert answer.text.strip() and "\n" not in answer.text.strip() and "Traceback" not in answer.text


def test_unknown_node_and_document_give_404(client):
    assert client.get("/api/node", params={"iri": "https://w3id.org/sahel-kg/id/actor/nobody"}).status_code == 404
    assert client.get("/documents/0000000000000000").status_code == 404


def test_pages_load_nothing_from_elsewhere_and_forbid_inline_script(client):
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'self'" in policy
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text), "no inline script"
    addresses = re.findall(r'(?:src|href)="([^"]*)"', page.text)
    assert addresses and all(a.startswith("/") or a == "data:," for a in addresses)
    for address in addresses:
        if address.startswith("/static/"):
            asset = client.get(address)
            assert asset.status_code == 200 and "content-security-policy" in asset.headers


@pytest.fixture(scope="module")
def hostile_client(hostile_store_path):
    from starlette.testclient import TestClient

    store = KgStore.open(hostile_store_path, create=False, read_only=True)
    with TestClient(create_app(ServeSettings(store_path=hostile_store_path), store=store)) as test_client:
        yield test_client


def test_document_view_escapes_text_title_and_names(hostile_client):
    hits = hostile_client.get("/api/search", params={"q": "hostile.txt"}).json()["results"]
    doc_id = hits[0]["id"].rsplit("/", 1)[-1]
    page = hostile_client.get(f"/documents/{doc_id}", params={"start": "0", "end": "20"})
    assert page.status_code == 200
    for raw in ("<script>window.pwned", "<img src=x", "<svg onload", "<b onmouseover", "' onmouseover='"):
        assert raw not in page.text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page.text  # the text, shown as text
    assert "Camp attack &lt;script&gt;window.pwned=6&lt;/script&gt;" in page.text  # the title
    assert "&lt;b onmouseover=window.pwned=10&gt;Staff&lt;/b&gt;" in page.text  # the author


def test_json_answers_carry_hostile_text_as_data(hostile_client):
    hits = hostile_client.get("/api/search", params={"q": "JNIM"}).json()["results"]
    node = hostile_client.get("/api/node", params={"iri": hits[0]["id"]}).json()
    quotes = [c["quote"] for c in node["claims"]]
    assert "killed 12 soldiers <img src=x onerror=window.pwned=2> and taken the camp" in quotes
