"""The rules that read the dependency parse: speakers, statement kinds, attack roles and
statement dates. Every sentence here is written for the test (none comes from a test article)."""

from __future__ import annotations

import pytest

from kg.extract.attribution import statement_times
from kg.extract.lexicon import lexicon
from kg.extract.parse import parse_sentences
from tests.extract.conftest import make_document


def _claims(extractor, text, published="2024-03-10", publisher="RFI"):
    x = extractor.extract(make_document(text, published, publisher))
    return x, {(c.claimant.iri.rsplit("/", 1)[-1], c.kind, c.stance) for c in x.claims}


def _events(extractor, text, published="2024-03-10"):
    x = extractor.extract(make_document(text, published))
    return [(e.place.label if e.place else None, e.date.earliest.isoformat() if e.date and e.date.earliest else None,
             sorted(a.iri.rsplit("/", 1)[-1] for a in e.attackers),
             sorted(t.iri.rsplit("/", 1)[-1] for t in e.targets)) for e in x.events]


# -- speakers and statement kinds -------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Gunmen attacked a market in Djibo on Friday. The attack was claimed by JNIM on Saturday.",
     ("jnim", "responsibility", "asserts")),
    ("Militants attacked the army post at Boni on Monday. The ambush was later claimed by ISSP.",
     ("issp", "responsibility", "asserts")),
])
def test_passive_claims_of_responsibility(extractor, text, expected):
    _x, found = _claims(extractor, text)
    assert expected in found


def test_each_of_coordinated_speakers_condemns(extractor):
    text = ("Jihadists killed 20 villagers in Djibo on Friday. "
            "The European Union and the African Union condemned the massacre.")
    _x, found = _claims(extractor, text)
    assert {("european-union", "condemnation", "asserts"), ("african-union", "condemnation", "asserts")} <= found


@pytest.mark.parametrize("sentence, kind", [
    ("The Malian government accused JNIM of the killings.", "accusation"),
    ("The United Nations called for an independent investigation into the killings.", "call"),
    ("The Malian government urged residents to report the attackers.", "call"),
    ("The Malian government described the attack as cowardly.", "description"),
    ("The United Nations deplored the attack.", "condemnation"),
])
def test_statements_of_every_kind_are_claims(extractor, sentence, kind):
    text = "Gunmen attacked a convoy near Gao on Sunday, killing six soldiers. " + sentence
    _x, found = _claims(extractor, text)
    assert kind in {k for _who, k, _stance in found}


def test_an_attributed_account_with_nothing_else_is_a_description(extractor):
    text = "Gunmen attacked the village of Boni on Sunday. Local sources said the attackers came on motorbikes."
    _x, found = _claims(extractor, text)
    assert ("local-sources", "description", "asserts") in found


def test_the_narrator_and_statements_about_nothing_are_no_description(extractor):
    text = ("Gunmen attacked the village of Boni on Sunday. RFI reports that the attackers came at dawn. "
            "The Malian government said it would build three new schools.")
    _x, found = _claims(extractor, text, publisher="RFI")
    assert not any(kind == "description" for _who, kind, _stance in found)


def test_a_negated_statement_is_not_made(extractor):
    text = "Gunmen attacked the army post at Boni on Sunday. The United Nations did not condemn the attack."
    _x, found = _claims(extractor, text)
    assert not any(kind == "condemnation" for _who, kind, _stance in found)


# -- who attacks whom ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, attackers, targets", [
    # active: subject attacks, object is attacked
    ("On Sunday, JNIM fighters ambushed a FAMa patrol near Boni.", ["jnim"], ["fama"]),
    # passive: the agent attacks
    ("On Sunday, FAMa soldiers were ambushed by JNIM near Boni.", ["jnim"], ["fama"]),
    # nominal with "by ... against ...": the one after "against" is no agent
    ("On Sunday, an attack by JNIM against the FAMa post at Boni was repelled.", ["jnim"], ["fama"]),
    # the one who hits a device is hit
    ("On Sunday, a FAMa convoy struck an improvised explosive device near Boni.", [], ["fama"]),
])
def test_attack_roles_come_from_the_parse(extractor, text, attackers, targets):
    events = _events(extractor, text)
    assert [(a, t) for _p, _d, a, t in events] == [(attackers, targets)]


