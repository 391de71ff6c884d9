"""Figures: quantities -> (low, high) and ACLED values; sentences -> FigureMentions.

Every sentence here is written for these tests (wire copy, local press, encyclopedia and
communiqué styles); none comes from the project's seed articles.
"""

from __future__ import annotations

import re

import pytest

from kg.extract.figures import (
    VOCABULARY_CATEGORIES,
    acled_value,
    find_figures,
    parse_quantity,
)
from tests.conftest import ROOT


def figs(sentence: str) -> list[tuple[str, int, int | None, str]]:
    """(category, low, high, evidence) of every figure of a one-sentence document."""
    return [(f.category, f.low, f.high, f.evidence.exact) for f in find_figures(sentence, 0, len(sentence), "doc")]


# --- parse_quantity / acled_value -------------------------------------------------------------

@pytest.mark.parametrize("words, bounds, acled", [
    ("50", (50, 50), 50),
    ("fifty", (50, 50), 50),
    ("Fifty", (50, 50), 50),
    ("twenty-five", (25, 25), 25),
    ("ninety nine", (99, 99), 99),
    ("seventeen", (17, 17), 17),
    ("a hundred", (100, 100), 100),
    ("two hundred", (200, 200), 200),
    ("two hundred and fifty", (250, 250), 250),
    ("three thousand", (3000, 3000), 3000),
    ("1,200", (1200, 1200), 1200),
    ("12,500", (12500, 12500), 12500),
    ("around 50", (50, 50), 50),
    ("about 50", (50, 50), 50),
    ("some 50", (50, 50), 50),
    ("approximately 50", (50, 50), 50),
    ("an estimated 300", (300, 300), 300),
    ("nearly 40", (40, 40), 40),
    ("over 20", (21, None), 20),
    ("more than 80", (81, None), 80),
    ("in excess of 100", (101, None), 100),
    ("at least 30", (30, None), 30),
    ("no fewer than 9", (9, None), 9),
    ("30 or more", (30, None), 30),
    ("up to 40", (1, 40), 40),
    ("as many as 60", (1, 60), 60),
    ("fewer than 10", (1, 9), 10),
    ("10 to 15", (10, 15), 10),
    ("between 10 and 15", (10, 15), 10),
    ("10-15", (10, 15), 10),
    ("10–15", (10, 15), 10),
    ("two or three", (2, 3), 2),
    ("a dozen", (12, 12), 12),
    ("half a dozen", (6, 6), 6),
    ("two dozen", (24, 24), 24),
    ("more than a dozen", (13, None), 12),
    ("dozens", (24, None), 12),
    ("dozens of", (24, None), 12),
    ("a few dozen", (24, None), 12),
    ("several dozen", (36, None), 12),
    ("tens of", (20, None), 10),
    ("scores of", (40, None), 20),
    ("hundreds", (200, None), 100),
    ("several hundred", (300, None), 100),
    ("thousands", (2000, None), 1000),
    ("tens of thousands", (20000, None), 10000),
    ("several", (3, None), 3),
    ("a few", (2, None), 2),
    ("a handful", (2, None), 2),
    # French
    ("une trentaine", (30, 30), 30),
    ("une dizaine", (10, 10), 10),
    ("une centaine", (100, 100), 100),
    ("des dizaines", (20, None), 10),
    ("plusieurs dizaines", (30, None), 10),
    ("des centaines", (200, None), 100),
    ("au moins 12", (12, None), 12),
    ("plus de 80", (81, None), 80),
    ("environ 40", (40, 40), 40),
    ("vingt-cinq", (25, 25), 25),
    ("soixante-dix", (70, 70), 70),
])
def test_parse_quantity_and_acled_value(words, bounds, acled):
    assert parse_quantity(words) == bounds
    assert acled_value(words) == acled


@pytest.mark.parametrize("words", ["many", "numerous", "heavy casualties", "", "soldiers", "12th", "AK-47"])
def test_words_without_a_number(words):
    assert parse_quantity(words) is None
    assert acled_value(words) == 0   # ACLED codes an unknown figure as 0


