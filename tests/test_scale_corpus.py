"""The synthetic benchmark corpus (benchmarks/corpus.py): deterministic, loadable, heavy-tailed,
and written with reference names only."""

from __future__ import annotations

import collections
import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from benchmarks.corpus import (
    AFRICA_CORPS,
    CAPITALS,
    COUNTRIES,
    FORCES,
    GROUP_PUBLISHERS,
    GROUPS,
    LOCAL_OUTLETS,
    REWRITERS,
    SOURCES_CIVIL,
    SOURCES_SECURITY,
    STATE_PUBLISHERS,
    TOWNS,
    VDP,
    WAGNER,
    WIRE_AGENCIES,
    articles,
    generate,
)
from kg.build import refresh_reference_graphs
from kg.extract.mentions import Linker
from kg.link.aliases import normalise
from kg.link.reference import ReferenceIndex
from kg.load import load_documents
from kg.records import DOCUMENT_KINDS
from kg.store import KgStore

_INCIDENTS = re.compile(r"I\d{5}-\d{3}")


@pytest.fixture(scope="module")
def reference() -> ReferenceIndex:
    store = KgStore.in_memory()
    refresh_reference_graphs(store)
    return ReferenceIndex.from_store(store)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(out, 80, seed=7)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_same_seed_writes_the_same_bytes(tmp_path, corpus_dir):
    again = tmp_path / "again"
    words = generate(again, 80, seed=7)
    assert _files(again) == _files(corpus_dir)
    assert words == sum(len(p.read_text(encoding="utf-8").split()) for p in again.glob("*.txt"))


def test_a_different_seed_writes_different_articles():
    assert list(articles(20, seed=7)) != list(articles(20, seed=8))
    texts_7 = {text for _, text, _ in articles(20, seed=7)}
    texts_8 = {text for _, text, _ in articles(20, seed=8)}
    assert not texts_7 & texts_8


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one():
    assert list(articles(30, seed=7)) == list(articles(70, seed=7))[:30]


def test_every_article_has_a_sidecar_the_loader_accepts(corpus_dir):
    texts = sorted(corpus_dir.glob("*.txt"))
    assert len(texts) == 80
    assert all(t.with_name(t.stem + ".meta.toml").exists() for t in texts)
    assert all(re.fullmatch(r"\d{6}_[a-z0-9-]+", t.stem) for t in texts)
    documents = list(load_documents([corpus_dir]))
    assert len(documents) == 80
    for document in documents:
        meta = document.metadata
        assert meta.published.source == "sidecar" and meta.published.precision == "day"
        assert dt.date(2022, 1, 1) <= meta.published.value <= dt.date(2025, 12, 31)
        assert meta.kind in DOCUMENT_KINDS and meta.publisher and meta.title and meta.language == "en"
        assert _INCIDENTS.findall(meta.notes)
    assert {d.metadata.kind for d in documents} >= {"news-article", "statement", "encyclopedia-article"}
    assert any(d.metadata.agency for d in documents)


def test_reporting_is_heavy_tailed():
    reports: collections.Counter[str] = collections.Counter()
    for _, _, sidecar in articles(2000, seed=7):
        incidents = _INCIDENTS.findall(tomllib.loads(sidecar)["notes"])
        assert len(incidents) == len(set(incidents)) >= 1
        reports.update(incidents)
    counts = list(reports.values())
    assert 1.8 <= sum(counts) / 2000 <= 2.1          # about two incidents per article
    assert max(counts) >= 10 and max(counts) <= 40
    assert sum(c <= 3 for c in counts) / len(counts) >= 0.75
    assert sum(c >= 10 for c in counts) >= 5


def test_every_name_in_the_generator_is_in_the_reference_data(reference):
    actor_names = [name for short, names, _ in GROUPS.values() for name in (short, *names)]
    actor_names += [name for force in FORCES.values() for name in (*force[1], *force[3])]
    actor_names += [f[4] for f in FORCES.values() if f[4]]
    actor_names += [*VDP, *WAGNER, *AFRICA_CORPS, *SOURCES_CIVIL, *SOURCES_SECURITY, *REWRITERS, *LOCAL_OUTLETS,
                    *WIRE_AGENCIES, *WIRE_AGENCIES.values(), *STATE_PUBLISHERS.values(), *GROUP_PUBLISHERS,
                    *GROUP_PUBLISHERS.values(), "Wikipedia", "SITE Intelligence Group", "Alliance of Sahel States",
                    "Colonel Assimi Goïta", "General Assimi Goïta", "Captain Ibrahim Traoré",
                    "General Abdourahamane Tiani", "al-Qaeda's Sahel affiliate", "Islamic State's Sahel branch"]
    unresolved = [name for name in actor_names if reference.resolve_actor(name) is None]
    assert not unresolved
    for iso, country in COUNTRIES.items():
        assert any(reference.places[i].main_class == "Country" for i in reference.place_names[normalise(country)])
        capital = reference.place_names[normalise(CAPITALS[iso])]
        assert any(reference.places[i].country == iso for i in capital)


@pytest.mark.parametrize("town", sorted(TOWNS))
def test_every_town_is_one_gazetteer_town_in_its_country_and_area(reference, town):
    iso, area, _ = TOWNS[town]
    towns = [i for i in reference.place_names[normalise(town)] if reference.places[i].main_class == "PopulatedPlace"]
    assert len(towns) == 1
    entry = reference.places[towns[0]]
    assert entry.country == iso
    assert not reference.actor_names.get(normalise(town))
    if area:
        name = area.removesuffix(" region").removesuffix(" province")
        parents = {reference.places[p].label for p in entry.parents if p in reference.places}
        assert name in parents


def test_the_articles_name_no_actor_or_place_outside_the_reference_data(reference, corpus_dir):
    """What the project's own linker finds in the cleaned texts is all reference data."""
    linker = Linker(reference)
    unknown = set()
    for document in load_documents([corpus_dir]):
        mentions = linker.mentions(document.text, document.source_key)
        unknown |= {a.label for a in mentions.actors if not a.in_reference}
        unknown |= {p.label for p in mentions.places
                    if not p.in_reference and p.place_class != "MilitaryInstallation"}
    assert not unknown
