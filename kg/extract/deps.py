"""Structural questions about a parsed clause, asked the same way in every language.

English (``en_core_web_sm``: ClearNLP labels) and French (``fr_core_news_sm``: Universal
Dependencies labels) name the same relations differently, and mark a passive's agent
differently ("by" + object in English, a noun ``obl:agent`` with its own "par" in French).
The labels of each language are data: the ``[parse]`` table of its lexicon
(``ontology/lexicon/<lang>.toml``); the rules ask these functions.

>>> from kg.extract.lexicon import lexicon
>>> lexicon("fr").labels.passive_subject
frozenset({'nsubj:pass'})
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token


@dataclass(frozen=True)
class Labels:
    """The dependency labels of one language's parser for the relations the rules read."""

    subject: frozenset[str]
    passive_subject: frozenset[str]
    object: frozenset[str]
    passive_aux: frozenset[str]
    agent: frozenset[str]
    negation: frozenset[str]
    preposition_object: frozenset[str]   # the object of a preposition (English "pobj")
    case: frozenset[str]                 # a preposition hanging from its noun (UD "case")

    @classmethod
    def from_table(cls, table: dict[str, list[str]]) -> Labels:
        return cls(**{name: frozenset(table.get(name, ())) for name in cls.__dataclass_fields__})


def children(token: Token, labels: frozenset[str]) -> list[Token]:
    """The dependents of ``token`` whose label is one of ``labels``."""
    return [c for c in token.children if c.dep_ in labels]


def is_passive(verb: Token, labels: Labels) -> bool:
    return any(c.dep_ in labels.passive_aux for c in verb.children)


def subject(verb: Token, labels: Labels) -> Token | None:
    """The active subject of ``verb``, or None."""
    return next(iter(children(verb, labels.subject)), None)


def passive_subject(verb: Token, labels: Labels) -> Token | None:
    return next(iter(children(verb, labels.passive_subject)), None)


def objects(verb: Token, labels: Labels) -> list[Token]:
    return children(verb, labels.object)


def agents(verb: Token, labels: Labels) -> Iterator[Token]:
    """The nouns after "by"/"par" of a passive ``verb``: the English agent preposition's
    objects, or the French ``obl:agent`` nouns themselves."""
    for agent in children(verb, labels.agent):
        if agent.pos_ == "ADP":
            yield from children(agent, labels.preposition_object)
        else:
            yield agent


def preposition_objects(word: Token, prepositions: set[str], labels: Labels) -> Iterator[Token]:
    """The nouns attached to ``word`` through one of ``prepositions``: English "attack by X"
    (a preposition with its object) or French "attaque par X" (a noun with its own case word)."""
    for child in word.children:
        if child.pos_ == "ADP" and child.lower_ in prepositions:
            yield from children(child, labels.preposition_object)
        elif any(c.dep_ in labels.case and c.lower_ in prepositions for c in child.children):
            yield child
