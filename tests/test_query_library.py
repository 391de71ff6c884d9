"""The analysts' query library on the seeds. Expected answers come from reading the
documents and the reference data (see tests/gold/), not from the program's output."""

import pytest

from kg.queries import catalogue

QUERIES = catalogue()


def rows(store, name, **params):
    named = QUERIES[name]
    result = store.query(named.sparql, named.bindings({k: str(v) for k, v in params.items()}))
    names = [v.value for v in result.variables]
    return [{k: (r[k].value if r[k] is not None else None) for k in names} for r in result]


def test_affiliates_of_al_qaeda_directly_and_through_jnim(seed_store):
    found = {r["actor"].rsplit("/", 1)[-1]: r["relation"] for r in rows(seed_store, "affiliates")}
    assert found["jnim"] == "direct" and found["aqim"] == "direct"
    assert found["ansar-dine"] == "through a coalition" and found["katiba-macina"] == "through a coalition"
    assert "issp" not in found


def test_affiliates_of_the_islamic_state(seed_store):
    found = {r["actor"].rsplit("/", 1)[-1] for r in rows(seed_store, "affiliates", organization="Islamic State")}
    assert {"issp", "iswap"} <= found and "jnim" not in found


def test_claims_by_actor_by_any_name(seed_store):
    by_acronym = rows(seed_store, "claims-by-actor", actor="JNIM")
    by_french = rows(seed_store, "claims-by-actor", actor="Groupe de soutien à l'islam et aux musulmans")
    assert by_acronym == by_french
    assert {"territorial-control", "captured-persons", "materiel-seized"} <= {r["kind"] for r in by_acronym}
    assert len({r["claim"] for r in by_acronym}) == len(by_acronym)   # one row per claim and figure


def test_contested_events_show_both_sides(seed_store):
    found = rows(seed_store, "contested-events")
    pairs = {(r["claimant"], r["kind"], r["answerer"], r["answerKind"]) for r in found}
    assert ("Jama'at Nusrat al-Islam wal-Muslimin", "territorial-control",
            "Malian Armed Forces", "repelled-attack") in pairs


def test_casualty_figures_keep_each_claim_and_derive_the_range(seed_store):
    found = [r for r in rows(seed_store, "casualty-figures") if r["file"].startswith("001_")
             and r["category"] == "soldiers-killed"]
    by_claimant = {r["claimant"]: (r["low"], r["high"]) for r in found}
    assert by_claimant["local sources"] == ("50", "50")          # "around 50"
    jnim_low, jnim_high = by_claimant["Jama'at Nusrat al-Islam wal-Muslimin"]
    assert jnim_high is None                                      # "several dozen": open
    lowest = min(int(low) for low, _ in by_claimant.values())
    # ACLED: the lowest reported, "several dozen" counted as its conservative 12 (docs/figures.md);
    # UCDP: low = the lowest bound reported, no high because "several dozen" is open-ended
    assert {(r["acled"], r["derivedLow"], r["derivedHigh"]) for r in found} == {("12", str(lowest), None)}
    wording = {r["claimant"]: r["wording"] for r in found}
    assert "around 50" in wording["local sources"] and "several dozen" in wording[
        "Jama'at Nusrat al-Islam wal-Muslimin"]                  # the source's own words, beside its numbers


def test_casualty_figures_keep_the_vague_words_of_each_source(seed_store):
    found = [r for r in rows(seed_store, "casualty-figures") if r["category"] == "soldiers-killed-or-wounded"]
    assert [(r["claimant"], r["wording"], r["low"], r["high"]) for r in found] == [
        ("Jama'at Nusrat al-Islam wal-Muslimin", "Tens of soldiers were killed or wounded", "20", None)]


def test_alliance_activity_counts_events_on_member_territory(seed_store):
    found = {(r["member"], r["month"]): int(r["events"]) for r in rows(seed_store, "alliance-activity")}
    assert found[("Mali", "2023-11")] >= 2          # Niafunké and Goundam
    assert found[("Mali", "2025-07")] >= 3          # Kayes, Sandere, Binoli
    assert not any(member == "Chad" for member, _ in found)


def test_timeline_of_tombouctou_in_order(seed_store):
    found = rows(seed_store, "timeline", region="Timbuktu")
    places = [r["place"] for r in found]
    assert any("Niafunké" in p for p in places) and any("Soumpi" in p for p in places)
    assert [r["date"] for r in found] == sorted(r["date"] for r in found)
    assert not any("Kayes" in p for p in places)
    later = rows(seed_store, "timeline", region="Tombouctou", **{"from": "2025-01-01"})
    assert all(r["date"] >= "2025-01-01" for r in later) and any("Soumpi" in r["place"] for r in later)


def test_dyads(seed_store):
    found = {(r["attacker"], r["target"]): r for r in rows(seed_store, "dyads")}
    jnim_fama = found[("Jama'at Nusrat al-Islam wal-Muslimin", "Malian Armed Forces")]
    assert jnim_fama["first"] <= "2023-11-24" and jnim_fama["last"] == "2025-11-07"


def test_bases_overrun(seed_store):
    found = rows(seed_store, "bases-overrun")
    towns = {r["town"] for r in found}
    assert {"Niafunké", "Soumpi"} <= towns
    soumpi = next(r for r in found if r["town"] == "Soumpi")
    assert "base-overrun" in soumpi["outcomes"] and "Jama'at" in soumpi["attackers"]


