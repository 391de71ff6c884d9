"""French text: each cue family of the French lexicon (ontology/lexicon/fr.toml) on sentences
written for these tests (none comes from a test article)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from kg.extract.dates import find_dates
from kg.extract.figures import find_figures
from kg.records import PublicationDate
from tests.extract.conftest import make_document


def french(text, published="2024-03-10", publisher="RFI"):
    document = make_document(text, published, publisher)
    return replace(document, metadata=replace(document.metadata, language="fr"))


def _tail(iri):
    return iri.rsplit("/", 1)[-1]


@pytest.mark.parametrize("sentence, sub_event_type", [
    ("Des hommes armés ont attaqué le poste militaire de Téra dimanche.", "armed-clash"),
    ("Dimanche, un engin explosif improvisé a visé un convoi près de Gao.", "remote-explosive-landmine-ied"),
    ("Dimanche, une frappe de drone a touché un rassemblement près de Ménaka.", "air-drone-strike"),
    ("Dimanche, un kamikaze au volant d'un véhicule piégé a visé le camp de Boni.", "suicide-bomb"),
    ("Dimanche, des tirs d'obus ont visé le camp de Tessalit.", "shelling-artillery-missile-attack"),
    ("Dimanche, des hommes armés ont enlevé dix commerçants près de Djibo.", "abduction-forced-disappearance"),
    ("Dimanche, des assaillants ont pillé et incendié le marché de Djibo.", "looting-property-destruction"),
    ("Dimanche, les jihadistes ont pris le contrôle du camp de Boni.", "non-state-actor-overtakes-territory"),
])
def test_french_triggers_type_the_incident(extractor, sentence, sub_event_type):
    events = extractor.extract(french(sentence)).events
    assert [e.sub_event_type for e in events] == [sub_event_type]


@pytest.mark.parametrize("sentence, claimant, kind", [
    ("Le GSIM a revendiqué l'attaque dans un communiqué.", "jnim", "responsibility"),
    ("L'attaque a été revendiquée par l'EIGS.", "issp", "responsibility"),
    ("La CEDEAO a condamné cette attaque.", "ecowas", "condemnation"),
    ("Selon des sources locales, les assaillants sont arrivés à moto.", "local-sources", "description"),
    ("« Les assaillants ont incendié le marché », a déclaré une source sécuritaire.", "security-sources", "damage"),
])
def test_french_speakers_and_statement_kinds(extractor, sentence, claimant, kind):
    text = "Des hommes armés ont attaqué le poste militaire de Boni dimanche. " + sentence
    claims = extractor.extract(french(text)).claims
    assert (claimant, kind) in {(_tail(c.claimant.iri), c.kind) for c in claims}


def test_a_french_denial_is_a_denial(extractor):
    text = ("Le GSIM a revendiqué la prise du camp de Boni dimanche. "
            "L'armée malienne a démenti ces affirmations.")
    claims = extractor.extract(french(text)).claims
    assert ("fama", "denial", "denies") in {(_tail(c.claimant.iri), c.kind, c.stance) for c in claims}


@pytest.mark.parametrize("phrase, category, low, high", [
    ("au moins 14 soldats ont été tués", "soldiers-killed", 14, None),
    ("une cinquantaine de terroristes ont été neutralisés", "militants-killed", 50, 50),
    ("l'attaque a fait plus de 20 morts", "people-killed", 21, None),
    ("douze civils ont été blessés", "civilians-wounded", 12, 12),
])
def test_french_figures(phrase, category, low, high):
    found = [(f.category, f.low, f.high) for f in find_figures(phrase, 0, len(phrase), "k")]
    assert (category, low, high) in found


@pytest.mark.parametrize("phrase, day", [
    ("vendredi 8 mars", dt.date(2024, 3, 8)),
    ("le 1er mars", dt.date(2024, 3, 1)),
    ("hier", dt.date(2024, 3, 9)),
    ("avant-hier", dt.date(2024, 3, 8)),
])
def test_french_dates(phrase, day):
    published = PublicationDate(dt.date(2024, 3, 10), "day", "sidecar")
    dates = find_dates(f"Les faits ont eu lieu {phrase} près de Gao.", published, "k")
    assert [(d.earliest, d.precision) for d in dates] == [(day, "day")]


@pytest.mark.parametrize("name, iri", [
    ("l'armée malienne", "fama"), ("les FAMa", "fama"), ("le GSIM", "jnim"), ("l'EIGS", "issp"),
    ("l'état-major général des armées", "mali-general-staff"), ("les VDP", "vdp"),
])
def test_french_actor_names_of_the_reference(extractor, name, iri):
    text = f"Dimanche, {name} a été visé près de Gao."
    actors = {_tail(a.iri) for a in extractor.extract(french(text)).actors}
    assert iri in actors


def test_a_french_elision_does_not_hide_a_name(extractor):
    actors = extractor.extract(french("Dimanche, le camp de l'armée malienne a été attaqué à Boni.")).actors
    assert "fama" in {_tail(a.iri) for a in actors}


def test_a_relayed_source_does_not_say_what_another_speaker_says(extractor):
    text = ("Des jihadistes ont attaqué dimanche le camp militaire de Boni, faisant au moins 9 morts, "
            "selon une source sécuritaire, tandis que l'armée malienne affirme avoir repoussé l'assaut.")
    found = {(_tail(c.claimant.iri), c.kind) for c in extractor.extract(french(text)).claims}
    assert ("fama", "repelled-attack") in found
    assert ("security-sources", "repelled-attack") not in found


def test_a_french_pronoun_speaks_as_the_previous_speaker(extractor):
    text = ("Des hommes armés ont attaqué le poste militaire de Boni dimanche. "
            "Le GSIM a revendiqué l'attaque. Il a affirmé avoir incendié le poste.")
    found = {(_tail(c.claimant.iri), c.kind) for c in extractor.extract(french(text)).claims}
    assert ("jnim", "damage") in found
