"""Who says what, read from the dependency parse: speech verbs, their speakers and the kind of
statement each heads.

For each verb of the cue lexicon (:mod:`kg.extract.lexicon`) in a parsed sentence:

- the speaker is the verb's subject ("the EU and the UN denounced" -> both), the agent of
  its passive ("was claimed by JNIM", "was condemned by the ministry"), the object of
  "according to" / "selon", the object of a verb of quoting ("Reuters quoted X as saying"),
  the noun after a French incise ("», a déclaré une source"); a pronoun subject ("it said",
  "il a déclaré") is the previous speaker; when the parse gives a verb no subject, the
  nearest known speaker before it in the same clause;
- an actor is the speaker when its mention covers the subject's head word, else when it is
  the first mention inside the subject phrase ("a spokesman for the army" -> the army); a
  subject no mention covers is proposed as a new actor (:func:`proposed_speaker`);
- a verb under a negation ("did not claim") makes no statement;
- a statement's clause stops where a speech act of its own begins (:func:`_unnested`);
- the kind is the lexicon's: ``condemnation``, ``accusation``, ``call``, ``description``,
  ``denial``, ``acknowledgement``, ``verification``, ``responsibility`` (a passive *claimed
  by*), or ``content`` (a plain speech verb: what the clause says decides, in
  :mod:`kg.extract.claims`).

Nothing here knows of events: :mod:`kg.extract.claims` decides what a statement is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from kg.extract import deps
from kg.extract.lexicon import Lexicon
from kg.namespaces import new_actor_iri
from kg.records import ActorMention, Evidence

_SPEAKING_CLASSES = {"ArmedGroup", "StateForce", "ForeignForce", "State", "GovernmentBody", "Person", "MediaOutlet",
                     "NewsOrganization", "MonitoringOrganization", "CollectiveSource", "Alliance", "Organization"}
#: The dependents that complete a multi-word verb entry ("call for", "hold ... responsible").
_PARTICLE_DEPS = {"prep", "prt", "acomp", "oprd", "advmod", "dative"}


@dataclass(frozen=True)
class Statement:
    """One attributed statement: ``speaker`` (and ``co_speakers``) ``verb`` ... (``kind``).

    ``verb_start``/``verb_end`` locate the verb in the document; ``clause_start``/``clause_end``
    the words the verb governs (its subtree), on which the claim's content is read.
    """

    speaker: ActorMention
    co_speakers: tuple[ActorMention, ...]
    kind: str
    verb: str
    verb_start: int
    verb_end: int
    clause_start: int
    clause_end: int
    passive: bool = False
    #: a speech act of its own ("..., while the army says ..."), not one reported inside another
    #: statement's content ("dismissed claims published by JNIM that ...")
    separate: bool = True


def needs_parse(sentence: str, lex: Lexicon) -> bool:
    """True when ``sentence`` may hold a speech verb of the lexicon or an attribution: one
    of its words starts with a lexicon lemma's stem ("condemned", "urges", "according"; an
    irregular form is listed in the lexicon's ``forms``). A cheap test, so that only these
    sentences are parsed."""
    return bool(lex.stems.search(sentence))


def statements(doc: Doc, offset: int, actors: list[ActorMention], lex: Lexicon,
               last: ActorMention | None = None, key: str = "") -> list[Statement]:
    """The statements of the parsed sentence ``doc`` whose text starts at ``offset`` in the
    document ``key``; ``actors`` are the document's actor mentions (any order). A speaker the
    mentions miss is proposed from its phrase (:func:`proposed_speaker`)."""
    known = [a for a in actors if a.actor_class in _SPEAKING_CLASSES and a.how != "patron"]

    def speakers(token: Token) -> ActorMention | None:
        at = offset + token.idx
        if token.pos_ == "PROPN" and not any(m.evidence.start <= at < m.evidence.end for m in known):
            # a name the reference lacks speaks, not the descriptor of its apposition ("X, a nurse, said")
            return proposed_speaker(token, offset, key, lex) or _mention_of(token, offset, known)
        return _mention_of(token, offset, known) or proposed_speaker(token, offset, key, lex)

    def nearest_before(verb: Token) -> Token | None:
        """When the parse gives a speech verb no subject: the word that starts the nearest known
        speaker before it, with no clause break (quote, semicolon) between ("L'armée a démenti")."""
        at = offset + verb.idx
        before = [m for m in known if offset <= m.evidence.start and m.evidence.end <= at
                  and not _BREAK.search(doc.text, m.evidence.end - offset, verb.idx)]
        if not before:
            return None
        start = max(before, key=lambda m: m.evidence.end).evidence.start - offset
        return next((t for t in doc if t.idx <= start < t.idx + len(t.text)), None)

    found: list[Statement] = []
    for token in doc:
        statement = _statement(token, offset, speakers, lex, last, nearest_before)
        if statement is not None:
            found.append(statement)
            last = statement.speaker
    return _unnested(found)


def _unnested(found: list[Statement]) -> list[Statement]:
    """Each statement's clause without the statements nested after its verb: in "According to
    a source, X attacked ..., while the army says it repelled them" the source does not say
    what the army says."""
    cut = []
    for statement in found:
        end = statement.clause_end
        for other in found:
            if other is not statement and other.separate and statement.verb_end <= other.clause_start < end \
                    and other.clause_end <= statement.clause_end:
                end = other.clause_start
        cut.append(replace(statement, clause_end=end) if end != statement.clause_end else statement)
    return cut


def _statement(token: Token, offset: int, speakers: Callable[[Token], ActorMention | None], lex: Lexicon,
               last: ActorMention | None,
               nearest_before: Callable[[Token], Token | None] = lambda _verb: None) -> Statement | None:
    labels = lex.labels
    relayed = _according(token, lex)
    if relayed is not None:   # "according to X" / "selon X": X speaks, of what the clause says
        speaker, head = relayed
        return _made(speaker, head, "content", token, offset, speakers, last, lex)
    if token.pos_ not in ("VERB", "AUX") or _negated(token, lex):
        return None
    dependents = tuple(c.lower_ for c in token.children if c.dep_ in _PARTICLE_DEPS)
    kind = lex.speech_kind(token.lemma_, dependents)
    passive = deps.is_passive(token, labels)
    if passive and token.lemma_.lower() in lex.quoting:   # "X was quoted as saying": X speaks
        return _made(deps.passive_subject(token, labels), token, "content", token, offset, speakers, last, lex) \
            if kind else None
    if passive:
        agent = next(deps.agents(token, labels), None)
        if agent is None:
            return None   # "was described as" with no one describing: the narrator's
        kind = next((k for k, verbs in lex.passive.items() if token.lemma_.lower() in verbs), kind)
        return _made(agent, token, kind, token, offset, speakers, last, lex, passive=True) if kind else None
    if kind is None:
        return None
    subject = deps.subject(token, labels)
    quoted = next(iter(deps.objects(token, labels)), None)
    if quoted is not None and (token.lemma_.lower() in lex.quoting or (
            subject is None and lex.inverted_speaker and quoted.i > token.i and _after_incise(token))):
        subject = quoted   # "Reuters quoted X as saying"; French "», a déclaré une source": X speaks
    if subject is None and token.dep_ == "conj":   # "The army confirmed the attack and denied ..."
        subject = deps.subject(token.head, labels)
    if subject is None:
        subject = nearest_before(token)
    return _made(subject, token, kind, token, offset, speakers, last, lex)


def _after_incise(verb: Token) -> bool:
    """True for a verb that opens an incise after a quotation or a comma ("», a déclaré X",
    ", a ajouté X"): its auxiliaries aside, the word before it is a comma or a closing quote."""
    i = verb.i - 1
    while i >= 0 and verb.doc[i].pos_ == "AUX":
        i -= 1
    return i >= 0 and verb.doc[i].text in {",", "»", "”", '"'}


def _according(token: Token, lex: Lexicon) -> tuple[Token, Token] | None:
    """(speaker, head of the clause) when ``token`` opens an attribution of the lexicon:
    English "according to X" (a verb with "to" and its object), French "selon X" / "d'après X"
    (a preposition hanging from X)."""
    for entry in lex.according:
        if len(entry) == 2 and token.lower_ == entry[0]:
            to = next((c for c in token.children if c.lower_ == entry[1]), None)
            objects = deps.children(to, lex.labels.preposition_object) if to is not None else []
            if objects:
                return objects[0], token.head if token.head is not token else token
        elif len(entry) == 1 and token.lower_ == entry[0] and token.dep_ in lex.labels.case:
            return token.head, token.head.head if token.head.head is not token.head else token.head
    return None


def _negated(token: Token, lex: Lexicon) -> bool:
    return any(c.dep_ in lex.labels.negation or c.lower_ in lex.negation for c in token.children
               if c.dep_ in lex.labels.negation or c.dep_ == "advmod")


def _made(subject: Token | None, head: Token, kind: str, verb: Token, offset: int,
          speakers: Callable[[Token], ActorMention | None], last: ActorMention | None, lex: Lexicon, *,
          passive: bool = False) -> Statement | None:
    if subject is None:
        return None
    speaker = last if subject.lower_ in lex.pronouns else speakers(subject)   # "it said", "il a déclaré"
    if speaker is None:
        return None
    co = tuple(m for c in subject.conjuncts if (m := speakers(c)) and m.iri != speaker.iri)
    if head is verb and verb.head is not verb and (verb.dep_ == "parataxis" or _after_incise(verb)):
        head = verb.head   # a post-posed attribution ("« ... », a déclaré X"): it governs the sentence
    start = offset + min(head.left_edge.idx, verb.idx)
    right = head.right_edge
    return Statement(speaker, co, kind, verb.text, offset + verb.idx, offset + verb.idx + len(verb.text), start,
                     offset + right.idx + len(right.text), passive,
                     separate=verb.dep_ in ("ROOT", "advcl", "conj", "parataxis"))


def _mention_of(token: Token, offset: int, speakers: list[ActorMention]) -> ActorMention | None:
    """The actor mention that names the phrase headed by ``token``: the one covering the head
    word, else the first inside the phrase (not inside a conjoined phrase of its own)."""
    at = offset + token.idx
    for mention in speakers:
        if mention.evidence.start <= at < mention.evidence.end:
            return mention
    conjoined = {t.i for c in token.children if c.dep_ in ("conj", "cc") for t in c.subtree}
    words = [t for t in token.subtree if t.i not in conjoined] or [token]
    left, right = offset + words[0].idx, offset + words[-1].idx + len(words[-1].text)
    inside = [m for m in speakers if left <= m.evidence.start and m.evidence.end <= right]
    return min(inside, key=lambda m: m.evidence.start) if inside else None


#: Dependencies that lead from a date's words up to the word the date modifies.
_TEMPORAL_PATH = {"pobj", "prep", "npadvmod", "tmod", "compound", "nummod", "nmod", "appos", "quantmod"}


def statement_times(doc: Doc, offset: int, lex: Lexicon, dates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (start, end) spans of the time phrases that date a statement rather than an
    incident: a date (``dates``: the (start, end) of the date expressions the dates stage
    found in the document) whose phrase hangs from a speech
    verb ("On 27 August, sources told Reuters ...", "the army said on Monday", "in a statement
    on Tuesday, the ministry condemned"), not from an attack word or the verb of what is said
    ("JNIM said it attacked the camp on Friday", "claimed an attack ... on Tuesday night")."""
    spans = []
    firsts = []
    for start, end in dates:
        inside = [t for t in doc if start <= offset + t.idx < end]
        firsts += inside[:1]
    for token in firsts:
        below, word = token, token
        while word.dep_ in _TEMPORAL_PATH and word.head is not word:
            below, word = word, word.head
            if word.lemma_.lower() in lex.attack_nouns or word.lemma_.lower() in lex.attack_verbs:
                break
        if word.pos_ not in ("VERB", "AUX") or word.lemma_.lower() in lex.attack_verbs:
            continue
        dependents = tuple(c.lower_ for c in word.children if c.dep_ in _PARTICLE_DEPS)
        if lex.speech_kind(word.lemma_, dependents) is not None:
            words = list(below.subtree)
            spans.append((offset + words[0].idx, offset + words[-1].idx + len(words[-1].text)))
    return spans


