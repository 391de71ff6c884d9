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

from kg.extract import deps
from kg.extract.lexicon import Lexicon
from kg.records import ActorMention


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
            _noun_roles(token, offset, actors, roles, lex)
    return roles


def _negated(token: Token, lex: Lexicon) -> bool:
    """A verb under a negation or a modal ("did not attack", "could attack")."""
    modals = {w[0] for w in lex.hypothetical}
    return any(c.dep_ in lex.labels.negation or c.lower_ in lex.negation and c.dep_ == "advmod"
               or (c.dep_.startswith("aux") and c.lower_ in modals) for c in token.children)


def _verb_roles(verb: Token, offset: int, actors: list[ActorMention], roles: Roles, lex: Lexicon) -> None:
    labels = lex.labels
    passive = deps.is_passive(verb, labels)
    subject = deps.subject(verb, labels)
    hit = [o for o in deps.objects(verb, labels) if o.lemma_.lower() in lex.devices]
    if not passive and hit:   # "the convoy struck an IED": the one who hits a device is hit
        if subject is not None:
            roles.add(roles.patients, _inside(subject, offset, actors))
        return
    if passive:
        patient = deps.passive_subject(verb, labels)
        if patient is not None:
            roles.add(roles.patients, _inside(patient, offset, actors))
        for agent in deps.agents(verb, labels):
            roles.add(roles.agents, _inside(agent, offset, actors))
    else:
        if subject is not None:
            roles.add(roles.agents, _inside(subject, offset, actors))
        for patient in deps.objects(verb, labels):
            roles.add(roles.patients, _inside(patient, offset, actors))
    if verb.dep_ == "acl" and (verb.tag_ == "VBN" or verb.morph.get("VerbForm") == ["Part"]):
        roles.add(roles.patients, _inside(verb.head, offset, actors, own=True))   # "soldiers killed by ISSP"
    elif verb.dep_ in ("acl", "relcl", "acl:relcl") and not passive:   # "militants who attacked the post"
        roles.add(roles.agents, _inside(verb.head, offset, actors, own=True))


def _noun_roles(noun: Token, offset: int, actors: list[ActorMention], roles: Roles, lex: Lexicon) -> None:
    labels = lex.labels
    for agent in deps.preposition_objects(noun, lex.by, labels):   # "by X against Y": Y is no agent
        aimed = [m for target in deps.preposition_objects(agent, lex.on, labels)
                 for m in _inside(target, offset, actors)]
        roles.add(roles.patients, aimed)
        roles.add(roles.agents, [m for m in _inside(agent, offset, actors) if m not in roles.patients])
    for target in deps.preposition_objects(noun, lex.on, labels):
        roles.add(roles.patients, _inside(target, offset, actors))
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "nmod") and not any(c.dep_ in labels.case for c in child.children):
            roles.add(roles.agents, _inside(child, offset, actors))


def _inside(head: Token, offset: int, actors: list[ActorMention], *, own: bool = False) -> list[ActorMention]:
    """The mentions inside the phrase headed by ``head`` (only its own words and modifiers
    before it when ``own``: the head noun of a relative clause, not the clause)."""
    words = [t for t in head.subtree if t.i <= head.i] if own else list(head.subtree)
    left, right = offset + words[0].idx, offset + words[-1].idx + len(words[-1].text)
    return [m for m in actors if left <= m.evidence.start and m.evidence.end <= right]
