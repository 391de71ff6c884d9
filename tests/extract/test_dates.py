"""Date expressions found in text and resolved against the text and the publication date."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.dates import find_dates
from kg.records import PublicationDate

D = dt.date
KEY = "doc-1"


def day_pub(y: int, m: int, d: int) -> PublicationDate:
    return PublicationDate(D(y, m, d), "day", "sidecar")


MONDAY_27_NOV_2023 = day_pub(2023, 11, 27)
NOV_2023 = PublicationDate(D(2023, 11, 1), "month", "sidecar")


def found(text, published=MONDAY_27_NOV_2023):
    """(exact, earliest, latest, precision, anchor) for every mention."""
    return [(m.text, m.earliest, m.latest, m.precision, m.anchor) for m in find_dates(text, published, KEY)]


def only(text, published=MONDAY_27_NOV_2023):
    mentions = found(text, published)
    assert len(mentions) == 1, mentions
    return mentions[0]


# --- explicit full dates --------------------------------------------------------------

@pytest.mark.parametrize("text, exact", [
    ("Gunmen attacked a market in Ménaka on 24 November 2023, residents said.", "24 November 2023"),
    ("On November 24, 2023, the army said it repelled an assault on Djibo.", "November 24, 2023"),
    ("The convoy was ambushed near Mopti on Nov. 24, 2023.", "Nov. 24, 2023"),
    ("Drones struck a camp north of Tillabéri on the 24th November 2023.", "24th November 2023"),
    ("Event date: 2023-11-24 (Gao region).", "2023-11-24"),
    ("By November 24th, 2023, some 3,000 people had fled Boni.", "November 24th, 2023"),
    ("Le 24 novembre 2023, les FAMa ont neutralisé 12 terroristes près de Tessit.", "24 novembre 2023"),
    ("Nov 24 2023 - ISSP fighters raided Ménaka.", "Nov 24 2023"),
])
def test_explicit_full_dates(text, exact):
    assert only(text) == (exact, D(2023, 11, 24), D(2023, 11, 24), "day", "explicit")


def test_army_communique_style_dates():
    text = ("Le 12 mars 2024, une patrouille a été prise à partie à Boulkessi. "
            "Le 1er avril 2024, les FAMa ont repris le poste.")
    assert found(text) == [
        ("12 mars 2024", D(2024, 3, 12), D(2024, 3, 12), "day", "explicit"),
        ("1er avril 2024", D(2024, 4, 1), D(2024, 4, 1), "day", "explicit"),
    ]


def test_explicit_dates_do_not_need_a_publication_date():
    assert only("On 5 August 2022 soldiers were killed in Tessit.", None) == (
        "5 August 2022", D(2022, 8, 5), D(2022, 8, 5), "day", "explicit")


def test_impossible_explicit_date_is_kept_unresolved():
    assert only("A report dated 30 February 2023 was circulated.") == (
        "30 February 2023", None, None, "unresolved", "explicit")


# --- day and month without a year -----------------------------------------------------

@pytest.mark.parametrize("text, exact", [
    ("On 2 June, jihadists burned the market in Djibo.", "2 June"),
    ("The base in Ménaka came under fire on June 2.", "June 2"),
    ("Soldiers withdrew from Tessit on June 2nd after a week of shelling.", "June 2nd"),
    ("Le 2 juin, des hommes armés ont attaqué Diallassagou.", "2 juin"),
])
def test_day_and_month_take_the_year_of_publication(text, exact):
    assert only(text, day_pub(2024, 7, 15)) == (exact, D(2024, 6, 2), D(2024, 6, 2), "day", "publication")


def test_day_and_month_after_the_publication_day_are_from_the_year_before():
    assert only("Fighting in Mopti on 20 December left 9 dead.", day_pub(2024, 7, 15))[1] == D(2023, 12, 20)


def test_year_boundary_published_3_january():
    assert only("The army said that on December 30 it lost 17 soldiers near Djibo.", day_pub(2024, 1, 3)) == (
        "December 30", D(2023, 12, 30), D(2023, 12, 30), "day", "publication")


def test_same_day_as_publication_is_that_day():
    assert only("Attack reported on 3 January in Gao.", day_pub(2024, 1, 3))[1] == D(2024, 1, 3)


def test_day_and_month_against_a_month_precision_publication():
    assert only("The convoy left Gao on November 20.", NOV_2023) == (
        "November 20", D(2023, 11, 20), D(2023, 11, 20), "day", "publication")
    assert only("The convoy left Gao on December 20.", NOV_2023)[1] == D(2022, 12, 20)


def test_day_and_month_follow_the_previous_explicit_date():
    text = "In March 2022, Wagner arrived in Moura. On 2 June, villagers fled to Mopti."
    assert found(text, day_pub(2025, 1, 10))[1] == ("2 June", D(2022, 6, 2), D(2022, 6, 2), "day", "previous-date")


def test_previous_explicit_date_across_a_year_boundary():
    text = "The siege began on 30 December 2023. On 2 January, food ran out in Djibo."
    assert found(text, day_pub(2024, 2, 1))[1] == (
        "2 January", D(2024, 1, 2), D(2024, 1, 2), "day", "previous-date")


def test_bare_years_do_not_anchor_day_and_month():
    text = "Mali has been at war since 2012. On 2 June, gunmen attacked Ménaka."
    assert found(text, day_pub(2024, 7, 15))[1] == ("2 June", D(2024, 6, 2), D(2024, 6, 2), "day", "publication")


def test_day_and_month_without_any_anchor_are_unresolved():
    assert only("On 2 June, gunmen attacked Ménaka.", None) == ("2 June", None, None, "unresolved", "publication")


def test_29_february_takes_the_last_leap_year():
    assert only("Shelling on 29 February hit Léré.", day_pub(2025, 5, 1))[1] == D(2024, 2, 29)


# --- weekday and date together --------------------------------------------------------

def test_weekday_with_date_in_parentheses_is_one_mention():
    text = "Militants stormed the camp in Djibo on Saturday (November 25th), killing 40."
    assert only(text) == ("Saturday (November 25th)", D(2023, 11, 25), D(2023, 11, 25), "day", "publication")


def test_weekday_comma_date_is_one_mention():
    assert only("On Friday, November 24, a drone hit Kidal.")[0] == "Friday, November 24"
    assert only("On Friday, November 24, 2023, a drone hit Kidal.") == (
        "Friday, November 24, 2023", D(2023, 11, 24), D(2023, 11, 24), "day", "explicit")


def test_french_weekday_with_date():
    assert only("Le samedi 25 novembre 2023, l'armée a frappé Ansongo.")[:2] == (
        "samedi 25 novembre 2023", D(2023, 11, 25))


def test_wrong_weekday_keeps_the_date():
    # 24 November 2023 was a Friday; the date is more specific than the weekday.
    assert only("On Tuesday, November 24, 2023, troops entered Anefis.")[1:3] == (D(2023, 11, 24), D(2023, 11, 24))


def test_date_alone_in_parentheses_excludes_them():
    assert only("The ambush (November 24th) killed 11 gendarmes.")[0] == "November 24th"


# --- month and year -------------------------------------------------------------------

def test_month_and_year():
    assert only("In March 2022, Malian troops and foreign fighters entered Moura.") == (
        "March 2022", D(2022, 3, 1), D(2022, 3, 31), "month", "explicit")
    assert only("Fighting resumed in September 2023 around Bourem.")[1:3] == (D(2023, 9, 1), D(2023, 9, 30))
    assert only("The junta took power in February of 2024.")[:3] == ("February of 2024", D(2024, 2, 1), D(2024, 2, 29))


def test_month_alone_is_the_latest_on_or_before_publication():
    assert only("In September, JNIM began a blockade of Timbuktu.") == (
        "September", D(2023, 9, 1), D(2023, 9, 30), "month", "publication")
    assert only("Clashes erupted in December near Ménaka.", day_pub(2024, 1, 3))[1:3] == (
        D(2023, 12, 1), D(2023, 12, 31))
    assert only("The siege of Djibo tightened in November.")[1:3] == (D(2023, 11, 1), D(2023, 11, 30))


def test_month_alone_follows_the_previous_explicit_date():
    text = "On 5 August 2022, soldiers were killed in Tessit. In September, more followed."
    assert found(text)[1] == ("September", D(2022, 9, 1), D(2022, 9, 30), "month", "previous-date")


def test_french_month_alone():
    assert only("En mars, les combats ont repris à Léré.", day_pub(2024, 5, 2))[:3] == (
        "mars", D(2024, 3, 1), D(2024, 3, 31))


def test_month_alone_needs_a_preposition_and_a_capital():
    assert found("Militants may attack again; the army will march on Kidal.") == []
    assert found("A long March followed.") == []


# --- years ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, exact", [
    ("The rebellion in northern Mali began in 2012.", "2012"),
    ("Since 2012, the conflict has spread to Burkina Faso.", "2012"),
    ("The Algiers Accord (2015) was signed by the CMA.", "2015"),
    ("The mission's mandate ran until 2015.", "2015"),
    ("Attacks doubled during 2015 in the Mopti region.", "2015"),
    ("In early 2015, Katiba Macina emerged.", "2015"),
])
def test_years(text, exact):
    year = int(exact)
    assert only(text) == (exact, D(year, 1, 1), D(year, 12, 31), "year", "explicit")


def test_year_span():
    assert only("Operation Barkhane ran from 2014 to 2022.")[:3] == ("2014 to 2022", D(2014, 1, 1), D(2022, 12, 31))
    assert only("Serval (2013–2014) preceded it.")[:3] == ("2013–2014", D(2013, 1, 1), D(2014, 12, 31))
    assert only("Attacks rose from mid-2019 to late 2020 in Sahel.")[:3] == (
        "2019 to late 2020", D(2019, 1, 1), D(2020, 12, 31))


@pytest.mark.parametrize("text", [
    "The attack killed 154 people in Solhan.",
    "Soldiers found 120 mortar shells in a cache near Boni.",
    "A total of 2000 people fled Djibo.",
    "Some 1950 displaced people arrived in Mopti.",
    "The attackers came on 2023 motorbikes.",
    "The army deployed a force of 2000 troops to Ménaka.",
    "Droughts in the 1990s hit the Inner Niger Delta.",
    "Battalion 2012B was redeployed to Sévaré.",
])
def test_numbers_are_not_years(text):
    assert found(text) == []


# --- weekdays alone -------------------------------------------------------------------

@pytest.mark.parametrize("text, exact, day", [
    ("Gunmen attacked a checkpoint near Djibo on Friday.", "Friday", 24),
    ("Late Friday afternoon, drones struck a convoy outside Ménaka.", "Late Friday afternoon", 24),
    ("The army said the assault began late Thursday.", "late Thursday", 23),
    ("Residents of Tillabéri fled on Saturday.", "Saturday", 25),
    ("Talks were held in Niamey on Tuesday.", "Tuesday", 21),
    ("On Monday, officials in Mopti confirmed the toll.", "Monday", 27),
    ("Sunday night's raid on Boni killed six.", "Sunday night", 26),
    ("Last Monday, a mine exploded near Gao.", "Last Monday", 20),
])
def test_weekday_against_a_day_precision_publication(text, exact, day):
    # published Monday 27 November 2023
    assert only(text) == (exact, D(2023, 11, day), D(2023, 11, day), "day", "publication")


def test_weekday_against_a_month_precision_publication():
    assert only("Jihadists attacked Djibo on Friday.", NOV_2023) == (
        "Friday", D(2023, 11, 3), D(2023, 11, 24), "month", "publication")
    assert only("The town was shelled on Wednesday.", NOV_2023)[1:4] == (D(2023, 11, 1), D(2023, 11, 29), "month")


def test_weekday_against_a_year_precision_publication():
    pub = PublicationDate(D(2023, 1, 1), "year", "text")
    assert only("Gunmen struck on Sunday.", pub)[1:4] == (D(2023, 1, 1), D(2023, 12, 31), "year")


def test_weekday_without_publication_is_unresolved_but_kept():
    text = "Late Friday afternoon, gunmen attacked Mondoro."
    mention = find_dates(text, None, KEY)[0]
    assert (mention.text, mention.resolved, mention.precision) == ("Late Friday afternoon", False, "unresolved")
    assert mention.earliest is None and mention.latest is None


# --- relative expressions -------------------------------------------------------------

@pytest.mark.parametrize("text, exact, earliest, latest, precision", [
    ("Yesterday, militants attacked Kaya.", "Yesterday", D(2023, 11, 26), D(2023, 11, 26), "day"),
    ("Today the army said it had retaken Léré.", "Today", D(2023, 11, 27), D(2023, 11, 27), "day"),
    ("Three days ago a bus hit a mine near Boni.", "Three days ago", D(2023, 11, 24), D(2023, 11, 24), "day"),
    ("The village was raided 10 days ago.", "10 days ago", D(2023, 11, 17), D(2023, 11, 17), "day"),
    ("Ten days ago, troops left Anefis.", "Ten days ago", D(2023, 11, 17), D(2023, 11, 17), "day"),
    ("Twenty-one days ago the siege began.", "Twenty-one days ago", D(2023, 11, 6), D(2023, 11, 6), "day"),
    ("Two weeks ago, drones hit Kidal.", "Two weeks ago", D(2023, 11, 13), D(2023, 11, 19), "week"),
    ("Last week, 30 soldiers died in Mondoro.", "Last week", D(2023, 11, 20), D(2023, 11, 26), "week"),
    ("This week, aid reached Djibo.", "This week", D(2023, 11, 27), D(2023, 12, 3), "week"),
    ("Earlier this month, JNIM raided Bourem.", "Earlier this month", D(2023, 11, 1), D(2023, 11, 26), "month"),
    ("Last month, the UN left Tessalit.", "Last month", D(2023, 10, 1), D(2023, 10, 31), "month"),
    ("Last year, 900 civilians were killed.", "Last year", D(2022, 1, 1), D(2022, 12, 31), "year"),
    ("This year, attacks doubled.", "This year", D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("Earlier this year, Wagner arrived in Kidal.", "Earlier this year", D(2023, 1, 1), D(2023, 11, 26), "year"),
    ("Hier, des hommes armés ont attaqué Djibo.", "Hier", D(2023, 11, 26), D(2023, 11, 26), "day"),
])
def test_relative_to_publication(text, exact, earliest, latest, precision):
    assert only(text) == (exact, earliest, latest, precision, "publication")


def test_last_week_across_a_year_boundary():
    assert only("Last week, gunmen attacked Seytenga.", day_pub(2024, 1, 3))[1:3] == (D(2023, 12, 25), D(2023, 12, 31))


def test_relative_against_a_month_precision_publication_widens_to_the_month():
    assert only("Yesterday, militants attacked Kaya.", NOV_2023)[1:4] == (D(2023, 10, 31), D(2023, 11, 29), "month")


def test_relative_to_publication_without_one_is_unresolved():
    assert only("Two weeks ago, drones hit Kidal.", None) == ("Two weeks ago", None, None, "unresolved", "publication")


def test_the_day_before_is_anchored_on_the_previous_date():
    text = ("On 12 March 2024, JNIM attacked the camp at Boulkessi. The day before, "
            "scouts had been seen near Mondoro.")
    assert found(text)[1] == ("The day before", D(2024, 3, 11), D(2024, 3, 11), "day", "previous-date")


@pytest.mark.parametrize("phrase, shift", [
    ("the previous day", -1), ("a day earlier", -1), ("the next day", 1), ("the following day", 1),
    ("a day later", 1), ("two days later", 2), ("three days earlier", -3), ("the same day", 0),
])
def test_shifts_from_the_previous_date(phrase, shift):
    text = f"Gunmen killed 11 soldiers near Djibo on Saturday; {phrase}, the army struck back."
    mentions = found(text)
    expected = D(2023, 11, 25) + dt.timedelta(days=shift)
    assert mentions[1] == (phrase, expected, expected, "day", "previous-date")


def test_shifts_chain():
    text = "The assault on Tessit began on 7 August 2022. The next day, and the day after, the next day again."
    mentions = found(text)
    assert [m[1] for m in mentions] == [D(2022, 8, 7), D(2022, 8, 8), D(2022, 8, 9)]


def test_the_day_before_with_no_previous_date_is_unresolved():
    assert only("The day before, scouts were seen near Mondoro.") == (
        "The day before", None, None, "unresolved", "previous-date")


def test_la_veille_and_le_lendemain():
    text = ("Le 12 mars 2024, l'armée a frappé Boni. La veille, des tirs ont été entendus. "
            "Le 20 mars 2024, un convoi a sauté sur une mine. Le lendemain, le poste a été évacué.")
    assert [m[1] for m in found(text)] == [D(2024, 3, 12), D(2024, 3, 11), D(2024, 3, 20), D(2024, 3, 21)]


def test_shifts_chain_on_the_last_resolved_date():
    text = "Le 12 mars 2024, l'armée a frappé Boni. La veille, puis le lendemain, des tirs ont été entendus."
    assert [m[1] for m in found(text)] == [D(2024, 3, 12), D(2024, 3, 11), D(2024, 3, 12)]


# --- what is not a date ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Over the past month, 400 people fled Djibo.",
    "The region has been unstable for over a decade.",
    "In recent months, attacks on convoys have multiplied.",
    "The attack started at 3 p.m. near Gao.",
    "A T20 match in Bamako was cancelled.",
    "Over the last year, the toll has risen.",
    "Fighters on 12 motorbikes killed 7 herders and stole 300 head of cattle.",
    "The week was calm; the month ended quietly.",
])
def test_not_dates(text):
    assert found(text) == []


# --- ordering, overlap and offsets ----------------------------------------------------

WIRE = (
    "BAMAKO, Nov 27 (Reuters) - Militants killed at least 40 soldiers in Djibo late Friday afternoon, "
    "two security sources said on Saturday (November 25th). The day before, drones struck Ménaka. "
    "In September 2023, JNIM besieged Timbuktu; in 2012, rebels seized the north. "
    "Le 12 mars 2024, les FAMa ont repris Léré. Two weeks ago, 154 people fled Tillabéri "
    "carrying 120 mortar shells. Last week’s convoy to Mopti arrived on 2023-11-24 (Friday)."
)


@pytest.mark.parametrize("published", [MONDAY_27_NOV_2023, NOV_2023, None])
def test_offsets_are_exact_sorted_and_non_overlapping(published):
    mentions = find_dates(WIRE, published, KEY)
    assert len(mentions) >= 10
    previous_end = 0
    for mention in mentions:
        evidence = mention.evidence
        assert evidence.document_key == KEY
        assert WIRE[evidence.start:evidence.end] == evidence.exact
        assert evidence.start >= previous_end
        previous_end = evidence.end
        assert mention.precision in ("day", "week", "month", "year", "unresolved")
        assert mention.anchor in ("explicit", "publication", "previous-date")
        assert (mention.earliest is None) == (mention.latest is None) == (mention.precision == "unresolved")
        if mention.resolved:
            assert mention.earliest <= mention.latest


def test_wire_story_mentions():
    texts = [m.text for m in find_dates(WIRE, MONDAY_27_NOV_2023, KEY)]
    assert texts == [
        "Nov 27", "late Friday afternoon", "Saturday (November 25th)", "The day before", "September 2023",
        "2012", "12 mars 2024", "Two weeks ago", "Last week", "2023-11-24", "Friday",
    ]


def test_longest_match_wins():
    assert [m[0] for m in found("On Friday, 24 November 2023 at dawn, troops entered Boni.")] == [
        "Friday, 24 November 2023"]
    assert [m[0] for m in found("Earlier this week, gunmen attacked Kaya.")] == ["Earlier this week"]


def test_offsets_survive_non_ascii_text_before_the_date():
    text = "À Ménaka, l’armée — selon un communiqué — a riposté le 3 mars 2024."
    mention = find_dates(text, None, KEY)[0]
    assert text[mention.evidence.start:mention.evidence.end] == "3 mars 2024"


def test_deterministic():
    assert find_dates(WIRE, NOV_2023, KEY) == find_dates(WIRE, NOV_2023, KEY)


SNIPPETS = [
    "On 2 June", "late Friday afternoon", "Saturday (November 25th)", "the day before", "in 2012", "154 people",
    "Nov. 24, 2023", "le 3 mars 2024", "two weeks ago", "in September", "2023-11-24", "yesterday", "(2019)",
    "the next day", "3 p.m.", "T20", "Ménaka", "l’armée", "earlier this month", "—", "\n", " ", ", ", "December 30",
]


@given(st.lists(st.sampled_from(SNIPPETS), max_size=25),
       st.sampled_from([MONDAY_27_NOV_2023, NOV_2023, day_pub(2024, 1, 3), None]))
def test_invariants_on_generated_text(parts, published):
    text = " ".join(parts)
    mentions = find_dates(text, published, KEY)
    previous_end = 0
    for mention in mentions:
        evidence = mention.evidence
        assert text[evidence.start:evidence.end] == evidence.exact
        assert evidence.start >= previous_end and evidence.end > evidence.start
        previous_end = evidence.end
        assert (mention.earliest is None) == (mention.precision == "unresolved")
        if mention.resolved:
            assert mention.earliest <= mention.latest


@pytest.mark.parametrize("text, expected", [
    ("Fighting went on between 20 and 24 November near the town.", ("between 20 and 24 November", D(2023, 11, 20),
                                                                     D(2023, 11, 24), "week")),
    ("Raids from 3 to 5 May 2022 left dozens dead.", ("from 3 to 5 May 2022", D(2022, 5, 3), D(2022, 5, 5), "week")),
    ("Convoys were ambushed on November 2-20.", ("November 2-20", D(2023, 11, 2), D(2023, 11, 20), "month")),
])
def test_a_range_of_days_keeps_both_ends(text, expected):
    exact, earliest, latest, precision, _anchor = only(text)
    assert (exact, earliest, latest, precision) == expected


def test_an_event_dated_by_a_range_spans_it(extractor):
    from tests.extract.conftest import make_document

    text = "Militants besieged and attacked the army camp at Boni between 20 and 24 November 2023."
    (event,) = extractor.extract(make_document(text, published="2023-11-27")).events
    assert (event.date.earliest, event.date.latest) == (D(2023, 11, 20), D(2023, 11, 24))
