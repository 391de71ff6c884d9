"""``kg viz``: the explorer as one self-contained HTML file that opens from disk, offline.

The file holds the drawn graph (chosen by :func:`~kg.explore.selection.select_graph`, so
capped like the server's answers), every drawn node's panel (properties, claims,
evidence), the incidents for the timeline and the map, the country outlines, and the text
of every document an evidence span points into — so that the panel can show the sentence
in its document. Filters run in the browser over that data.

>>> from kg.store import KgStore
>>> data = collect(KgStore.in_memory())
>>> data["graph"]["nodes"], data["incidents"]
([], [])
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import ParameterError
from kg.explore import details, geo, nodes, page, panels
from kg.explore.selection import MAX_DEPTH, Filters, select_graph
from kg.store import KgStore


def resolve_focus(store: KgStore, label: str) -> str:
    """The IRI of the node named ``label`` (exact name, alias or acronym first, else the
    first that contains it). ParameterError when nothing matches."""
    hits = panels.search(store, label, limit=1)
    if not hits:
        raise ParameterError(f"--focus {label!r}: no actor, place, event or document has that name")
    return hits[0]["id"]


def collect(store: KgStore, focus: str | None = None, depth: int = 2, max_nodes: int = 500) -> dict:
    """Everything the file shows, as plain data."""
    if not 0 <= depth <= MAX_DEPTH:
        raise ParameterError(f"--depth must be between 0 and {MAX_DEPTH}, got {depth}")
    # Claims included: the file's Claims toggle shows or hides them in the browser.
    graph = select_graph(store, Filters(focus=focus, depth=depth, limit=max_nodes, claims=True))
    drawn = {node["id"] for node in graph.nodes}
    panel = {node["id"]: details.node_details(store, node["id"]) for node in graph.nodes}
    documents = {span["document"] for d in panel.values() if d
                 for span in [*d["evidence"], *(e for c in d["claims"] for e in c["evidence"])]}
    incidents = [i for i in panels.incidents(store, Filters(limit=max_nodes)) if i["id"] in drawn]
    return {"graph": graph.as_json(), "details": panel, "incidents": incidents, "legend": nodes.legend(),
            "outlines": geo.outlines(), "box": geo.SAHEL_BOX,
            "documents": details.documents_texts(store, sorted(documents))}


def write_file(store: KgStore, out: Path, focus_label: str | None = None, depth: int = 2,
               max_nodes: int = 500) -> dict:
    """Write the self-contained explorer to ``out``; returns counts for the CLI to print."""
    focus = resolve_focus(store, focus_label) if focus_label else None
    data = collect(store, focus=focus, depth=depth, max_nodes=max_nodes)
    html = page.render_file(data, depth=depth, focus=focus or "")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return {"nodes": len(data["graph"]["nodes"]), "edges": len(data["graph"]["edges"]),
            "truncated": data["graph"]["truncated"], "bytes": len(html.encode("utf-8"))}
