"""The cue lexicon: speech and stance verbs, attributions, negation, hypotheticals and attack
words of one language, read from ``ontology/lexicon/<lang>.toml`` (data, not code).

An entry is a lemma (``"condemn"``) or a lemma and a particle or complement that must hang
from it (``"call for"``: the verb *call* with a dependent *for*).

>>> lexicon("en").speech_kind("condemn", ())
'condemnation'
>>> lexicon("en").speech_kind("call", ("for",)), lexicon("en").speech_kind("call", ("it",))
('call', 'description')
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from kg.errors import ReferenceDataError
from kg.extract.deps import Labels
from kg.extract.scanning import guarded
from kg.resources import ontology_dir

#: The order in which a verb's kinds are tried: a verb with a particle ("call for") before its
#: bare lemma ("call" = describe).
SPEECH_KINDS = ("responsibility", "condemnation", "accusation", "call", "denial", "acknowledgement", "verification",
                "description", "content")


@dataclass(frozen=True)
class Lexicon:
    """The cue words of one language (see ``ontology/lexicon/en.toml`` for what each holds)."""

    language: str
    speech: dict[str, tuple[tuple[str, ...], ...]]     # kind -> entries, each (lemma, *dependents)
    passive: dict[str, frozenset[str]]                  # kind -> verbs whose passive agent speaks
    according: tuple[tuple[str, ...], ...]
    negation: frozenset[str]
    hypothetical: tuple[tuple[str, ...], ...]
    attack_verbs: frozenset[str]
    attack_nouns: frozenset[str]
    forms: tuple[str, ...] = ()                         # irregular forms of speech verbs ("said", "told")
    devices: frozenset[str] = frozenset()               # what one strikes by accident: "hit a mine"
    organisation_words: frozenset[str] = frozenset()    # words that make a proper name an organisation's
    collective_speakers: frozenset[str] = frozenset()   # plural nouns that speak as a group: "survivors"
    pronouns: frozenset[str] = frozenset()              # subject pronouns that point to the last speaker
    incident_people: frozenset[str] = frozenset()       # perpetrators and victims: "gunmen", "the wounded"
    quoting: frozenset[str] = frozenset()               # "X quoted Y as saying": Y speaks
    triggers: dict[str, re.Pattern[str]] = field(default_factory=dict)   # tactic -> its trigger pattern
    labels: Labels | None = None                        # the parser's dependency labels (kg/extract/deps.py)
    by: frozenset[str] = frozenset({"by"})              # the prepositions of an attack's agent
    on: frozenset[str] = frozenset({"on", "against"})   # the prepositions of an attack's target
    inverted_speaker: bool = False                      # French "», a déclaré une source": the speaker follows
    content: dict[str, re.Pattern[str]] = field(default_factory=dict)   # claim kind (and declines ...) -> pattern
    stem_endings: tuple[str, ...] = ("e", "y")          # endings a lemma loses in its inflected forms

    @cached_property
    def content_kinds(self) -> list[tuple[str, re.Pattern[str]]]:
        """The claim kinds a clause's words make, in the lexicon's order."""
        return [(k, p) for k, p in self.content.items() if k not in ("declines", "named_attack", "attack_words")]

    def speech_kind(self, lemma: str, dependents: tuple[str, ...]) -> str | None:
        """The claim kind of a verb ``lemma`` with the lower-cased words hanging from it;
        ``"content"`` for a plain speech verb; None for no speech verb."""
        lemma = lemma.lower()
        for kind in SPEECH_KINDS:
            for entry in self.speech.get(kind, ()):
                if entry[0] == lemma and all(word in dependents for word in entry[1:]):
                    return kind
        return None

    def stem(self, lemma: str) -> str:
        """``lemma`` less the longest of the lexicon's ``stem_endings`` it ends with, keeping
        at least three letters."""
        for ending in sorted(self.stem_endings, key=len, reverse=True):
            if lemma.endswith(ending) and len(lemma) - len(ending) >= 3:
                return lemma[: -len(ending)]
        return lemma

    @cached_property
    def relay_words(self) -> frozenset[str]:
        """The first words of the attributions ("according", "selon")."""
        return frozenset(entry[0] for entry in self.according)

    @cached_property
    def incident_words(self) -> re.Pattern[str]:
        """Matches a form of an attack verb or noun ("attacked", "ambushes", "the killings"), or
        a word for an incident's perpetrators or victims ("gunmen", "the wounded")."""
        return _starting_with({self.stem(w) for w in self.attack_verbs | self.attack_nouns | self.incident_people})

    @cached_property
    def stems(self) -> re.Pattern[str]:
        """Matches a word that may be a form of a speech verb or an attribution: the lemma
        less its inflected ending ("deny" -> "den", "revendiquer" -> "revendiqu"), or an
        irregular form."""
        words = {entry[0] for entries in (*self.speech.values(), self.according) for entry in entries}
        return _starting_with({self.stem(w) for w in words} | set(self.forms))


def _starting_with(stems: set[str]) -> re.Pattern[str]:
    """Matches a word that starts with one of ``stems`` (longest first), in any case."""
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, stems), key=len, reverse=True)) + ")", re.I)


def _entries(words: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(word.lower().split()) for word in words)


@lru_cache(maxsize=4)
def lexicon(language: str) -> Lexicon:
    """The lexicon of ``language``, read once; a one-line error when absent or malformed."""
    path = ontology_dir() / "lexicon" / f"{language}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        speech = data["speech"]
        return Lexicon(
            language=data["language"],
            speech={kind: _entries(words) for kind, words in speech.items()
                    if isinstance(words, list) and kind != "forms"},
            passive={kind: frozenset(words) for kind, words in speech.get("passive", {}).items()},
            according=_entries(data["attribution"]["according"]),
            negation=frozenset(data["negation"]["words"]),
            hypothetical=_entries(data["hypothetical"]["words"]),
            attack_verbs=frozenset(data["attack"]["verbs"]),
            attack_nouns=frozenset(data["attack"]["nouns"]),
            forms=tuple(speech.get("forms", ())),
            devices=frozenset(data["attack"].get("devices", ())),
            organisation_words=frozenset(w.lower() for w in data.get("speakers", {}).get("organisation_words", ())),
            collective_speakers=frozenset(data.get("speakers", {}).get("collective", ())),
            pronouns=frozenset(data.get("speakers", {}).get("pronouns", ())),
            incident_people=frozenset(data["attack"].get("incident_people", ())),
            quoting=frozenset(data["attribution"].get("quoting", ())),
            triggers={tactic: guarded(rf"\b(?:{pattern})\b", re.I) for tactic, pattern in data["triggers"].items()},
            labels=Labels.from_table(data["parse"]),
            by=frozenset(data["attack"].get("by", ("by",))),
            on=frozenset(data["attack"].get("on", ("on", "against"))),
            inverted_speaker=bool(data["parse"].get("inverted_speaker", False)),
            content={kind: guarded(pattern, re.I) for kind, pattern in data["content"].items()},
            stem_endings=tuple(data.get("stem_endings", ("e", "y"))),
        )
    except FileNotFoundError:
        raise ReferenceDataError(f"{path}: no cue lexicon for language {language!r}") from None
    except (tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError, re.error) as err:
        raise ReferenceDataError(f"{path}: malformed cue lexicon ({type(err).__name__}: {err})") from None


@lru_cache(maxsize=1)
def lexicon_languages() -> frozenset[str]:
    """The languages with a lexicon file in ``ontology/lexicon/``."""
    return frozenset(path.stem for path in (ontology_dir() / "lexicon").glob("*.toml"))