def test_low_never_exceeds_high():
    for words in ("15 to 10", "up to 1", "fewer than 1", "between 30 and 20"):
        low, high = parse_quantity(words)
        assert high is None or low <= high


# --- find_figures: English ---------------------------------------------------------------------

def test_wire_copy_verb_first_with_open_bound():
    assert figs("Gunmen killed at least 15 villagers in Tillabéri on Sunday, a local official said.") == [
        ("civilians-killed", 15, None, "killed at least 15 villagers")]


def test_encyclopedia_dead_and_wounded_share_the_noun():
    assert figs("The ambush left 42 soldiers dead and 22 wounded.") == [
        ("soldiers-killed", 42, 42, "42 soldiers dead"),
        ("soldiers-wounded", 22, 22, "22 wounded")]


def test_hedged_number_keeps_the_hedge_in_the_quantity_only():
    [f] = find_figures(s := "Around 60 Burkinabe gendarmes were killed near Djibo.", 0, len(s), "doc")
    assert (f.category, f.low, f.high, f.quantity) == ("soldiers-killed", 60, 60, "Around 60")
    assert f.evidence.exact == "Around 60 Burkinabe gendarmes were killed"


def test_elided_noun_inherits_the_previous_figure():
    assert figs("Nine policemen were killed and two taken prisoner at the checkpoint.") == [
        ("soldiers-killed", 9, 9, "Nine policemen were killed"),
        ("soldiers-captured", 2, 2, "two taken prisoner")]


def test_killed_or_wounded_is_a_combined_category():
    assert figs("Dozens of troops were killed or wounded in the assault on the camp.") == [
        ("soldiers-killed-or-wounded", 24, None, "Dozens of troops were killed or wounded")]


def test_vehicles_with_a_seizure_verb_further_on():
    assert figs("The group released footage of seven armoured vehicles it said it had seized.") == [
        ("vehicles-seized", 7, 7, "seven armoured vehicles")]
    assert figs("Three trucks belonging to a transport company were looted.") == [
        ("vehicles-seized", 3, 3, "Three trucks")]


def test_weapons_and_vehicles_seized_verb_first():
    assert figs("Troops recovered 14 assault rifles, two machine guns and six motorcycles.") == [
        ("weapons-seized", 14, 14, "recovered 14 assault rifles"),
        ("weapons-seized", 2, 2, "two machine guns"),
        ("vehicles-seized", 6, 6, "six motorcycles")]


def test_destroyed_vehicles_are_not_seized():
    assert figs("Drones destroyed four pick-up trucks used by the insurgents.") == []


def test_verb_before_number_and_noun():
    assert figs("The army said it killed over 120 terrorists during the operation.") == [
        ("militants-killed", 121, None, "killed over 120 terrorists")]
    assert figs("An air strike killing 12 civilians drew condemnation.") == [
        ("civilians-killed", 12, 12, "killing 12 civilians")]


def test_left_people_dead():
    assert figs("The bombing of the bus station left dozens of people dead.") == [
        ("people-killed", 24, None, "dozens of people dead")]


def test_death_toll_with_and_without_noun():
    assert figs("A hospital source put the death toll at several dozen Nigerien soldiers.") == [
        ("soldiers-killed", 36, None, "death toll at several dozen Nigerien soldiers")]
    assert figs("Officials later confirmed a death toll of 23.") == [
        ("people-killed", 23, 23, "death toll of 23")]


def test_neutralised_means_militants_killed():
    assert figs("More than 40 assailants were neutralised, the general staff said.") == [
        ("militants-killed", 41, None, "More than 40 assailants were neutralised")]
    assert figs("The air force neutralised 25 in the forest of Fina.") == [
        ("militants-killed", 25, 25, "neutralised 25")]


def test_participle_after_the_noun():
    assert figs("Eighty insurgents killed in air strikes, the ministry says.") == [
        ("militants-killed", 80, 80, "Eighty insurgents killed")]


