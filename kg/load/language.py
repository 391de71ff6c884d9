"""The language of a document whose sidecar and markup do not state it: detected by py3langid
(a maintained fork of langid.py, its model bundled in the wheel: nothing is downloaded).

>>> detect_language("Des jihadistes ont attaqué dimanche le camp militaire de Bourem, selon l'armée.")
'fr'
>>> detect_language("Militants attacked the army camp at Bourem on Sunday, the army said.")
'en'
"""

from __future__ import annotations

from functools import lru_cache

#: Where a document's language came from (``skg:languageSource`` of its graph).
LANGUAGE_SOURCES = ("sidecar", "markup", "detected")


@lru_cache(maxsize=1)
def _identifier():  # noqa: ANN202 - py3langid's LanguageIdentifier
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """The ISO 639-1 code py3langid finds most probable for ``text`` (any of its 97 languages;
    the extractor reads those it has a lexicon for, and others as English)."""
    language, _probability = _identifier().classify(text[:5000])
    return language
