"""Fusion: one incident reported in several documents is one event with several reports."""

import shutil

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.build import build
from kg.fuse import DocumentEvent, clusters, distance_km, match
from kg.graph.fusion import GRAPH_FUSION
from kg.store import KgStore
from tests.conftest import SEEDS
from tests.test_build import same_content

TOWN = "https://w3id.org/sahel-kg/id/place/geonames/1"
OTHER = "https://w3id.org/sahel-kg/id/place/geonames/2"
JNIM, ISSP = "https://w3id.org/sahel-kg/id/actor/jnim", "https://w3id.org/sahel-kg/id/actor/issp"


def event(iri, doc, *, town=TOWN, earliest="2023-09-07", latest=None, kind="battles", attackers=(JNIM,)):
    return DocumentEvent(iri, doc, sub_type="armed-clash", event_type=kind, earliest=earliest,
                         latest=latest or earliest, place=town, place_class="PopulatedPlace", town=town,
                         attackers=set(attackers))


def test_month_precision_report_matches_a_dated_one():
    encyclopedia = event("e:1", "d:1", earliest="2023-09-01", latest="2023-09-30")
    wire = event("e:2", "d:2", earliest="2023-09-07")
    reasons = match(encyclopedia, wire)
    assert reasons and any("same place" in r for r in reasons) and any("shared attacker" in r for r in reasons)


def test_no_match_across_places_dates_types_actors_or_within_one_document():
    base = event("e:1", "d:1")
    assert match(base, event("e:2", "d:2", town=OTHER)) is None
    assert match(base, event("e:2", "d:2", earliest="2023-09-09")) is None
    assert match(base, event("e:2", "d:2", kind="violence-against-civilians")) is None
    assert match(base, event("e:2", "d:2", attackers=(ISSP,))) is None
    assert match(base, event("e:2", "d:1")) is None


def test_shelling_and_assault_reports_of_one_place_and_day_are_one_incident():
    assert match(event("e:1", "d:1"), event("e:2", "d:2", kind="explosions-remote-violence", attackers=()))


def test_an_undated_report_matches_within_the_week_before_its_publication():
    from kg.fuse import UNDATED_WINDOW_DAYS, _date_undated

    undated = event("e:2", "d:2")
    undated.earliest = undated.latest = None
    _date_undated([undated], {"d:2": "2023-09-10"})
    assert (undated.earliest, undated.latest, undated.undated) == ("2023-09-03", "2023-09-10", True)
    assert UNDATED_WINDOW_DAYS == 7
    reasons = match(event("e:1", "d:1", earliest="2023-09-07"), undated)
    assert reasons and any("undated report published 2023-09-10" in r for r in reasons)
    assert match(event("e:1", "d:1", earliest="2023-08-20"), undated) is None


def test_a_fused_event_takes_its_date_from_dated_reports_only():
    from kg.graph.fusion import fusion_quads

    undated = event("e:2", "d:2", earliest="2023-09-03", latest="2023-09-10")
    undated.undated = True
    quads = fusion_quads([([event("e:1", "d:1", earliest="2023-09-07"), undated], {"why"})])
    dates = {q.object.value for q in quads if q.predicate.value.endswith("#date")}
    assert dates == {"2023-09-07"}
    other = event("e:3", "d:3", earliest="2023-09-05", latest="2023-09-12")
    other.undated = True
    both_undated = fusion_quads([([undated, other], set())])
    assert not any(q.predicate.value.endswith(("#date", "#earliestDate", "#latestDate")) for q in both_undated)
    assert any(q.predicate.value.endswith("#matchedOn") for q in both_undated)


def test_clusters_need_every_member_to_match():
    a, b = event("e:1", "d:1"), event("e:2", "d:2")
    c = event("e:3", "d:3", attackers=(ISSP,))
    (group,) = clusters([a, b, c])
    assert [m.iri for m in group[0]] == ["e:1", "e:2"]


def test_niafunke_is_one_event_with_three_reports(seed_store):
    rows = list(seed_store.query("""SELECT ?event (COUNT(DISTINCT ?doc) AS ?n) ?why WHERE {
        ?event skg:matchedOn ?why ; skg:place/skg:locatedIn/skos:prefLabel "Niafunké" .
        ?report skg:reportOf ?event ; skg:inDocument ?doc } GROUP BY ?event ?why"""))
    assert len(rows) == 1 and rows[0]["n"].value == "3"
    assert "shared attacker <https://w3id.org/sahel-kg/id/actor/jnim>" in rows[0]["why"].value


