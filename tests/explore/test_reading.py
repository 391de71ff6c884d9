"""Issue #13, "an explorer an analyst can read", in a real headless Chromium against a live
``kg serve`` over the seeds: Reset, filters while focused, incident search, the state in the
address, header links, labels and edges, the default view. Expectations come from reading
seeds/*.txt (JNIM; Niafunké 2023, Soumpi 2025)."""

from __future__ import annotations

import pytest

from tests.explore.test_browser import JNIM, labels_of

pytestmark = pytest.mark.slow


def node_ids(page) -> list[str]:  # noqa: ANN001
    return page.evaluate("window.kgExplorer.nodeIds()")


def test_issue_13_reset_returns_from_a_focused_node_to_the_default_view(visit, live_server):
    seen = visit(live_server + "/")
    seen.wait_drawn()
    default = sorted(node_ids(seen.page))
    seen.page.evaluate("iri => window.kgExplorer.focus(iri)", JNIM)
    seen.page.wait_for_selector("#panel .claim")
    seen.page.fill("#filters input[name=from]", "2025-01-01")
    seen.page.click("#filters button[type=submit]")
    seen.wait_drawn()
    assert sorted(node_ids(seen.page)) != default
    seen.page.click("#reset-view")
    seen.wait_drawn()
    assert seen.page.input_value("#filters input[name=focus]") == ""
    assert seen.page.input_value("#filters input[name=from]") == ""
    assert sorted(node_ids(seen.page)) == default
    assert seen.page.locator("#panel .claim").count() == 0
    assert seen.errors() == []
