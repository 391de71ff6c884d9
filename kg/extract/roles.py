"""Agents and patients of attacks, read from the dependency parse.

For every attack verb or noun of the cue lexicon (:mod:`kg.extract.lexicon`) in a parsed
sentence:

- active verb: its subject attacks, its object is attacked ("JNIM fighters ambushed a
  FAMa convoy");
- passive verb: the agent after "by" attacks, the subject is attacked ("soldiers were
  killed by ISSP militants");
- noun: the "by" phrase attacks, the "on"/"against" phrase is attacked ("an attack by JNIM
  on the army camp"), and so does a possessive or compound ahead of it ("JNIM's assault",
  "an army drone strike").

An actor mention counts when it lies inside that phrase. A negated or hypothetical verb
gives nothing (no incident took place). The caller decides how these roles weigh against
its other evidence (:func:`kg.extract.events.find_cues`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.extract.lexicon import Lexicon
from kg.records import ActorMention

_BY = {"by"}
_ON = {"on", "against", "targeting"}


@dataclass
class Roles:
    """The actor mentions a sentence's parse puts on each side of an attack."""

    agents: list[ActorMention] = field(default_factory=list)
    patients: list[ActorMention] = field(default_factory=list)

    def add(self, side: list[ActorMention], mentions: list[ActorMention]) -> None:
        side.extend(m for m in mentions if m not in side)


def attack_roles(doc: Doc, offset: int, actors: list[ActorMention], lex: Lexicon) -> Roles:
    """The agents and patients of the attack words of ``doc`` (the sentence at ``offset``)."""
    roles = Roles()
    for token in doc:
        if token.pos_ == "VERB" and token.lemma_.lower() in lex.attack_verbs and not _negated(token, lex):
            _verb_roles(token, offset, actors, roles, lex)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in lex.attack_nouns:
            _noun_roles(token, offset, actors, roles)
    return roles


def _negated(token: Token, lex: Lexicon) -> bool:
    """A verb under a negation or a modal ("did not attack", "could attack")."""
    return any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in {w[0] for w in lex.hypothetical})
               for c in token.children)


def _verb_roles(verb: Token, offset: int, actors: list[ActorMention], roles: Roles, lex: Lexicon) -> None:
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if not passive and any(c.dep_ == "dobj" and c.lemma_.lower() in lex.devices for c in verb.children):
        for child in verb.children:   # "the convoy struck an IED": the one who hits a device is hit
            if child.dep_ == "nsubj":
                roles.add(roles.patients, _inside(child, offset, actors))
        return
    for child in verb.children:
        if child.dep_ == "nsubj" and not passive:
            roles.add(roles.agents, _inside(child, offset, actors))
        elif child.dep_ == "dobj" and not passive or child.dep_ == "nsubjpass":
            roles.add(roles.patients, _inside(child, offset, actors))
        elif child.dep_ == "agent":
            for obj in child.children:
                roles.add(roles.agents, _inside(obj, offset, actors))
    if verb.dep_ == "acl" and verb.tag_ == "VBN":   # "soldiers killed by ISSP": the noun is the patient
        roles.add(roles.patients, _inside(verb.head, offset, actors, own=True))
    elif verb.dep_ in ("acl", "relcl") and not passive:   # "militants who attacked the post"
        roles.add(roles.agents, _inside(verb.head, offset, actors, own=True))


def _noun_roles(noun: Token, offset: int, actors: list[ActorMention], roles: Roles) -> None:
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in _BY:   # "by X against Y": Y is no agent
            for obj in child.children:
                aimed = [p for p in obj.children if p.dep_ == "prep" and p.lower_ in _ON]
                roles.add(roles.patients, [m for p in aimed for m in _inside(p, offset, actors)])
                roles.add(roles.agents, [m for m in _inside(obj, offset, actors) if m not in roles.patients])
        elif child.dep_ == "prep" and child.lower_ in _ON:
            for obj in child.children:
                roles.add(roles.patients, _inside(obj, offset, actors))
        elif child.dep_ in ("poss", "compound", "nmod"):
            roles.add(roles.agents, _inside(child, offset, actors))


def _inside(head: Token, offset: int, actors: list[ActorMention], *, own: bool = False) -> list[ActorMention]:
    """The mentions inside the phrase headed by ``head`` (only its own words and modifiers
    before it when ``own``: the head noun of a relative clause, not the clause)."""
    words = [t for t in head.subtree if t.i <= head.i] if own else list(head.subtree)
    left, right = offset + words[0].idx, offset + words[-1].idx + len(words[-1].text)
    return [m for m in actors if left <= m.evidence.start and m.evidence.end <= right]