def test_events_query_shows_fused_incidents_once(seed_store):
    from kg.queries import catalogue

    named = catalogue()["events"]
    rows = [r for r in seed_store.query(named.sparql) if r["place"] and "Niafunké" in r["place"].value]
    assert len(rows) == 1 and rows[0]["sources"].value == "3"
    goundam = [r for r in seed_store.query(named.sparql) if r["place"] and "Goundam" in r["place"].value]
    assert len(goundam) == 1 and int(goundam[0]["sources"].value) >= 2


def test_document_views_are_kept_apart_from_the_fusion(seed_store):
    rows = list(seed_store.query("""SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?e skg:matchedOn ?w }
        FILTER(?g != <https://w3id.org/sahel-kg/graph/fusion>) }"""))
    assert rows[0]["n"].value == "0"


def test_removing_a_document_recomputes_the_fusion(seeds_copy, tmp_path):
    store = KgStore.open(tmp_path / "s")
    build(store, [seeds_copy])
    for name in ("000_71546ba4e990e6b3", "002_9e1eb2eb3567d046"):
        (seeds_copy / f"{name}.txt").unlink()
    build(store, [seeds_copy], prune=True)
    fused = list(store.query(f"SELECT ?e WHERE {{ GRAPH <{GRAPH_FUSION}> {{ ?e skg:matchedOn ?why }} }}"))
    assert fused == []   # one report of each incident left: nothing to fuse
    orphans = list(store.query(f"""SELECT ?f WHERE {{ GRAPH <{GRAPH_FUSION}> {{ ?e skg:consolidatedFigure ?d .
        ?d prov:wasDerivedFrom ?f }} FILTER NOT EXISTS {{ ?c skg:hasFigure ?f }} }}"""))
    assert orphans == []  # no derived figure keeps an input of a removed document


def test_one_at_a_time_and_all_at_once_give_the_same_fusion(tmp_path):
    together = KgStore.open(tmp_path / "a")
    build(together, [SEEDS])
    apart = KgStore.open(tmp_path / "b")
    folder = tmp_path / "one-by-one"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
        sidecar = path.with_name(path.stem + ".meta.toml")
        if sidecar.exists():
            shutil.copy(sidecar, folder / sidecar.name)
        build(apart, [folder])
    assert same_content(apart, together)


def test_derived_figures_are_marked_and_linked_to_their_inputs(seed_store):
    rows = list(seed_store.query("""SELECT ?method ?low ?high (COUNT(DISTINCT ?input) AS ?n) WHERE {
        ?event skg:matchedOn ?why ; skg:place/skg:locatedIn/skos:prefLabel "Niafunké" ;
               skg:consolidatedFigure ?d .
        ?d a skg:DerivedFigure ; skg:figureCategory skgv:figure-category\\/soldiers-captured ;
           skg:derivationMethod ?method ; skg:low ?low ; prov:wasDerivedFrom ?input .
        OPTIONAL { ?d skg:high ?high } } GROUP BY ?method ?low ?high"""))
    found = {r["method"].value.rsplit("/", 1)[-1]: (r["low"].value, r["high"].value, int(r["n"].value))
             for r in rows}
    # JNIM's "two captured" is reported by 000 and 001 (and not contradicted): 2..2 from 2 inputs
    assert found["acled-lowest-reported"][:2] == ("2", "2")
    assert found["ucdp-low-best-high"][0] == "2" and found["ucdp-low-best-high"][2] >= 2


def _article(folder, name, text, published):
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.meta.toml").write_text(f'published = {published}\nlanguage = "en"\n', encoding="utf-8")


