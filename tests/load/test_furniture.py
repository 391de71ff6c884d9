"""Furniture removal, one rule at a time, on lines written for these tests."""

from kg.load.furniture import join_paragraphs, looks_like_headline, remove_furniture


def kept(lines, title=None):
    return remove_furniture(lines, title).lines


def test_story_list_after_a_widget_heading_ends_the_article():
    lines = ["Rebels attacked a convoy near Gao on Monday.", "Most read",
             "Floods hit the capital", "Markets rally on rate cut", "Election results delayed"]
    result = remove_furniture(lines)
    assert result.lines == ["Rebels attacked a convoy near Gao on Monday."]
    assert [r.rule for r in result.removed][:2] == ["terminal", "after-terminal"]


def test_widget_label_followed_by_prose_is_dropped_alone():
    lines = ["The army said the attack was repelled.", "RECOMMENDED", "Heavy fighting",
             "The group said it had destroyed two armoured vehicles.",
             "Officials gave no toll."]
    assert kept(lines) == ["The army said the attack was repelled.", "Heavy fighting",
                           "The group said it had destroyed two armoured vehicles.",
                           "Officials gave no toll."]


def test_encyclopedia_reference_section_ends_the_article():
    lines = ["The battle lasted two days.", "See also",
             "1. ^ \"Some report\". Some Publisher. Retrieved 2024-01-01."]
    assert kept(lines) == ["The battle lasted two days."]


def test_teaser_glued_to_a_headline_is_dropped():
    lines = ["RelatedFloods displace thousands in Niger",
             "Read alsoPresident visits the northern front",
             "Related: Talks resume in the capital"]
    result = remove_furniture(lines)
    assert result.lines == []
    assert {r.rule for r in result.removed} == {"teaser"}


def test_teaser_label_glued_to_an_article_sentence_keeps_the_sentence():
    lines = ["More ShortsThe ministry said three soldiers were wounded in the ambush."]
    assert kept(lines) == ["The ministry said three soldiers were wounded in the ambush."]


def test_photo_credits_are_dropped():
    lines = ["Soldiers patrol a market in Mopti, March 3, 2022. AFP - JOHN DOE",
             "Displaced families wait for aid. / Reuters",
             "Photo: a burnt-out truck on the road to Djibo"]
    assert kept(lines) == []


def test_byline_becomes_metadata():
    result = remove_furniture(["By: Awa Traoré", "Gunmen killed four herders."])
    assert result.byline == "Awa Traoré"
    assert result.lines == ["Gunmen killed four herders."]


def test_sentence_starting_with_by_is_not_a_byline():
    line = "By the evening, the attackers had withdrawn towards the border."
    assert kept([line]) == [line]


def test_agency_lines_become_metadata():
    for line, agency in [("SOURCE:Reuters", "Reuters"), ("(With inputs from AP)", "AP")]:
        result = remove_furniture([line])
        assert result.agency == agency and result.lines == []


def test_newsletter_and_app_prompts_are_dropped():
    lines = ["Sign up for our weekly Africa newsletter",
             "Stay informed by downloading the Sahel Today app",
             "NewsletterGet the latest headlines straight to your inbox"]
    assert kept(lines) == []


def test_navigation_labels_and_section_words_are_dropped():
    lines = ["Advertisement", "Share:", "Read More", "5 min read", "AFRICA", "edit",
             "Listen to this article"]
    assert kept(lines) == []


def test_datelines_are_dropped():
    assert kept(["Published on 3 March 2024", "Fighting resumed."]) == ["Fighting resumed."]


def test_repeated_title_is_kept_once():
    lines = ["Army retakes town", "A standfirst sentence.", "Army retakes town", "Body."]
    assert kept(lines) == ["Army retakes town", "A standfirst sentence.", "Body."]


def test_citation_marks_are_stripped():
    assert kept(["The camp fell.[3] Losses were heavy.[citation needed]"]) == [
        "The camp fell. Losses were heavy."]


def test_lines_without_letters_are_noise():
    assert kept([")", "1", "—", "Text."]) == ["1", "Text."]


def test_headline_heuristic():
    assert looks_like_headline("Floods displace thousands in Niger")
    assert not looks_like_headline("Floods displaced thousands in Niger on Monday.")


def test_paragraphs_are_joined_with_single_blank_lines():
    assert join_paragraphs(["", "a", "", "", "", "b", ""]) == "a\n\nb\n"


def test_wire_datelines_are_removed_from_the_paragraph():
    lines = ["BAMAKO, March 3 (Reuters) - Gunmen killed five soldiers near Ségou.",
             "NIAMEY (AFP) — The junta closed the border.", "UN REPORT - not a dateline"]
    result = remove_furniture(lines)
    assert result.lines[:2] == ["Gunmen killed five soldiers near Ségou.", "The junta closed the border."]
    assert [r.rule for r in result.removed][:2] == ["dateline", "dateline"]


def test_a_title_case_dateline_with_its_agency_is_removed():
    assert kept(["Gao (Reuters) - Gunmen attacked a convoy near Ansongo on Monday."]) == [
        "Gunmen attacked a convoy near Ansongo on Monday."]
    assert kept(["Gao - a town on the Niger."]) == ["Gao - a town on the Niger."]   # no agency: kept


def test_a_title_case_dateline_with_a_full_date_is_removed():
    assert kept(["Niamey, 4 March 2025 - The army said a convoy was hit near Tera."]) == [
        "The army said a convoy was hit near Tera."]
    assert kept(["Kidal, Sept. 9 - Rebels said they shot down a drone."]) == ["Rebels said they shot down a drone."]
    # a place and a date inside a sentence are no dateline
    text = "Gao, 12 May - the day of the attack - was quiet."
    assert kept([text]) == [text]
