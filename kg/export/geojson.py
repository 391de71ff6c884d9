"""GeoJSON (RFC 7946): a FeatureCollection with one Point feature per incident, at its
place's point (longitude, latitude; CRS84), with the incident's properties. An incident
whose place has no point keeps its feature with ``"geometry": null``, as RFC 7946 allows.
"""

from __future__ import annotations

import json
from typing import BinaryIO

from pyoxigraph import NamedNode

from kg.errors import ExportError
from kg.export.incidents import Incident, claims_summary, incidents
from kg.store import KgStore


def feature(incident: Incident) -> dict:
    """One incident as a GeoJSON Feature."""
    geometry = None
    if incident.latitude is not None and incident.longitude is not None:
        geometry = {"type": "Point", "coordinates": [incident.longitude, incident.latitude]}
    return {"type": "Feature", "id": incident.iri, "geometry": geometry, "properties": {
        "event": incident.iri, "event_date": incident.date, "latest_date": incident.latest,
        "event_type": incident.event_type, "sub_event_type": incident.sub_event_type,
        "attackers": [name for name, _ in incident.attackers], "targets": [name for name, _ in incident.targets],
        "location": incident.location, "admin1": incident.admin1, "admin2": incident.admin2,
        "country": incident.country, "geo_precision": incident.geo_precision,
        "time_precision": incident.time_precision, "sources": len(incident.documents),
        "files": sorted(incident.files), "publishers": sorted(incident.publishers),
        "fatalities": incident.fatalities, "claims": claims_summary(incident),
    }}


def write_geojson(store: KgStore, out: BinaryIO, graphs: list[NamedNode] | None) -> str:
    """Write the FeatureCollection; incidents are read across all graphs."""
    if graphs is not None:
        raise ExportError("geojson reads incidents across all graphs; drop --graph")
    features = [feature(i) for i in incidents(store)]
    out.write(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                         indent=1).encode("utf-8"))
    return f"{len(features)} incidents as geojson"
