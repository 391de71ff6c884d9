"""``kg evaluate GOLD_DIR``: the store's extraction against gold annotations, per category.

The gold (``tests/gold/<file stem>.toml``, schema in ``tests/gold/README.md``) is written
by reading the documents. Matching rules, per document:

- **events** (each document's own events, before fusion): a gold event and a system
  event match when they are at the same place (the town, an installation counting as its
  town; names compared through every spelling the gazetteer knows) and on the same date
  (a month-precision gold date matches any day of that month); a gold event without a
  named place matches a system event placed at region or country level on the same
  date. Type, attackers and targets of matched events are compared, every difference
  listed.
- **claims**: same claimant (resolved through the reference aliases), same kind, same
  figure category, about the matched event (a gold claim about a campaign, or about no
  event, accepts any event). The narrator's unattributed statements are not claims on
  either side. Stance and figure bounds of matched claims are compared.
- **actors** and **places**: the sets of actors and places the document mentions
  (installations count as their town).
- **dates**: the dates of gold events against the dates of their matched system events
  (a date is correct when exact at the gold's precision).
- **roles**: on matched events, the share whose attackers (targets) are exactly the gold's
  set (both empty counts as right).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.link.aliases import normalise
from kg.link.reference import ReferenceIndex
from kg.store import KgStore

CATEGORIES = ("events", "claims", "actors", "places", "dates")
ROLES = ("attackers", "targets")


@dataclass
class Score:
    """Counts of one category and the mismatches that explain them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """Scores per category, summed over documents."""

    scores: dict[str, Score] = field(default_factory=lambda: {c: Score() for c in CATEGORIES})
    documents: list[str] = field(default_factory=list)
    #: role -> [matched events whose role set equals the gold's, matched events]
    roles: dict[str, list[int]] = field(default_factory=lambda: {r: [0, 0] for r in ROLES})

    def role_accuracy(self, role: str) -> float:
        """The share of matched events whose ``role`` (attackers, targets) is exactly the gold's."""
        right, total = self.roles[role]
        return right / total if total else 1.0

    def report(self) -> str:
        lines = [f"{'category':<10}{'P':>7}{'R':>7}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}"]
        for name, s in self.scores.items():
            lines.append(f"{name:<10}{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}{s.tp:>5}{s.fp:>5}{s.fn:>5}")
        for role, (right, total) in self.roles.items():
            lines.append(f"{role:<10}{self.role_accuracy(role):>7.2f} right on {right} of {total} matched events")
        for name, s in self.scores.items():
            lines += [f"  {name}: {note}" for note in s.notes]
        return "\n".join(lines)


_EVENTS = """
SELECT ?event ?type ?date ?place ?placeClass ?town ?attacker ?target WHERE {
  ?report skg:reportOf ?event ; skg:inDocument/skg:fileName ?file .
  ?event skg:subEventType ?type .
  FILTER NOT EXISTS { ?event prov:wasDerivedFrom ?member }   # the document's own view, not a fusion
  OPTIONAL { ?event skg:earliestDate ?date }
  OPTIONAL { ?event skg:place ?place . ?place a ?placeClass .
             FILTER(STRSTARTS(STR(?placeClass), "https://w3id.org/sahel-kg/ontology#"))
             OPTIONAL { ?place skg:locatedIn ?town } }
  OPTIONAL { ?event skg:attacker ?attacker }
  OPTIONAL { ?event skg:target ?target }
}"""
_CLAIMS = """
SELECT ?claim ?claimant ?claimantLabel ?kind ?stance ?event ?category ?low ?high WHERE {
  ?claim skg:reportedBy/skg:fileName ?file ; skg:claimant ?claimant ; skg:claimKind ?kind ;
         skg:stance ?stance .
  FILTER NOT EXISTS { ?claim skg:byNarrator true }
  OPTIONAL { ?claim skg:about ?event }
  OPTIONAL { ?claimant skos:prefLabel ?claimantLabel }
  OPTIONAL { ?claim skg:hasFigure ?f . ?f skg:figureCategory ?category ; skg:low ?low .
             OPTIONAL { ?f skg:high ?high } }
}"""
_MENTIONED = """
SELECT DISTINCT ?target ?label WHERE {
  ?m skg:inDocument/skg:fileName ?file ; skg:refersTo ?target .
  OPTIONAL { ?target skos:prefLabel ?label }
}"""


