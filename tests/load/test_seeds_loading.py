"""The seeds load with their furniture removed and their article text intact.

Both lists below were written by reading the seed files: furniture that must never reach
the store, and article sentences that must survive cleaning.
"""

import datetime as dt

import pytest

from kg.load import load_documents
from tests.conftest import SEEDS

FURNITURE = [
    "Oman hosts second round", "T20 World Cup", "Hezbollah", "Hamas frees 24 hostages",
    "Tropical Storm Penha", "Damascus Book Fair", "Daesh affiliate blamed",
    "Dozens of civilians killed as Daesh", "invades the former UN camp of Goundam",
    "straight to your inbox", "downloading the RFI app", "Subscribe now", "Advertising",
    "MAIMOUNA MORO", "3 MIN READ", "Most read", "Explore", "RECOMMENDED", "SOURCE:AFP",
    "Retrieved 2024-06-16", "Counter Extremism Project", "au moins 40 civils",
    "Impact Shorts", "More Shorts", "With inputs from agencies", "METRO", "/ Others",
    "By Staff Reporter", "By: David Baché", "[1]",
]
ARTICLE_SENTENCES = [
    "the assailants tried in vain to occupy them and were routed",
    "JNIM took control of the Niafounke camp Friday with the help of a suicide-bomb vehicle",
    "The north in particular has seen intensified military clashes",
    "Local sources say around 50 Malian soldiers were killed in Niafunké.",
    "Mali and Niger announce that they will \"pool\" their",
    "50 killed (per JNIM)",
    "These images were later verified by SITE Intelligence Group.",
    "JNIM described its latest assault as “coordinated and high quality”",
    "The day before, a raid in central Mali killed at least 30 soldiers.",
    "Reinforcing units from the Malian Armed Forces (FAMa) later arrived at the Soumpi location",
]


@pytest.fixture(scope="module")
def documents():
    return {d.source_key: d for d in load_documents([SEEDS])}


def test_five_seed_documents(documents):
    assert sorted(documents) == [f"{n:03d}_{h}.txt" for n, h in [
        (0, "71546ba4e990e6b3"), (1, "7cf434835259646a"), (2, "9e1eb2eb3567d046"),
        (3, "f581894d71ea3311"), (4, "a811bb327bddb04a")]]


@pytest.mark.parametrize("fragment", FURNITURE)
def test_no_furniture_in_any_cleaned_text(documents, fragment):
    assert all(fragment not in d.text for d in documents.values())


@pytest.mark.parametrize("sentence", ARTICLE_SENTENCES)
def test_article_sentences_survive(documents, sentence):
    assert any(sentence in d.text for d in documents.values())


def test_metadata_from_sidecars_and_text(documents):
    trt = documents["000_71546ba4e990e6b3.txt"].metadata
    assert (trt.publisher, trt.agency, trt.published.value) == ("TRT World", "AFP",
                                                               dt.date(2023, 11, 26))
    soumpi = documents["004_a811bb327bddb04a.txt"].metadata
    assert soumpi.published.precision == "month"
    assert documents["002_9e1eb2eb3567d046.txt"].metadata.published is None


def test_publication_date_is_inferred_from_text_without_sidecar(tmp_path):
    source = (SEEDS / "000_71546ba4e990e6b3.txt").read_bytes()
    (tmp_path / "copy.txt").write_bytes(source)
    (document,) = load_documents([tmp_path])
    assert document.metadata.published.value == dt.date(2023, 11, 26)
    assert document.metadata.published.source == "text"
    assert document.metadata.author == "Staff Reporter"
    assert document.metadata.agency == "AFP"


def test_identity_is_stable_and_depends_on_content(documents, tmp_path):
    again = {d.source_key: d.identity for d in load_documents([SEEDS])}
    assert again == {k: d.identity for k, d in documents.items()}
    assert len(set(again.values())) == 5
