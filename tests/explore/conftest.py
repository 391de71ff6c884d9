"""Fixtures of the explorer tests: a hostile store, an in-process client, a real Chromium.

The browser is Debian's ``chromium`` driven by the ``playwright`` package (no browser
download); ``make test`` installs it. Each page records every request URL, console
message and dialog so that tests can assert that nothing left the machine and nothing ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.build import build
from kg.serve.app import ServeSettings, create_app
from kg.store import KgStore
from tests.conftest import require, start_kg_serve, stop_kg_serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Written for this test: every name, quote and title carries a payload that would run if
# any view passed it to the HTML parser unescaped (each sets window.pwned).
HOSTILE_TEXT = """JNIM fighters overrun army camp at Niafunké <script>window.pwned=1</script>

Jama'at Nusrat al-Islam wal-Muslimin (JNIM) attacked the military camp in Niafunké on November 3, 2024, \
and seized control of the camp. JNIM said it had "killed 12 soldiers <img src=x onerror=window.pwned=2> \
and taken the camp" in a statement on its Az-Zallaqa outlet.

The Malian army denied the claim, saying the attack was "repelled' onmouseover='window.pwned=3' x=' with \
javascript:window.pwned=4 losses".

Local sources said 7 soldiers were killed in the attack on the camp "><svg onload=window.pwned=5>.
"""
HOSTILE_META = """title = "Camp attack <script>window.pwned=6</script><img src=x onerror=\\"window.pwned=7\\">"
publisher = "\\"><svg onload=window.pwned=8>"
published = 2024-11-04
url = "https://example.org/camp-attack"
author = "<b onmouseover=window.pwned=10>Staff</b>"
language = "en"
kind = "news-article"
"""


@pytest.fixture(scope="session")
def hostile_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from one document whose text and sidecar carry script payloads."""
    folder = tmp_path_factory.mktemp("hostile-docs")
    (folder / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (folder / "hostile.meta.toml").write_text(HOSTILE_META, encoding="utf-8")
    path = tmp_path_factory.mktemp("hostile-store") / "store"
    store = KgStore.open(path)
    build(store, [folder])
    del store
    return path


@pytest.fixture(scope="session")
def hostile_server(hostile_store_path: Path):  # noqa: ANN201
    """A real ``kg serve`` over the hostile store."""
    process, base = start_kg_serve(hostile_store_path)
    yield base
    stop_kg_serve(process)


@pytest.fixture(scope="session")
def client(seed_store: KgStore, seed_store_path: Path):  # noqa: ANN201
    """An in-process client of the app over the seed store."""
    from starlette.testclient import TestClient

    with TestClient(create_app(ServeSettings(store_path=seed_store_path), store=seed_store)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201
    """Headless Chromium (Debian's), launched once for the session."""
    require(CHROMIUM.exists(), f"Debian's chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright Python package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Visit:
    """One page with what it did: every request URL, console message, page error, dialog."""

    page: object
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def errors(self) -> list[tuple[str, str]]:
        return [entry for entry in self.console if entry[0] in ("error", "pageerror")]

    def wait_drawn(self) -> None:
        for box in ("graph", "timeline", "map"):
            self.page.wait_for_selector(f"#{box}[data-state=drawn]", timeout=60_000)

    def pwned(self) -> object:
        return self.page.evaluate("typeof window.pwned === 'undefined' ? null : window.pwned")


@pytest.fixture
def visit(browser):  # noqa: ANN001, ANN201
    """Open a new page recording requests, console messages and dialogs; closed afterwards."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    pages = []

    def open_page(url: str) -> Visit:
        page = context.new_page()
        seen = Visit(page)
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda message: seen.console.append((message.type, message.text)))
        page.on("pageerror", lambda error: seen.console.append(("pageerror", str(error))))

        def on_dialog(dialog) -> None:  # noqa: ANN001
            seen.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(url)
        pages.append(page)
        return seen

    yield open_page
    context.close()