def _tail(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


class Evaluator:
    """Compares the store with a folder of gold files."""

    def __init__(self, store: KgStore) -> None:
        self.store = store
        self.reference = ReferenceIndex.from_store(store)

    def actor_iri(self, name: str) -> str:
        iris = self.reference.actor_names.get(normalise(name))
        return sorted(iris)[0] if iris else "new:" + normalise(name)

    def place_names(self, iri: str, label: str | None = None) -> set[str]:
        entry = self.reference.places.get(iri)
        names = {normalise(n) for n in entry.names} if entry else set()
        return names | ({normalise(label)} if label else set())

    def run(self, gold_dir: Path) -> Evaluation:
        files = sorted(gold_dir.glob("*.toml"))
        if not files:
            raise KgError(f"{gold_dir}: no gold files (*.toml)")
        evaluation = Evaluation()
        for path in files:
            try:
                gold = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as err:
                raise KgError(f"{path}: not valid TOML ({err})") from None
            self._document(gold, evaluation)
            evaluation.documents.append(gold["document"])
        return evaluation

    def _bindings(self, query: str, file: str) -> list:
        from pyoxigraph import Literal

        return list(self.store.query(query, {"file": Literal(file)}))

    def _document(self, gold: dict, evaluation: Evaluation) -> None:
        file = gold["document"]
        events = self._system_events(file)
        mapping = self._match_events(file, gold.get("events", []), events, evaluation)
        self._claims(file, gold, mapping, evaluation)
        self._mentions(file, gold, evaluation)

    # -- events and dates ---------------------------------------------------------------

    def _system_events(self, file: str) -> dict[str, dict]:
        events: dict[str, dict] = {}
        for row in self._bindings(_EVENTS, file):
            event = events.setdefault(row["event"].value, {"attackers": set(), "targets": set()})
            event["type"] = _tail(row["type"].value)
            event["date"] = row["date"].value if row["date"] else None
            if row["place"] is not None:
                cls = _tail(row["placeClass"].value.replace("#", "/"))
                if cls not in ("Place",):
                    event["class"] = cls
                place = row["town"].value if row["town"] else row["place"].value
                event["place"] = place
            for role in ("attacker", "target"):
                if row[role] is not None:
                    event[role + "s"].add(row[role].value)
        return events

    def _match_events(self, file: str, gold_events: list[dict], events: dict[str, dict],
                      evaluation: Evaluation) -> dict[str, str]:
        score, dates = evaluation.scores["events"], evaluation.scores["dates"]
        labels = {row["target"].value: row["label"].value for row in self._bindings(_MENTIONED, file)
                  if row["label"] is not None}
        mapping: dict[str, str] = {}
        free = dict(events)
        for gold in gold_events:
            match = next((iri for iri, e in free.items() if self._same_event(gold, e, labels)), None)
            if match is None:
                score.fn += 1
                score.notes.append(f"{file}: missed {gold['id']} ({gold.get('type')}, {gold.get('date')}, "
                                   f"{gold.get('place') or gold.get('region')})")
                if gold.get("date"):
                    dates.fn += 1
                continue
            mapping[gold["id"]] = match
            event = free.pop(match)
            score.tp += 1
            for role in self._compare_event(file, gold, event, score):
                evaluation.roles[role][0] += 1
            for role in ROLES:
                evaluation.roles[role][1] += 1
            if gold.get("date"):
                if event.get("date") and event["date"].startswith(gold["date"]):
                    dates.tp += 1
                else:
                    dates.fp += 1
                    dates.fn += 1
                    dates.notes.append(f"{file}: {gold['id']} date {event.get('date')} != {gold['date']}")
        for iri, event in free.items():
            score.fp += 1
            score.notes.append(f"{file}: extra event {_tail(iri)} ({event['type']}, {event.get('date')}, "
                               f"{labels.get(event.get('place', ''), event.get('place'))})")
        return mapping

    def _same_event(self, gold: dict, event: dict, labels: dict[str, str]) -> bool:
        date = gold.get("date")
        if date and not (event.get("date") or "").startswith(date[:7] if gold.get("date_precision") ==
                                                              "month" else date):
            return False
        if gold.get("place"):
            place = event.get("place")
            return bool(place) and normalise(gold["place"]) in self.place_names(place, labels.get(place))
        return event.get("class") in (None, "Admin1Region", "Country", "Admin2District")

    def _compare_event(self, file: str, gold: dict, event: dict, score: Score) -> list[str]:
        """Note every difference of a matched event; return the roles it has right."""
        from kg.namespaces import slug

        if slug(gold.get("type", "")) != event["type"]:
            score.notes.append(f"{file}: {gold['id']} type {event['type']} != {slug(gold.get('type', ''))}")
        right = []
        for role in ROLES:
            want = {self.actor_iri(n) for n in gold.get(role, [])}
            if want != event[role]:
                score.notes.append(f"{file}: {gold['id']} {role} {sorted(map(_tail, event[role]))} "
                                   f"!= {sorted(map(_tail, want))}")
            else:
                right.append(role)
        return right

    # -- claims -------------------------------------------------------------------------

    def _claims(self, file: str, gold: dict, mapping: dict[str, str], evaluation: Evaluation) -> None:
        score = evaluation.scores["claims"]
        system: dict[str, dict] = {}
        for row in self._bindings(_CLAIMS, file):
            claim = system.setdefault(row["claim"].value, {})
            claimant = row["claimant"].value
            if claimant.startswith(_NEW_ACTOR) and row["claimantLabel"]:
                claimant = "new:" + normalise(row["claimantLabel"].value)   # as gold names new actors
            claim.update(claimant=claimant, kind=_tail(row["kind"].value),
                         stance=_tail(row["stance"].value),
                         event=row["event"].value if row["event"] else None,
                         category=_tail(row["category"].value) if row["category"] else None,
                         low=float(row["low"].value) if row["low"] else None,
                         high=float(row["high"].value) if row["high"] else None)
        free = dict(system)
        # claims about a matched incident first: one about an unmatched incident accepts any event,
        # and must not take the claim that a precise one needs
        kinded = [claim for claim in gold.get("claims", []) if "kind" in claim]
        for claim in sorted(kinded, key=lambda c: mapping.get(c.get("event", "")) is None):
            match = next((iri for iri, c in free.items() if self._same_claim(claim, c, mapping)), None)
            label = f"{claim.get('claimant')} {claim['kind']} {claim.get('category', '')} {claim.get('event', '')}"
            if match is None:
                score.fn += 1
                score.notes.append(f"{file}: missed claim {label}")
                continue
            found = free.pop(match)
            score.tp += 1
            if found["stance"] != claim.get("stance", "asserts"):
                score.notes.append(f"{file}: claim {label} stance {found['stance']} != {claim.get('stance')}")
            if "low" in claim and (found["low"], found["high"]) != (claim["low"], claim.get("high")):
                score.notes.append(f"{file}: claim {label} bounds {found['low']}..{found['high']} "
                                   f"!= {claim['low']}..{claim.get('high')}")
        for iri, claim in free.items():
            score.fp += 1
            score.notes.append(f"{file}: extra claim {_tail(iri)} {_tail(claim['claimant'])} {claim['kind']} "
                               f"{claim['category'] or ''}")

    def _same_claim(self, gold: dict, claim: dict, mapping: dict[str, str]) -> bool:
        if self.actor_iri(gold["claimant"]) != claim["claimant"] or gold["kind"] != claim["kind"]:
            return False
        if gold.get("category") and gold["category"] != claim["category"]:
            return False
        event = gold.get("event")
        return event is None or mapping.get(event) == claim["event"] or mapping.get(event) is None

    # -- actors and places --------------------------------------------------------------

    def _mentions(self, file: str, gold: dict, evaluation: Evaluation) -> None:
        rows = self._bindings(_MENTIONED, file)
        actors = {r["target"].value for r in rows if "/actor/" in r["target"].value}
        actors = {a if not a.startswith(_NEW_ACTOR) else "new:" + normalise(self._label(rows, a)) for a in actors}
        _score_sets(evaluation.scores["actors"], file, {self.actor_iri(a["name"]) for a in gold.get("actors", [])},
                    actors)
        system_places = {r["target"].value: r["label"].value if r["label"] else ""
                         for r in rows if "/place/" in r["target"].value and "/installation/" not in r["target"].value}
        gold_places = {normalise(p["name"]) for p in gold.get("places", [])}
        found = {name for name in gold_places
                 if any(name in self.place_names(iri, label) for iri, label in system_places.items())}
        extra = [label or iri for iri, label in system_places.items()
                 if not self.place_names(iri, label) & gold_places]
        score = evaluation.scores["places"]
        score.tp += len(found)
        score.fn += len(gold_places - found)
        score.fp += len(extra)
        score.notes += [f"{file}: missed place {p}" for p in sorted(gold_places - found)]
        score.notes += [f"{file}: extra place {p}" for p in sorted(extra)]

    @staticmethod
    def _label(rows: list, iri: str) -> str:
        return next((r["label"].value for r in rows if r["target"].value == iri and r["label"]), iri)


_NEW_ACTOR = "https://w3id.org/sahel-kg/id/actor/new/"


def _score_sets(score: Score, file: str, gold: set[str], system: set[str]) -> None:
    score.tp += len(gold & system)
    score.fn += len(gold - system)
    score.fp += len(system - gold)
    score.notes += [f"{file}: missed {_tail(x)}" for x in sorted(gold - system)]
    score.notes += [f"{file}: extra {_tail(x)}" for x in sorted(system - gold)]


def evaluate(store: KgStore, gold_dir: Path) -> Evaluation:
    """Evaluate ``store`` against the gold files of ``gold_dir``."""
    if not gold_dir.is_dir():
        raise KgError(f"{gold_dir}: no such folder of gold annotations")
    return Evaluator(store).run(gold_dir)


__all__ = ["CATEGORIES", "Evaluation", "Score", "evaluate"]
