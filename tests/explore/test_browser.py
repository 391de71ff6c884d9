"""The explorer in a real headless Chromium against a live ``kg serve`` on 127.0.0.1, and the
``kg viz`` file opened from disk. Expectations come from reading seeds/*.txt (JNIM's
statement in 002 that "fifty Malian soldiers were killed"; Niafunké 2023, Soumpi 2025)."""

from __future__ import annotations

import html as html_module
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kg.explore import geo
from tests.conftest import ROOT, require

pytestmark = pytest.mark.slow

JNIM = "https://w3id.org/sahel-kg/id/actor/jnim"
SEED_FILES = ("000_71546ba4e990e6b3.txt", "001_7cf434835259646a.txt", "002_9e1eb2eb3567d046.txt",
              "003_f581894d71ea3311.txt", "004_a811bb327bddb04a.txt")


def hosts(urls: list[str]) -> set[str]:
    return {urlsplit(url).netloc for url in urls}


def canvas_has_drawing(page) -> bool:  # noqa: ANN001
    """True when the graph's canvas has painted pixels (not a blank canvas)."""
    return page.evaluate("""() => {
        const canvas = document.querySelector('#graph canvas');
        if (!canvas) return false;
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) return true; }
        return false;
    }""")


def labels_of(page, kind: str) -> set[str]:  # noqa: ANN001
    return set(page.evaluate(f"window.kgExplorer.nodeLabels('{kind}')"))


def test_explorer_draws_the_seed_graph_with_nothing_from_elsewhere(visit, live_server):
    seen = visit(live_server + "/")
    seen.wait_drawn()
    assert canvas_has_drawing(seen.page)
    ids = seen.page.evaluate("window.kgExplorer.nodeIds()")
    assert JNIM in ids
    # Documents by title and outlet (issue #13), not by file name.
    documents = labels_of(seen.page, "document")
    assert len(documents) == len(SEED_FILES) and "Niafunké attack (Wikipedia)" in documents
    assert not any(label.endswith(".txt") for label in documents)
    events = labels_of(seen.page, "event")
    assert any(label.startswith("Niafunké military camp 2023-11-24") for label in events)
    assert any(label.startswith("Soumpi military camp 2025-11-07") for label in events)
    assert seen.page.locator("#legend li").count() >= 5
    assert seen.page.locator("#timeline circle.incident").count() == len(events)
    require(geo.COUNTRIES.exists(), "world-atlas country outlines (make setup)")
    assert seen.page.locator("#map path.country").count() > 3
    assert seen.errors() == []
    assert hosts(seen.requests) == {urlsplit(live_server).netloc}


def test_search_and_click_jnim_opens_its_claims_with_evidence(visit, live_server):
    seen = visit(live_server + "/")
    seen.wait_drawn()
    seen.page.fill("#search", "JNIM")
    seen.page.click("#search-form button[type=submit]")
    seen.page.click(f"#search-results button[data-iri='{JNIM}']")
    seen.page.wait_for_selector("#panel .claim")
    panel = seen.page.inner_text("#panel")
    assert "Jama'at Nusrat al-Islam wal-Muslimin" in panel
    assert "fifty Malian soldiers were killed" in panel
    seen.wait_drawn()
    assert JNIM in seen.page.evaluate("window.kgExplorer.nodeIds()")
    # An evidence link opens the document with the sentence highlighted.
    link = seen.page.locator("#panel .claim .evidence a").first
    href = link.get_attribute("href")
    assert href.startswith("/documents/")
    link.click()
    seen.page.wait_for_selector("mark#span")
    assert seen.page.inner_text("mark#span").strip()
    assert seen.errors() == []
    assert hosts(seen.requests) == {urlsplit(live_server).netloc}


def test_a_filter_changes_what_is_drawn(visit, live_server):
    seen = visit(live_server + "/")
    seen.wait_drawn()
    before = labels_of(seen.page, "event")
    seen.page.fill("#filters input[name=from]", "2025-01-01")
    seen.page.click("#filters button[type=submit]")
    seen.wait_drawn()
    after = labels_of(seen.page, "event")
    assert after < before
    assert not any("Niafunké" in label for label in after)
    assert any(label.startswith("Soumpi military camp") for label in after)
    assert seen.page.locator("#timeline circle.incident").count() == len(after)