def test_a_drone_strike_that_kills_a_group_member_makes_the_group_the_target(extractor):
    text = "The army said a drone strike near Sokolo on Tuesday killed a JNIM commander."
    events = _events(extractor, text)
    assert events and events[0][2] != ["jnim"] and "jnim" in events[0][3]


def test_a_claimed_incident_takes_its_claimant_as_attacker(extractor):
    # the second sentence names no attack: only the claim says who attacked
    text = "Gunmen stormed the army post at Boni on Sunday. JNIM claimed responsibility in a statement."
    (_place, _date, attackers, _targets), = _events(extractor, text)
    assert attackers == ["jnim"]


def test_two_groups_claiming_one_incident_give_it_no_attacker(extractor):
    text = ("Gunmen stormed the army post at Boni on Sunday. JNIM claimed responsibility in a statement. "
            "ISSP also claimed responsibility on Monday.")
    (_place, _date, attackers, _targets), = _events(extractor, text)
    assert attackers == []


# -- statement dates ----------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, statement", [
    ("On 27 August, sources told the agency that the camp had fallen.", "On 27 August"),
    ("The army said on Monday that 12 soldiers died.", "on Monday"),
    ("In a statement on Tuesday, the ministry condemned the killings.", "In a statement on Tuesday"),
])
def test_a_time_phrase_governed_by_a_speech_verb_dates_the_statement(sentence, statement):
    doc = parse_sentences(sentence, [(0, len(sentence))])[0]
    date = statement.split()[-2] if statement.endswith("August") else statement.split()[-1]
    at = sentence.index(date)
    span = (at, at + len(statement) - statement.index(date))
    assert [sentence[s:e] for s, e in statement_times(doc, 0, lexicon("en"), [span])] == [statement]


def test_a_time_phrase_of_what_is_said_dates_the_incident():
    sentence = "JNIM said it attacked the camp on Friday."
    doc = parse_sentences(sentence, [(0, len(sentence))])[0]
    at = sentence.index("Friday")
    assert statement_times(doc, 0, lexicon("en"), [(at, at + 6)]) == []


def test_the_statement_day_does_not_split_an_incident(extractor):
    text = ("Militants attacked the army post at Boni on Friday 8 March. "
            "On Sunday, local sources told the agency that 12 soldiers were killed at Boni.")
    events = _events(extractor, text)
    assert [(p.startswith("Boni"), d) for p, d, _a, _t in events] == [(True, "2024-03-08")]


# -- places only as precise as they are --------------------------------------------------------

def test_villages_listed_with_towns_of_one_region_are_placed_in_that_region(extractor):
    text = "On Tuesday militants attacked seven towns, including Zarkobé, Kayes and Moussakrou, in western Mali."
    x = extractor.extract(make_document(text))
    new = {p.label: p.part_of for p in x.places if not p.in_reference}
    assert new["Zarkobé"] == new["Moussakrou"] == "https://w3id.org/sahel-kg/id/place/iso/ML-1"   # Kayes region


def test_a_camp_in_a_village_the_gazetteer_lacks_is_only_as_precise_as_its_region(extractor):
    from kg.graph.extraction import place_precision

    text = "On Friday JNIM attacked a military base in Zarkobé, located within the Tombouctou region."
    x = extractor.extract(make_document(text))
    (event,) = x.events
    assert event.place.place_class == "MilitaryInstallation"
    assert place_precision(event.place) == (3, 4)
    gao = next(p for p in extractor.extract(make_document("On Friday JNIM attacked a base in Gao.")).places
               if p.label == "Gao")
    assert place_precision(gao) == (1, 1)


@pytest.mark.parametrize("text, name", [
    ("On Monday gunmen stormed the market of Tessit Kaina, north of Gao, killing traders.", "Tessit Kaina"),
    ("On Monday soldiers were ambushed near Ouro Bamba, a village about 30 km east of Gao.", "Ouro Bamba"),
    ("On Monday gunmen attacked Bouro Sédé, 25 km south of Gao, and burnt the school.", "Bouro Sédé"),
])
def test_a_village_placed_by_its_bearing_from_a_town_is_in_that_towns_region(extractor, text, name):
    x = extractor.extract(make_document(text))
    new = {p.label: p.part_of for p in x.places if not p.in_reference}
    assert new[name] == "https://w3id.org/sahel-kg/id/place/iso/ML-7"   # the Gao region
    assert any(e.place is not None and e.place.label == name for e in x.events)


