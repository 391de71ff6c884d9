"""Name normalisation shared by every name lookup (reference index, matcher, evaluation).

>>> normalise("Jama’at Nusrat al-Islam wal-Muslimin")
'jamaat nusrat al islam wal muslimin'
>>> normalise("  NIAFUNKÉ ")
'niafunke'
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"[’‘`´ʼʻ']")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Case-folded, accent-free, apostrophe-free, punctuation as single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = _APOSTROPHES.sub("", ascii_text)
    return _NON_WORD.sub(" ", ascii_text).strip()
