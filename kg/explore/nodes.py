"""What a drawn node looks like: its kind (from its RDF classes), shape, colour, and the legend.

Five kinds are drawn — events, actors, places, documents and claims — each with one shape
and one colour, so that a reader tells them apart at a glance (shape for the colour-blind,
colour for everyone else). Actors get a second colour by their class (armed group, state
force, ...), still with the actor's shape.

>>> kind_of(["https://w3id.org/sahel-kg/ontology#ArmedGroup"])
'actor'
>>> style("actor", "ArmedGroup")["color"]
'#c0392b'
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.namespaces import SKG

_SKG = SKG
EVENT_CLASSES = ("Event",)
CLAIM_CLASSES = ("Claim",)
DOCUMENT_CLASSES = ("Document", "NewsArticle", "EncyclopediaArticle", "Statement")
PLACE_CLASSES = ("Place", "Country", "Admin1Region", "Admin2District", "PopulatedPlace", "MilitaryInstallation")
ACTOR_CLASSES = (
    "Actor", "Organization", "ArmedGroup", "StateForce", "ForeignForce", "State", "Alliance", "GovernmentBody",
    "MediaOutlet", "NewsOrganization", "MonitoringOrganization", "Person", "CollectiveSource",
)
_KIND_OF_CLASS = {
    **{name: "event" for name in EVENT_CLASSES},
    **{name: "claim" for name in CLAIM_CLASSES},
    **{name: "document" for name in DOCUMENT_CLASSES},
    **{name: "place" for name in PLACE_CLASSES},
    **{name: "actor" for name in ACTOR_CLASSES},
}
KINDS = ("event", "actor", "place", "document", "claim")

# One shape per kind (vis-network shape names); the colours are a colour-blind-safe set.
_KIND_STYLE = {
    "event": {"shape": "star", "color": "#d35400", "label": "event (one node per incident)"},
    "actor": {"shape": "dot", "color": "#7f8c8d", "label": "actor"},
    "place": {"shape": "triangle", "color": "#27ae60", "label": "place"},
    "document": {"shape": "square", "color": "#2c3e50", "label": "document"},
    "claim": {"shape": "diamond", "color": "#8e44ad", "label": "claim (attributed to its claimant)"},
}
_ACTOR_COLOURS = {
    "ArmedGroup": ("#c0392b", "armed group"),
    "StateForce": ("#2471a3", "state force"),
    "ForeignForce": ("#16a085", "foreign force"),
    "State": ("#1f618d", "state"),
    "GovernmentBody": ("#5dade2", "government body"),
    "Alliance": ("#76448a", "alliance"),
    "MediaOutlet": ("#e67e22", "armed group's media outlet"),
    "NewsOrganization": ("#b7950b", "news organisation"),
    "MonitoringOrganization": ("#b7950b", "monitoring organisation"),
    "Person": ("#a04000", "person"),
    "CollectiveSource": ("#95a5a6", "collective source"),
}


def local_name(iri: str) -> str:
    """The part of an ontology IRI after ``#`` or the last ``/``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def kind_of(classes: Iterable[str]) -> str | None:
    """The drawn kind of a node with these class IRIs, or None when it is not drawn."""
    names = [local_name(c) for c in classes if c.startswith(_SKG)]
    for kind in KINDS:
        if any(_KIND_OF_CLASS.get(name) == kind for name in names):
            return kind
    return None


def actor_class(classes: Iterable[str]) -> str:
    """The most specific actor class name among ``classes`` that has its own colour, else ''."""
    names = {local_name(c) for c in classes}
    return next((name for name in _ACTOR_COLOURS if name in names), "")


def style(kind: str, subclass: str = "") -> dict[str, str]:
    """vis-network's ``shape`` and ``color`` for a node of this kind (and actor class)."""
    base = _KIND_STYLE[kind]
    colour = _ACTOR_COLOURS[subclass][0] if kind == "actor" and subclass in _ACTOR_COLOURS else base["color"]
    return {"shape": base["shape"], "color": colour}


#: Edges with a role in the act (``role`` of an edge), drawn apart from the grey links: colour,
#: width and dash, so that they differ without colour too.
EDGE_STYLES = {
    "attacker": {"color": "#c0392b", "dashes": False, "label": "attacked (attacker → incident)"},
    "target": {"color": "#2471a3", "dashes": True, "label": "targeted (incident → target)"},
}


def legend() -> list[dict]:
    """The legend: one entry per kind, then one per actor class colour, then the edges with a
    role (shape ``edge``)."""
    entries: list[dict] = [{"shape": s["shape"], "color": s["color"], "label": s["label"]}
                           for s in _KIND_STYLE.values()]
    seen = set()
    for colour, label in _ACTOR_COLOURS.values():
        if colour not in seen:
            seen.add(colour)
            entries.append({"shape": "dot", "color": colour, "label": f"actor: {label}"})
    entries += [{"shape": "edge", "role": role, **edge} for role, edge in EDGE_STYLES.items()]
    return entries