def test_active_verb_after_the_noun_is_not_its_outcome():
    assert figs("The attack, carried out by more than 200 militants, killed 11 soldiers.") == [
        ("soldiers-killed", 11, 11, "killed 11 soldiers")]
    assert figs("Around 300 fighters stormed the town and killed 17 civilians.") == [
        ("civilians-killed", 17, 17, "killed 17 civilians")]


def test_killed_and_wounded_with_elided_nouns_after_verbs():
    assert figs("The raid killed 12 and wounded 20 near Ménaka.") == [
        ("people-killed", 12, 12, "killed 12"),
        ("people-wounded", 20, 20, "wounded 20")]
    assert figs("The attackers killed five gendarmes and wounded three others.") == [
        ("soldiers-killed", 5, 5, "killed five gendarmes"),
        ("soldiers-wounded", 3, 3, "wounded three others")]


def test_coordinated_nouns_share_a_later_passive_verb():
    assert figs("Seven soldiers and four civilians were killed when the convoy hit a mine.") == [
        ("soldiers-killed", 7, 7, "Seven soldiers"),
        ("civilians-killed", 4, 4, "four civilians were killed")]


def test_coordinated_objects_share_an_earlier_verb():
    assert figs("The strike killed nine fighters, two soldiers and a dozen villagers.") == [
        ("militants-killed", 9, 9, "killed nine fighters"),
        ("soldiers-killed", 2, 2, "two soldiers"),
        ("civilians-killed", 12, 12, "a dozen villagers")]


def test_including_shares_the_outcome():
    assert figs("At least 31 people were killed, including 8 women and children.") == [
        ("people-killed", 31, None, "At least 31 people were killed"),
        ("civilians-killed", 8, 8, "8 women and children")]


def test_people_in_a_clearly_civilian_context_are_civilians():
    assert figs("Gunmen opened fire on worshippers at a mosque, killing 18 people.") == [
        ("civilians-killed", 18, 18, "killing 18 people")]
    assert figs("Clashes between the army and jihadists killed 18 people.") == [
        ("people-killed", 18, 18, "killed 18 people")]


def test_captured_abducted_and_missing():
    assert figs("Kidnappers abducted 20 women from a village near Arbinda.") == [
        ("civilians-captured", 20, 20, "abducted 20 women")]
    assert figs("Between 10 and 15 gendarmes are missing after the attack.") == [
        ("soldiers-missing", 10, 15, "Between 10 and 15 gendarmes are missing")]
    assert figs("Six jihadists were captured alive.") == [
        ("militants-captured", 6, 6, "Six jihadists were captured")]
    assert figs("The militants took 12 soldiers hostage.") == [
        ("soldiers-captured", 12, 12, "12 soldiers hostage")]


def test_attributive_outcome_and_side_modifiers():
    assert figs("Three wounded peacekeepers were flown to Gao.") == [
        ("soldiers-wounded", 3, 3, "Three wounded peacekeepers")]
    assert figs("Four VDP members were killed, along with 12 jihadist fighters.") == [
        ("soldiers-killed", 4, 4, "Four VDP members were killed")]
    assert figs("The clash left two army fighters dead.") == [
        ("soldiers-killed", 2, 2, "two army fighters dead")]


def test_casualties_and_deaths_nouns():
    assert figs("The fighting caused 30 civilian deaths.") == [
        ("civilians-killed", 30, 30, "30 civilian deaths")]
    assert figs("The convoy suffered 14 casualties.") == [
        ("people-killed-or-wounded", 14, 14, "14 casualties")]


def test_members_of_the_security_forces():
    assert figs("Eleven members of the defence and security forces lost their lives.") == [
        ("soldiers-killed", 11, 11, "Eleven members of the defence and security forces lost their lives")]


def test_large_numbers_and_ranges():
    assert figs("Between 1,200 and 1,500 people were reported missing after the siege.") == [
        ("people-missing", 1200, 1500, "Between 1,200 and 1,500 people were reported missing")]
    assert figs("Witnesses said 5 to 8 attackers were killed.") == [
        ("militants-killed", 5, 8, "5 to 8 attackers were killed")]