def test_unseen_reports_of_one_incident_are_fused_and_new_names_resolved(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    _article(folder, "wire", "Jihadists attack army camp in Mali\nFighters of the Katiba Serma group "
             "attacked the army camp in Tinzawatene in northern Mali on Friday, killing 6 soldiers.", "2024-03-10")
    _article(folder, "local", "Attaque contre le camp\nThe Katiba Serma group claimed an assault on the "
             "military camp of Tinzawatene in Mali on 8 March 2024.", "2024-03-11")
    _article(folder, "other", "Militants attacked a convoy near Tessalit in Mali on Friday.", "2024-03-10")
    store = KgStore.open(tmp_path / "s")
    build(store, [folder])
    fused = list(store.query("""SELECT ?e (COUNT(DISTINCT ?doc) AS ?n) WHERE { ?e skg:matchedOn ?why .
        ?r skg:reportOf ?e ; skg:inDocument ?doc } GROUP BY ?e"""))
    assert [r["n"].value for r in fused] == ["2"]          # Tinzawatene twice; Tessalit stays apart
    places = list(store.query("""SELECT DISTINCT ?p WHERE { ?p skos:prefLabel "Tinzawatene" ;
        skg:inReferenceData false }"""))
    groups = list(store.query("""SELECT DISTINCT ?a WHERE { ?a skos:prefLabel ?l ; skg:inReferenceData false .
        FILTER(CONTAINS(STR(?l), "Serma")) }"""))
    assert len(places) == 1 and len(groups) == 1          # one node each across the two documents


# -- nearby places and blocking -------------------------------------------------------------

NEAR_A, NEAR_B = "https://w3id.org/sahel-kg/id/place/geonames/10", "https://w3id.org/sahel-kg/id/place/geonames/11"


def located(iri, doc, town, point, **kw):
    found = event(iri, doc, town=town, **kw)
    found.point = point
    return found


def test_reports_naming_two_towns_a_few_km_apart_are_one_incident():
    # about 5.6 km apart (0.05 degrees of latitude)
    a = located("e:1", "d:1", NEAR_A, (14.20, -1.50))
    b = located("e:2", "d:2", NEAR_B, (14.25, -1.50))
    reasons = match(a, b)
    assert reasons and any("km apart" in r for r in reasons)


def test_towns_farther_apart_than_the_threshold_stay_apart():
    # Niafunké and Goundam, about 70 km apart, attacked the same day: two incidents
    niafunke = located("e:1", "d:1", NEAR_A, (15.93, -3.99))
    goundam = located("e:2", "d:2", NEAR_B, (16.41, -3.67))
    assert distance_km(niafunke.point, goundam.point) > 50
    assert match(niafunke, goundam) is None


def test_distance_km_agrees_with_a_known_distance():
    # Bamako (12.65, -8.00) to Ouagadougou (12.37, -1.53): about 700 km
    assert 690 < distance_km((12.65, -8.00), (12.37, -1.53)) < 715


def naive_clusters(events):
    """The definition blocking must reproduce: each event joins the first group (in creation
    order) all of whose members it matches."""
    groups = []
    for ev in events:
        for members in groups:
            if all(match(ev, m) is not None for m in members):
                members.append(ev)
                break
        else:
            groups.append([ev])
    return [[m.iri for m in g] for g in groups if len(g) > 1]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3), st.integers(0, 5), st.integers(0, 2),
                          st.booleans(), st.sampled_from(["day", "month", "year"])), min_size=1, max_size=25))
def test_blocked_clustering_equals_the_pairwise_definition(specs):
    events = []
    spans = {"day": lambda d: (d, d), "month": lambda d: ("2023-09-01", "2023-09-30"),
             "year": lambda d: ("2023-01-01", "2023-12-31")}
    for n, (doc, town, day, actor, has_point, precision) in enumerate(specs):
        place = f"https://w3id.org/sahel-kg/id/place/geonames/{town}"
        # towns 0 and 1 are 4 km apart; 2 and 3 far from everything
        point = [(14.0, -1.0), (14.036, -1.0), (15.0, 0.0), (13.0, 2.0)][town] if has_point else None
        earliest, latest = spans[precision](f"2023-09-0{day + 1}")
        events.append(located(f"e:{n:03d}", f"d:{doc}", place, point, earliest=earliest, latest=latest,
                              attackers=[(JNIM,), (ISSP,), ()][actor]))
    assert [[m.iri for m in g] for g, _ in clusters(events)] == naive_clusters(events)


def test_events_query_shows_a_month_precision_report_as_its_whole_month(seed_store):
    # 002 (an encyclopedia): "In September, JNIM ... attacked ... a Malian military base in Bamba"
    from kg.queries import resolve_query

    query = resolve_query("events")
    rows = [r for r in seed_store.query(query.sparql, query.bindings({})) if "Bamba" in r["place"].value]
    assert [(r["date"].value, r["until"].value) for r in rows] == [("2023-09-01", "2023-09-30")]


def _articles(folder, specs):
    folder.mkdir()
    for name, (text, meta) in specs.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.meta.toml").write_text(meta + 'language = "en"\n', encoding="utf-8")


def _fused_files(store):
    rows = store.query("""SELECT ?e (GROUP_CONCAT(DISTINCT ?f; separator=" ") AS ?files) WHERE {
        ?e skg:matchedOn ?why . ?r skg:reportOf ?e ; skg:inDocument/skg:fileName ?f } GROUP BY ?e""")
    return sorted(" ".join(sorted(r["files"].value.split())) for r in rows)


