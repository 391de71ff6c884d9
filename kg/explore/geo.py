"""Country outlines for the map, from Natural Earth's TopoJSON as the npm package
``world-atlas`` ships it (installed by ``make setup`` into ``kg/explore/vendor/``, never
committed, never fetched at run time). No tiles: the browser draws these rings in SVG.

:func:`outlines` decodes the TopoJSON (quantised, delta-encoded arcs) into plain rings of
``[long, lat]`` for the countries that touch a bounding box. Without the file it returns
an empty list and the map draws points on a graticule alone.

>>> decode_arc([[0, 0], [1, 2], [1, -1]], {"scale": [0.5, 0.5], "translate": [10, 20]})
[[10.0, 20.0], [10.5, 21.0], [11.0, 20.5]]
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "vendor"
COUNTRIES = VENDOR / "countries-50m.json"
#: West Africa and the Sahel, with room around Mali, Burkina Faso and Niger (long, lat).
SAHEL_BOX = (-18.0, 4.0, 24.0, 28.0)


def decode_arc(arc: list[list[int]], transform: dict) -> list[list[float]]:
    """Absolute positions of a quantised, delta-encoded TopoJSON arc."""
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    x = y = 0
    points = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append([round(x * sx + tx, 4), round(y * sy + ty, 4)])
    return points


def _ring(indexes: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    ring: list[list[float]] = []
    for index in indexes:
        # A negative index ~i is arc i walked backwards.
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


@lru_cache(maxsize=4)
def outlines(box: tuple[float, float, float, float] = SAHEL_BOX, path: Path = COUNTRIES) -> list[dict]:
    """Countries whose outline meets ``box`` (west, south, east, north): ``{"name", "rings"}``,
    each ring a list of ``[long, lat]``. Empty when the world-atlas file is not installed."""
    if not path.exists():
        return []
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = [decode_arc(arc, topology["transform"]) for arc in topology["arcs"]]
    west, south, east, north = box
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [_ring(ring, arcs) for polygon in polygons for ring in polygon]
        if any(west <= x <= east and south <= y <= north for ring in rings for x, y in ring):
            found.append({"name": str(geometry.get("properties", {}).get("name", "")), "rings": rings})
    return found
