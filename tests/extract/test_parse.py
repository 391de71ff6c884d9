"""The pinned trained pipelines: loaded from disk, checked against their published meta."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from kg.extract.parse import MODELS, ModelError, check_meta, load_model, model_dir, model_spec, parse_sentences


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pinned_pipeline_loads_from_its_wheel_and_passes_its_own_check(lang):
    spec = model_spec(lang)
    meta = json.loads((model_dir(spec) / "meta.json").read_text(encoding="utf-8"))
    check_meta(spec, meta)   # the installed files are the pinned release
    nlp = load_model(lang)
    assert nlp.lang == lang and "parser" in nlp.pipe_names and "ner" not in nlp.pipe_names   # NER: unused, off


def test_a_different_release_is_refused_in_one_line():
    spec = model_spec("en")
    meta = json.loads((model_dir(spec) / "meta.json").read_text(encoding="utf-8"))
    with pytest.raises(ModelError, match=r"expected en 3\.8\.0") as err:
        check_meta(spec, {**meta, "version": "3.7.1"})
    assert "\n" not in str(err.value)
    with pytest.raises(ModelError, match="dep_las"):
        check_meta(spec, {**meta, "performance": {**meta["performance"], "dep_las": 0.5}})


def test_a_missing_model_names_the_package_and_the_fix():
    spec = replace(MODELS["en"], package="en_core_web_sm_not_installed")
    with pytest.raises(ModelError, match="en_core_web_sm_not_installed==3.8.0 is not installed.*make setup"):
        model_dir(spec)
    with pytest.raises(ModelError, match="no trained pipeline for language 'de'"):
        model_spec("de")


def test_sentences_are_parsed_in_place_with_agents_of_passives():
    text = "Title line\nThe attack was claimed by JNIM. Residents fled."
    start = text.index("The attack")
    end = text.index(".", start) + 1
    parses = parse_sentences(text, [(start, end)])
    doc = parses[start]
    agent = next(t for t in doc if t.dep_ == "agent")
    assert [c.text for c in agent.children] == ["JNIM"]
    assert text[start + doc[-1].idx] == "."   # token offsets are relative to the sentence start


def test_a_sentence_republished_in_another_document_is_parsed_once():
    from kg.extract import parse

    sentence = "The attack on the camp at Ansongo was claimed by the group on Tuesday."
    first = parse_sentences("Headline\n" + sentence, [(9, 9 + len(sentence))])[9]
    again = parse_sentences(sentence + " More.", [(0, len(sentence))])[0]
    assert again is first   # from the cache: same words, same parse
    assert len(parse._cache) <= parse.PARSE_CACHE_SIZE


def test_the_stage_registry_is_what_runs_and_is_checked():
    from kg.extract.pipeline import GIVEN, STAGES, Stage, check_stages, run_stages

    check_stages(STAGES)   # as assembled: every input produced before it is read
    assert {"sentences", "mentions", "parses", "events", "claims"} <= {s.name for s in STAGES}
    with pytest.raises(ValueError, match="stage 'early' requires \\['parses'\\]"):
        check_stages((Stage("early", ("parses",), ("x",), lambda parses: {"x": 1}), *STAGES))
    liar = Stage("liar", ("text",), ("sentences",), lambda text: {"sentences": [], "extra": 1})
    with pytest.raises(ValueError, match="stage 'liar' produced \\['extra', 'sentences'\\]"):
        run_stages((liar,), dict.fromkeys(GIVEN, "x"))