def test_unseen_wire_relay_and_local_reports_fuse_and_agency_rewrites_count_once(tmp_path):
    """Three reports of one base attack (two rewrites of one agency story, one local
    report with a different wording of the place and date) and one unrelated ambush."""
    _articles(tmp_path / "a", {
        "wire": ("Jihadists storm army base in Burkina Faso\n"
                 "OUAGADOUGOU, March 4 (AFP) - Jihadists attacked an army base in Arbinda in northern Burkina "
                 "Faso on Saturday, killing dozens of soldiers, security sources said. The Group for the Support "
                 "of Islam and Muslims (JNIM) said its fighters had killed 60 soldiers.",
                 'publisher = "Sahel Wire"\npublished = 2024-03-04\nagency = "AFP"\n'),
        "rewrite": ("Dozens of soldiers killed in Burkina\nJihadists attacked a military base in the northern "
                    "town of Arbinda on Saturday, security sources said. JNIM, al-Qaeda's Sahel branch, said "
                    "its fighters killed 60 soldiers.",
                    'publisher = "Daily Courier"\npublished = 2024-03-04\nagency = "AFP"\n'),
        "local": ("Arbinda: the detachment attacked\nArmed men stormed the military detachment of Arbinda, in "
                  "the Soum province, on March 2, 2024. According to local sources, at least 30 soldiers and "
                  "several auxiliaries of the defence forces were killed.",
                  'publisher = "Ouaga Info"\npublished = 2024-03-03\n'),
        "other": ("Niger: patrol ambushed\nAt least 12 Nigerien soldiers were killed on Saturday when gunmen "
                  "ambushed their patrol near Téra, the defence ministry said.",
                  'publisher = "Niamey Post"\npublished = 2024-03-03\n'),
    })
    store = KgStore.open(tmp_path / "s")
    build(store, [tmp_path / "a"])
    assert _fused_files(store) == ["local.txt rewrite.txt wire.txt"]
    (row,) = [r for r in store.query("""SELECT ?sources ?independent WHERE {
        ?e skg:matchedOn ?why . { SELECT ?e (COUNT(DISTINCT ?d) AS ?sources) WHERE { ?r skg:reportOf ?e ;
        skg:inDocument ?d } GROUP BY ?e } }""")]
    assert row["sources"].value == "3"
    from kg.queries import catalogue
    named = catalogue()["corroboration"]
    rows = {r["place"].value: r for r in store.query(named.sparql, named.bindings({})) if r["place"]}
    arbinda = next(r for p, r in rows.items() if "Aribinda" in p)    # GeoNames spelling of Arbinda
    assert (arbinda["sources"].value, arbinda["independent"].value) == ("3", "2")   # two AFP rewrites: one
    ministry = list(store.query("""SELECT ?l WHERE { ?c skg:claimant ?a . ?a skos:prefLabel ?l ;
        skg:inReferenceData false . FILTER(CONTAINS(?l, "Ministry")) }"""))
    assert {r["l"].value for r in ministry} == {"Ministry of Defence (Niger)"}


def test_unseen_reports_of_a_village_massacre_and_a_drone_strike_fuse(tmp_path):
    _articles(tmp_path / "a", {
        "a": ("Mali: civilians killed in attack on village\nGunmen killed at least 30 civilians in an attack "
              "on the village of Sobanou, in central Mali's Bankass area, on Monday, two local officials said. "
              "No group has claimed responsibility. The area has seen repeated attacks by JNIM.",
              'publisher = "Wire One"\npublished = 2024-06-04\n'),
        "b": ("Bankass: deadly attack on Sobanou\nArmed men attacked the village of Sobanou on June 3, 2024, "
              "killing 18 people according to the governor. Local associations say more than 30 died.",
              'publisher = "Radio Bankass"\npublished = 2024-06-05\n'),
        "c": ("Drone strike kills 9 in northern Mali, rebels say\nThe FLA said on Monday that a drone strike by "
              "the Malian army had killed 9 civilians, including 4 children, in Intadeyni on Sunday.",
              'publisher = "Desert News"\npublished = 2024-06-10\n'),
        "d": ("Mali army strikes near Algerian border\nThe Malian armed forces conducted air strikes on Sunday, "
              "June 9, against terrorist positions in the village of Intadeyni, the general staff said.",
              'publisher = "Bamako Today"\npublished = 2024-06-11\n'),
    })
    store = KgStore.open(tmp_path / "s")
    build(store, [tmp_path / "a"])
    assert _fused_files(store) == ["a.txt b.txt", "c.txt d.txt"]
    from kg.queries import catalogue
    named = catalogue()["events"]
    found = {r["place"].value: r for r in store.query(named.sparql, named.bindings({}))}
    assert found["Sobanou"]["type"].value == "Attack" and found["Sobanou"]["attackers"] is None
    assert found["Intadeyni"]["attackers"].value == "Malian Armed Forces"
    figures = {(r["claimant"].value, r["low"].value) for r in store.query(
        catalogue()["casualty-figures"].sparql) if r["category"].value == "civilians-killed"}
    assert ("Azawad Liberation Front", "4") not in figures     # a part of the total is no second total
    assert ("Azawad Liberation Front", "9") in figures