def test_hostile_names_and_quotes_render_as_text_and_run_nothing(visit, hostile_server):
    seen = visit(hostile_server + "/")
    seen.wait_drawn()
    seen.page.fill("#search", "JNIM")
    seen.page.click("#search-form button[type=submit]")
    seen.page.click("#search-results button.hit >> nth=0")
    seen.page.wait_for_selector("#panel .claim")
    panel = seen.page.inner_text("#panel")
    assert "killed 12 soldiers <img src=x onerror=window.pwned=2> and taken the camp" in panel
    assert seen.page.locator("#panel img, #panel svg, #panel script, #panel b").count() == 0
    army = "https://w3id.org/sahel-kg/id/actor/fama"
    seen.page.evaluate("iri => window.kgExplorer.open(iri)", army)
    seen.page.wait_for_selector(f"#panel[data-node='{army}'] .claim")
    assert "repelled' onmouseover='window.pwned=3' x=' with javascript:window.pwned=4 losses" in (
        seen.page.inner_text("#panel"))
    # Hover every drawn node (tooltips) and open every panel.
    for iri in seen.page.evaluate("window.kgExplorer.nodeIds()"):
        seen.page.evaluate("iri => window.kgExplorer.open(iri)", iri)
    seen.page.wait_for_timeout(500)
    assert seen.pwned() is None
    seen.page.goto(hostile_server + "/")
    seen.wait_drawn()
    seen.page.fill("#search", "hostile")
    seen.page.click("#search-form button[type=submit]")
    seen.page.click("#search-results button.hit >> nth=0")
    seen.page.wait_for_selector("#panel .evidence a")
    link = seen.page.locator("#panel .evidence a").first
    link.click()
    seen.page.wait_for_selector("mark#span")
    body = seen.page.inner_text("body")
    assert "<script>window.pwned=1</script>" in body
    assert "Camp attack <script>window.pwned=6</script>" in body
    assert seen.page.locator("script, img, svg, b").count() == 0
    assert seen.pwned() is None
    assert seen.dialogs == []
    assert hosts(seen.requests) == {urlsplit(hostile_server).netloc}


def _viz(store: Path, out: Path, *extra: str) -> str:
    done = subprocess.run([sys.executable, "-m", "kg", "viz", "--store", str(store), "--out", str(out), *extra],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_kg_viz_file_draws_from_disk_with_no_request(visit, seed_store_path, tmp_path):
    out = tmp_path / "seeds.html"
    message = _viz(seed_store_path, out, "--focus", "JNIM", "--depth", "1")
    assert "nodes" in message
    html = out.read_text(encoding="utf-8")
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", html, flags=re.S)
    assert re.findall(r'(?:src|href)="([^"]*)"', markup) == ["data:,"]  # the empty icon; nothing else
    policy = html_module.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1))
    assert policy.startswith("default-src 'none'; script-src 'sha256-") and "unsafe" not in policy
    seen = visit(out.as_uri())
    seen.wait_drawn()
    assert canvas_has_drawing(seen.page)
    ids = seen.page.evaluate("window.kgExplorer.nodeIds()")
    assert ids[0] == JNIM or JNIM in ids
    assert any(label.startswith("Niafunké military camp") for label in labels_of(seen.page, "event"))
    # The panel works offline: JNIM's claims, and a quote shown in its document.
    seen.page.evaluate("iri => window.kgExplorer.open(iri)", JNIM)
    seen.page.wait_for_selector("#panel .claim")
    assert "fifty Malian soldiers were killed" in seen.page.inner_text("#panel")
    seen.page.locator("#panel .claim .evidence button.link").first.click()
    seen.page.wait_for_selector("#panel mark")
    assert seen.errors() == []
    assert {urlsplit(url).scheme for url in seen.requests} == {"file"}


def test_kg_viz_file_keeps_hostile_text_inert(visit, hostile_store_path, tmp_path):
    out = tmp_path / "hostile.html"
    _viz(hostile_store_path, out)
    html = out.read_text(encoding="utf-8")
    assert "<script>window.pwned" not in html and "<img src=x" not in html
    seen = visit(out.as_uri())
    seen.wait_drawn()
    seen.page.check("#filters input[name=claims]")   # every node, claims too
    seen.wait_drawn()
    for iri in seen.page.evaluate("window.kgExplorer.nodeIds()"):
        seen.page.evaluate("iri => window.kgExplorer.open(iri)", iri)
    seen.page.wait_for_timeout(300)
    seen.page.locator("#panel .evidence button.link").first.click()
    assert "<script>window.pwned=1</script>" in seen.page.inner_text("#panel")
    assert seen.pwned() is None and seen.dialogs == []
    assert seen.errors() == []


def test_screenshot_of_the_explorer(live_server, tmp_path, browser):
    del browser  # the fixture makes sure Chromium and playwright are here (or fails under CI)
    out = tmp_path / "explorer.png"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshot.py"), "--url", live_server + "/",
                           "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    header = out.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert width == 1400 and height >= 1100
