"""ACLED-style CSV: one row per incident (as ``kg query events`` counts them) with ACLED's
column names where they apply, in ACLED's column order.

- ``event_date`` YYYY-MM-DD (the earliest date the reports allow), ``year``;
  ``time_precision`` / ``geo_precision`` ACLED's codes (1 day or town, 2 week or near a
  town, 3 month or region), taken from the most precise report of a fused incident.
- ``actor1`` the first attacker (alphabetically), the others in ``assoc_actor_1``;
  ``actor2`` / ``assoc_actor_2`` likewise for the targets; ``inter1`` / ``inter2`` their
  ACLED inter codes from the reference data.
- ``location`` the town (an installation's town), ``admin1`` / ``admin2`` its regions,
  ``latitude`` / ``longitude`` its point (a place the gazetteer lacks shares its region's
  point, and ``geo_precision`` says so).
- ``source`` the publishers, ``source_scale`` ``National`` for a publisher based in the
  incident's country, ``International`` for one based elsewhere, ``Other`` when unknown,
  joined ACLED-style (``National-International``).
- ``fatalities`` the lowest reported total (see :attr:`Incident.fatalities`), ``notes``
  the competing claims, per claimant.
- ``kg_event`` (not ACLED's) the incident's IRI in the graph.

This writes the graph's own data in ACLED's column language; it contains no ACLED data.
"""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from pyoxigraph import NamedNode

from kg.errors import ExportError
from kg.export.incidents import Incident, claims_summary, incidents
from kg.store import KgStore

COLUMNS = ["event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
           "inter1", "actor2", "assoc_actor_2", "inter2", "country", "admin1", "admin2", "location", "latitude",
           "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "kg_event"]
_SCALES = ["National", "International", "Other"]


def source_scale(incident: Incident) -> str:
    """ACLED's source_scale from where each publisher is based."""
    scales = set()
    for based in incident.publishers.values():
        if not based:
            scales.add("Other")
        else:
            scales.add("National" if based == incident.country_iri else "International")
    return "-".join(s for s in _SCALES if s in scales)


def row(incident: Incident) -> dict[str, str | int | float]:
    """The CSV row of one incident."""
    attackers, targets = incident.attackers, incident.targets
    notes = (f"{len(incident.documents)} source document(s). Claims: {claims_summary(incident) or 'none'}. "
             "Fatalities: lowest reported figure.")
    return {
        "event_date": incident.date or "", "year": (incident.date or "")[:4],
        "time_precision": incident.time_precision, "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "actor1": attackers[0][0] if attackers else "", "assoc_actor_1": "; ".join(a for a, _ in attackers[1:]),
        "inter1": attackers[0][1] if attackers else "",
        "actor2": targets[0][0] if targets else "", "assoc_actor_2": "; ".join(a for a, _ in targets[1:]),
        "inter2": targets[0][1] if targets else "",
        "country": incident.country, "admin1": incident.admin1, "admin2": incident.admin2,
        "location": incident.location,
        "latitude": "" if incident.latitude is None else incident.latitude,
        "longitude": "" if incident.longitude is None else incident.longitude,
        "geo_precision": incident.geo_precision, "source": "; ".join(sorted(incident.publishers)),
        "source_scale": source_scale(incident), "notes": notes, "fatalities": incident.fatalities,
        "kg_event": incident.iri,
    }


def write_acled(store: KgStore, out: BinaryIO, graphs: list[NamedNode] | None) -> str:
    """Write the CSV; incidents are read across all graphs (``graphs`` must be all)."""
    if graphs is not None:
        raise ExportError("acled-csv reads incidents across all graphs; drop --graph")
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, COLUMNS, lineterminator="\n")
    writer.writeheader()
    found = incidents(store)
    writer.writerows(row(i) for i in found)
    out.write(text.getvalue().encode("utf-8"))
    return f"{len(found)} incidents as acled-csv"