def test_a_village_in_apposition_is_a_new_place(extractor):
    text = "On Monday militants attacked a convoy at Wouro Gniawa, a hamlet of the Mopti region."
    x = extractor.extract(make_document(text))
    assert "Wouro Gniawa" in {p.label for p in x.places if not p.in_reference}


# -- where and when, from the rest of the text -----------------------------------------------------

@pytest.mark.parametrize("dateline", ["NIAMEY (AP) — ", "NIAMEY, March 9 (Reuters) - ", "NIAMEY/BAMAKO — "])
def test_the_city_of_a_dateline_is_no_incident_site(extractor, dateline):
    text = "Headline\n" + dateline + "Gunmen attacked an army patrol near Téra on Friday, killing six soldiers."
    events = _events(extractor, text)
    assert [p for p, _d, _a, _t in events] == ["Téra"]


def test_an_undated_incident_takes_the_date_a_later_sentence_gives_its_town(extractor):
    text = ("The men who attacked the army camp at Boni came before first light. "
            "Boni, on 2 March, was not the worst day of the month.")
    events = _events(extractor, text)
    assert [(p.startswith("Boni"), d) for p, d, _a, _t in events] == [(True, "2024-03-02")]


# -- speakers the reference lacks --------------------------------------------------------------

@pytest.mark.parametrize("sentence, iri, actor_class", [
    ("The Sahel Liberties Observatory condemned the killings.", "sahel-liberties-observatory", "Organization"),
    ("Aminata Diallo, a nurse at the district hospital, said the wounded arrived at night.", "aminata-diallo",
     "Person"),
    ("Herders said the gunmen arrived on motorbikes.", "herders", "CollectiveSource"),
])
def test_a_speaker_the_reference_lacks_is_proposed_from_the_subject(extractor, sentence, iri, actor_class):
    text = "Gunmen attacked the village market at Boni on Sunday, killing 12 civilians. " + sentence
    x = extractor.extract(make_document(text))
    speakers = {(c.claimant.iri.rsplit("/", 1)[-1], c.claimant.actor_class, c.claimant.in_reference) for c in x.claims}
    assert (iri, actor_class, False) in speakers


def test_a_common_noun_subject_proposes_no_speaker(extractor):
    text = "Gunmen attacked the village market at Boni on Sunday. The attack said much about the region."
    x = extractor.extract(make_document(text))
    assert all(c.claimant.in_reference or c.claimant.how != "new" for c in x.claims)


# -- actors by the date of the incident ----------------------------------------------------------

@pytest.mark.parametrize("year, claimant", [("2020", "state-niger"), ("2024", "cnsp")])
def test_a_government_descriptor_names_the_regime_in_power_on_the_day(extractor, year, claimant):
    text = (f"On 10 March {year}, militants attacked the army camp at Bankilaré, killing 20 soldiers, "
            "the Nigerien government said.")
    x = extractor.extract(make_document(text, published=f"{year}-03-12"))
    assert {c.claimant.iri.rsplit("/", 1)[-1] for c in x.claims} == {claimant}


@pytest.mark.parametrize("text, read_as", [
    ("On Friday gunmen attacked a village near Niafunkee, in Mali.", ("Niafunké", True)),   # a variant spelling
    # the paragraph states the Kayes region: a look-alike of a Timbuktu-region town is a new village
    ("On Friday gunmen attacked a village near Niafunkee, Kayes region, Mali.", ("Niafunkee", False)),
])
def test_a_variant_spelling_is_a_town_only_in_the_region_the_text_states(extractor, text, read_as):
    places = {(p.label, p.in_reference) for p in extractor.extract(make_document(text)).places}
    assert read_as in places


def test_an_incident_known_only_by_country_and_year_is_no_event(extractor):
    text = "In 2023, militants attacked army positions in Niger. Gunmen attacked the army post at Téra on Friday."
    events = _events(extractor, text)
    assert [p.startswith("Téra") for p, _d, _a, _t in events] == [True]
