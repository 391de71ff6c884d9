"""English and French reports in one store: each read in its language (stated or detected), and
one incident reported in both languages fused into one event with both sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build
from kg.load.language import detect_language
from kg.load.loader import load_document
from kg.store import KgStore

ENGLISH = ("Militants storm army camp in Boulkessi\n"
           "Jihadist fighters attacked the army camp at Boulkessi in Burkina Faso on Tuesday 14 May 2024, "
           "killing at least 12 soldiers, security sources said. JNIM claimed responsibility for the attack.\n")
FRENCH = ("Attaque du camp militaire de Boulkessi\n"
          "Des jihadistes ont attaqué mardi 14 mai 2024 le camp militaire de Boulkessi, au Burkina Faso, "
          "faisant au moins 15 morts parmi les soldats, selon des sources locales. Le GSIM a revendiqué l'attaque.\n")
FRENCH_LATER = ("Nouvelle attaque à Boulkessi\n"
                "Des hommes armés ont attaqué samedi 25 mai 2024 le camp militaire de Boulkessi, au Burkina Faso, "
                "selon des sources locales.\n")


def _write(folder: Path, name: str, text: str, language: str | None, published: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    sidecar = f'publisher = "Test Wire"\npublished = {published}\n' + (f'language = "{language}"\n' if language else "")
    (folder / f"{name}.meta.toml").write_text(sidecar, encoding="utf-8")


def test_a_document_without_a_stated_language_is_detected_and_says_so(tmp_path):
    _write(tmp_path, "fr", FRENCH, None, "2024-05-15")
    document = load_document(tmp_path / "fr.txt", tmp_path)
    assert (document.metadata.language, document.metadata.language_source) == ("fr", "detected")
    _write(tmp_path, "en", ENGLISH, "en", "2024-05-15")
    stated = load_document(tmp_path / "en.txt", tmp_path)
    assert (stated.metadata.language, stated.metadata.language_source) == ("en", "sidecar")
    assert detect_language(ENGLISH) == "en"


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory: pytest.TempPathFactory) -> KgStore:
    folder = tmp_path_factory.mktemp("articles")
    _write(folder, "a_en", ENGLISH, "en", "2024-05-15")
    _write(folder, "b_fr", FRENCH, None, "2024-05-15")   # detected
    _write(folder, "c_fr_later", FRENCH_LATER, "fr", "2024-05-26")
    store = KgStore.open(tmp_path_factory.mktemp("store") / "s")
    build(store, [folder])
    return store


_INCIDENTS = """
SELECT ?incident (GROUP_CONCAT(DISTINCT ?file; separator=" ") AS ?files) WHERE {
  ?event skg:incident ?incident .
  ?report skg:reportOf ?event ; skg:inDocument/skg:fileName ?file .
} GROUP BY ?incident ORDER BY ?files"""


def test_an_english_and_a_french_report_of_one_incident_are_one_event(two_languages):
    files = [sorted(row["files"].value.split()) for row in two_languages.query(_INCIDENTS)]
    assert ["a_en.txt", "b_fr.txt"] in files   # one incident, both sources
    assert ["c_fr_later.txt"] in files         # the same town eleven days later: another incident
    assert len(files) == 2


def test_french_quotes_stay_french_in_the_graph(two_languages):
    rows = list(two_languages.query("""
        SELECT ?exact WHERE { ?claim skg:reportedBy/skg:fileName "b_fr.txt" ;
                                     skg:hasEvidence/oa:hasSelector/oa:exact ?exact }"""))
    assert rows and all(r["exact"].value in FRENCH for r in rows)
    assert any("GSIM a revendiqué" in r["exact"].value for r in rows)