def test_partitive_of_its_soldiers_and_lost_men():
    assert figs("The ministry said 2 of its soldiers were killed in the ambush near Tessit.") == [
        ("soldiers-killed", 2, 2, "2 of its soldiers were killed")]
    assert figs("The battalion lost 15 men in the fighting.") == [
        ("people-killed", 15, 15, "lost 15 men")]


def test_elided_noun_inherits_only_from_a_reported_figure():
    assert figs("A column of 150 soldiers was ambushed; 12 were killed.") == [
        ("people-killed", 12, 12, "12 were killed")]


# --- find_figures: French ----------------------------------------------------------------------

def test_french_army_communique():
    assert figs("Les FAMa ont neutralisé une trentaine de terroristes dans le secteur de Boni.") == [
        ("militants-killed", 30, 30, "neutralisé une trentaine de terroristes")]


def test_french_toll_and_verbs():
    assert figs("Bilan provisoire : 12 morts et 5 blessés parmi les civils.") == [
        ("civilians-killed", 12, 12, "12 morts"), ("civilians-wounded", 5, 5, "5 blessés")]
    assert figs("Des hommes armés ont tué 9 villageois et blessé 4 autres.") == [
        ("civilians-killed", 9, 9, "tué 9 villageois"), ("civilians-wounded", 4, 4, "blessé 4 autres")]
    assert figs("Au moins 15 soldats ont été tués.") == [
        ("soldiers-killed", 15, None, "Au moins 15 soldats ont été tués")]


# --- what is not a figure ----------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "On 12 March 2023, jihadists carried out three attacks on seven towns in the region.",
    "The camp lies 40 km north of Ouahigouya, near three army barracks.",
    "The insurgents fired 120 mortar shells at the base, the army said.",
    "A boy aged 12 was among the people interviewed by the agency.",
    "In 2012 soldiers were killed in Aguelhok, the report recalls.",
    "No one was killed, the governor said.",
    "12 prisoners were freed on Tuesday.",
    "Fighters killed 300 cattle and burned 40 granaries.",
    "The convoy of 20 vehicles reached Kidal after 3 days.",
    "Around 60 percent of the region is out of state control.",
    "Many civilians were killed, according to residents.",
    "The 2021 attack killed soldiers and civilians alike.",
    "The 1,000 attacks recorded since January killed soldiers and civilians alike.",
])
def test_not_figures(sentence):
    assert figs(sentence) == []


def test_dates_and_distances_next_to_a_real_figure():
    sentence = "On 3 May, 40 km from Gao, jihadists killed 21 soldiers in three attacks."
    assert figs(sentence) == [("soldiers-killed", 21, 21, "killed 21 soldiers")]
    assert figs("Sept. 14 marked the anniversary of the ambush that killed dozens.") == [
        ("people-killed", 24, None, "killed dozens")]


# --- contracts ---------------------------------------------------------------------------------

DOCUMENT = (
    "Sahel briefing.\n"
    "Gunmen killed at least 15 villagers in Tillabéri on Sunday. "
    "The ambush left 42 soldiers dead and 22 wounded, while two others were taken prisoner. "
    "The group showed five armoured vehicles it claimed to have captured. "
    "Les FAMa ont neutralisé une trentaine de terroristes. "
    "A hospital source put the death toll at several dozen soldiers, and 1,200 people are missing."
)


def _sentences(text: str):
    for m in re.finditer(r"[^.\n]+\.", text):
        yield m.start(), m.end()


def test_evidence_is_absolute_and_exact():
    found = [f for s, e in _sentences(DOCUMENT) for f in find_figures(DOCUMENT, s, e, "doc-7")]
    assert len(found) == 8
    for f in found:
        ev = f.evidence
        assert ev.document_key == "doc-7"
        assert 0 <= ev.start < ev.end <= len(DOCUMENT)
        assert DOCUMENT[ev.start:ev.end] == ev.exact
        assert f.quantity in ev.exact
        assert f.high is None or f.low <= f.high