#: What separates a speaker from a verb that is not its own: a quotation or a clause break.
_BREAK = re.compile(r"[«»“”\";:.]")
#: Dependents whose words are no part of a speaker's name ("the League, which ...", "X, a rights group").
_ASIDES = {"relcl", "acl", "appos", "punct", "cc", "conj", "prep", "advmod"}


def proposed_speaker(subject: Token, offset: int, key: str, lex: Lexicon) -> ActorMention | None:
    """A speaker the reference lacks, read from the phrase the parse makes the subject of a
    speech verb: a proper name ("the Sahel Liberties Observatory said", "Mariam Dicko said")
    becomes a new organisation or person (an organisation when a word of the lexicon's
    ``organisation_words`` is in it); a plural collective of the lexicon's
    ``collective_speakers`` ("survivors said") a new collective source. Anything else: None."""
    if subject.pos_ == "PROPN":
        words = _name_words(subject)
        if not words or len(words) > 7 or not words[0].text[:1].isupper():
            return None
        organisation = any(w.lower_ in lex.organisation_words for w in words)
        if not organisation and not all(w.text[:1].isupper() for w in words):
            return None
        return _new(words, offset, key, "Organization" if organisation or len(words) == 1 else "Person")
    if subject.pos_ == "NOUN" and subject.tag_ in ("NNS", "NNPS") and subject.lemma_.lower() in lex.collective_speakers:
        return _new([subject], offset, key, "CollectiveSource")
    return None


def _name_words(head: Token) -> list[Token]:
    """The words of the name headed by ``head``: its subtree without asides, leading
    determiners or possessives (French particles inside a name stay: "Ligue des droits")."""
    skipped = {t.i for c in head.children if c.dep_ in _ASIDES and c.i > head.i
               and not (c.dep_ == "prep" and c.lower_ in {"of", "for", "de", "des", "du"}) for t in c.subtree}
    words = [t for t in head.subtree if t.i not in skipped and t.dep_ not in ("det", "poss", "case", "punct")]
    while words and words[0].pos_ in ("DET", "ADP"):
        words = words[1:]
    return words


def _new(words: list[Token], offset: int, key: str, actor_class: str) -> ActorMention:
    start, end = offset + words[0].idx, offset + words[-1].idx + len(words[-1].text)
    label = words[0].doc.text[words[0].idx : words[-1].idx + len(words[-1].text)]
    return ActorMention(Evidence(key, start, end, label), new_actor_iri(label), label, "new", False, actor_class)