def test_verifications_by_site(seed_store):
    found = [r for r in rows(seed_store, "verifications") if r["relation"] == "verifies"]
    assert {r["verifier"] for r in found} == {"SITE Intelligence Group"}
    assert {r["file"] for r in found} == {"000_71546ba4e990e6b3.txt", "002_9e1eb2eb3567d046.txt"}


def test_evidence_by_name_and_by_iri(seed_store):
    by_name = rows(seed_store, "evidence", node="Soumpi")
    assert by_name and all(r["file"] == "004_a811bb327bddb04a.txt" for r in by_name)
    event = rows(seed_store, "events")[0]["event"]
    by_iri = rows(seed_store, "evidence", node=event)
    assert by_iri and all(int(r["start"]) < int(r["end"]) for r in by_iri)


def test_spokespeople_and_media(seed_store):
    found = rows(seed_store, "spokespeople-and-media")
    assert ("Souleymane Dembélé", "spokesperson", "Malian Armed Forces") in {
        (r["speaker"], r["role"], r["for"]) for r in found}
    assert ("Az-Zallaqa", "media outlet") in {(r["speaker"], r["role"]) for r in found}


def test_actor_activity_in_mali(seed_store):
    found = {(r["actor"], r["role"]): int(r["events"]) for r in rows(seed_store, "actor-activity")}
    assert found[("Jama'at Nusrat al-Islam wal-Muslimin", "attacker")] >= 8
    assert rows(seed_store, "actor-activity", country="NE") == []   # no event in Niger in the seeds


def test_agency_relays(seed_store):
    found = {r["agency"]: r["files"] for r in rows(seed_store, "agency-relays")}
    assert found["Agence France-Presse"] == "000_71546ba4e990e6b3.txt"


@pytest.mark.parametrize("name", sorted(n for n, q in QUERIES.items()
                                         if any(p.type in ("string", "name") for p in q.parameters)))
def test_a_parameter_carrying_sparql_changes_nothing_and_returns_nothing(seed_store, name):
    before = seed_store.quad_count()
    named = QUERIES[name]
    hostile = '" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o # '
    params = {p.name: hostile for p in named.parameters if p.type in ("string", "name")}
    result = seed_store.query(named.sparql, named.bindings(params))
    assert list(result) == []
    assert seed_store.quad_count() == before


def test_corroboration_flags(seed_store):
    found = {r["place"]: r for r in rows(seed_store, "corroboration") if r["place"]}
    niafunke = next(r for p, r in found.items() if "Niafunké" in p)
    assert (niafunke["sources"], niafunke["independent"], niafunke["singleSource"]) == ("3", "3", "false")
    assert niafunke["verified"] == "true"          # SITE verified JNIM's statement
    assert niafunke["partisanOnly"] == "false"     # local sources speak too
    soumpi = next(r for p, r in found.items() if "Soumpi" in p)
    assert soumpi["singleSource"] == "true"


def test_casualty_figures_are_grouped_under_the_fused_incident(seed_store):
    found = [r for r in rows(seed_store, "casualty-figures") if r["category"] == "soldiers-captured"]
    fused = {r["event"] for r in found if "/event/fused/" in r["event"]}
    assert len(fused) == 1                          # JNIM's "two captured" in three documents: one incident
    assert {r["file"] for r in found if r["event"] in fused} >= {"000_71546ba4e990e6b3.txt",
                                                                 "001_7cf434835259646a.txt"}


def _haversine(lat1, lon1, lat2, lon2):
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def test_events_near_agrees_with_a_haversine_distance(seed_store):
    def point(label):
        (row,) = seed_store.query(f"""SELECT ?w WHERE {{ ?p a skg:PopulatedPlace ; skos:prefLabel "{label}" ;
                                   geo:hasGeometry/geo:asWKT ?w }}""")
        lon, lat = map(float, row["w"].value.removeprefix("POINT(").rstrip(")").split())
        return lat, lon

    found = {r["at"]: r for r in rows(seed_store, "events-near", place="Timbuktu", km=150)}
    expected = _haversine(*point("Timbuktu"), *point("Goundam"))
    goundam = float(found["Goundam military camp"]["distance"])
    assert abs(goundam - expected) / expected < 0.01
    assert "Kayes" not in found                     # about 700 km away
    assert found["Soumpi military camp"]["approximate"] == "true"   # placed at its region's point
    assert rows(seed_store, "events-near", place="Timbuktu", km=50).__len__() < len(found)


def test_an_outlet_a_groups_statement_was_issued_through_is_listed_with_it(tmp_path):
    from kg.build import build
    from kg.store import KgStore

    (tmp_path / "x.txt").write_text(
        "Soldiers killed in Niger\n\nGunmen attacked the army post at Téra in Niger on Monday. The Islamic State "
        "Sahel Province claimed responsibility in a statement published by its Amaq news agency, saying it had "
        "killed 9 soldiers.\n", encoding="utf-8")
    (tmp_path / "x.meta.toml").write_text('publisher = "RFI"\npublished = "2025-03-12"\n', encoding="utf-8")
    store = KgStore.in_memory()
    build(store, [tmp_path])
    found = {(r["speaker"], r["kind"], r["as"]) for r in rows(store, "spokespeople-and-media")}
    assert ("Amaq News Agency", "fatalities", "outlet") in found
    tolls = [r for r in rows(store, "claims-by-actor", actor="ISSP") if r["kind"] == "fatalities"]
    assert [r["low"] for r in tolls] == ["9"]   # the claim stays the group's