def test_figures_stay_inside_their_sentence():
    for s, e in _sentences(DOCUMENT):
        for f in find_figures(DOCUMENT, s, e, "doc"):
            assert s <= f.evidence.start and f.evidence.end <= e


def test_deterministic():
    runs = [[find_figures(DOCUMENT, s, e, "doc") for s, e in _sentences(DOCUMENT)] for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_vocabulary_categories_match_the_scheme():
    ttl = (ROOT / "ontology" / "vocabularies.ttl").read_text(encoding="utf-8")
    slugs = set(re.findall(r"^<https://w3id\.org/sahel-kg/vocab/figure-category/([a-z-]+)>", ttl, re.M))
    assert slugs == VOCABULARY_CATEGORIES


def test_every_category_is_known():
    sentences = [
        "Six jihadists were captured.", "Three civilians are missing.", "The convoy suffered 14 casualties.",
        "Dozens of villagers were killed or wounded.", "The ambush left 42 soldiers dead and 22 wounded.",
    ] + [DOCUMENT[s:e] for s, e in _sentences(DOCUMENT)]
    for sentence in sentences:
        for category, *_ in figs(sentence):
            assert category in VOCABULARY_CATEGORIES, category


# --- long subjects of a passive verb ---------------------------------------------------------

def test_a_long_coordinated_subject_keeps_its_passive_verb():
    assert figs("At least 14 gendarmes and several members of a local self-defence militia were killed.") == [
        ("soldiers-killed", 14, None, "At least 14 gendarmes"), ("people-killed", 3, None, "several members")]


def test_a_quantity_that_counts_nothing_of_ours_does_not_cut_the_sentence():
    assert figs("Nine soldiers and a few herders from the nearby camp were wounded.") == [
        ("soldiers-wounded", 9, 9, "Nine soldiers"), ("civilians-wounded", 2, None, "a few herders")]


def test_a_relative_clause_in_a_long_subject_is_no_passive_of_the_figure():
    # the verb may belong to the clause: too far and not clearly the figure's
    assert figs("Six soldiers guarding the bridge that the rebels attacked were killed.") == []


def test_parts_of_one_subject_counted_by_one_verb_are_one_total():
    assert figs("Three gendarmes and two soldiers were killed.") == [
        ("soldiers-killed", 5, 5, "Three gendarmes and two soldiers were killed")]
    assert figs("Gunmen killed 8 soldiers and 2 policemen.") == [
        ("soldiers-killed", 10, 10, "killed 8 soldiers and 2 policemen")]


def test_different_victims_stay_apart():
    assert figs("Four soldiers and 6 civilians were killed.") == [
        ("soldiers-killed", 4, 4, "Four soldiers"), ("civilians-killed", 6, 6, "6 civilians were killed")]


def test_the_buried_were_killed():
    assert figs("Elders said 11 villagers were buried on Sunday.") == [
        ("civilians-killed", 11, 11, "11 villagers were buried")]


def test_the_death_of_people_counts_them_killed():
    assert figs("The statement deplores the death of nine gendarmes.") == [
        ("soldiers-killed", 9, 9, "death of nine gendarmes")]


def test_a_toll_phrase_before_the_number_says_who_it_counts():
    (fig,) = figs("A doctor put the number of civilians killed at about thirty.")
    assert fig[0] == "civilians-killed" and fig[1] <= 30


@pytest.mark.parametrize("sentence, expected", [
    ("The army said it recovered weapons, vehicles and motorcycles from the attackers.",
     {("weapons-seized", 1, None), ("vehicles-seized", 1, None)}),
    ("The group said it captured four pick-ups along with weapons and ammunition.",
     {("vehicles-seized", 4, 4), ("weapons-seized", 1, None)}),
    ("Les militaires ont récupéré des armes et des munitions.", {("weapons-seized", 1, None)}),
])
def test_a_seizure_without_a_number_is_at_least_one_of_each_thing_named(sentence, expected):
    from kg.extract.figures import find_figures

    assert {(f.category, f.low, f.high) for f in find_figures(sentence, 0, len(sentence), "k")} == expected
