"""The alias index: every label of every reference actor, normalised, -> actor IRIs.

Adding an actor or an alias is a data edit in ``ontology/reference/``; this index is
rebuilt from the store, so no code changes.

>>> normalise("Jama’at Nusrat al-Islam wal-Muslimin")
'jamaat nusrat al islam wal muslimin'
>>> normalise("  NIAFUNKÉ ")
'niafunke'
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from kg.namespaces import GRAPH_REFERENCE

_APOSTROPHES = re.compile(r"[’‘`´ʼʻ']")
_NON_WORD = re.compile(r"[^a-z0-9]+")

ALIAS_QUERY = f"""
SELECT ?actor ?label ?class WHERE {{
  GRAPH <{GRAPH_REFERENCE}> {{
    ?actor a ?class .
    ?actor skos:prefLabel|skos:altLabel|skos:hiddenLabel|skg:acronym ?label .
  }}
  FILTER(STRSTARTS(STR(?actor), "https://w3id.org/sahel-kg/id/actor/"))
}}
"""


def normalise(text: str) -> str:
    """Case-folded, accent-free, apostrophe-free, punctuation as single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = _APOSTROPHES.sub("", ascii_text)
    return _NON_WORD.sub(" ", ascii_text).strip()


@dataclass
class AliasIndex:
    """normalised label -> IRIs, and IRI -> its classes (local names)."""

    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    classes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def from_store(cls, store) -> AliasIndex:  # noqa: ANN001 - KgStore, avoids an import cycle
        """Build the index from the reference graph of ``store``."""
        index = cls()
        for row in store.query(ALIAS_QUERY):
            actor = row["actor"].value
            index.add(actor, row["label"].value)
            index.classes[actor].add(row["class"].value.rsplit("#", 1)[-1])
        return index

    def add(self, iri: str, label: str) -> None:
        """Register ``label`` as a name of ``iri``."""
        key = normalise(label)
        if key:
            self.labels[key].add(iri)

    def lookup(self, name: str) -> set[str]:
        """Every IRI that ``name`` may refer to (empty when none)."""
        return set(self.labels.get(normalise(name), ()))

    def resolve(self, name: str) -> str | None:
        """The one IRI that ``name`` names, or None when it is unknown or ambiguous."""
        found = self.lookup(name)
        return next(iter(found)) if len(found) == 1 else None
