"""Reported figures: how many people were killed, wounded, captured or went missing, and
how many vehicles and weapons were seized, as one sentence states them.

``parse_quantity`` turns the words of a quantity into ``(low, high)`` bounds (``high`` None
= open); ``acled_value`` gives the single number ACLED would code for the same words;
``find_figures`` finds the figures of one sentence. The mapping is documented, with its
sources (ACLED, UCDP or the project's own choice), in ``docs/figures.md``.

>>> parse_quantity("more than 80"), parse_quantity("dozens of"), acled_value("dozens")
((81, None), (24, None), 12)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.extract.scanning import alternation, guarded
from kg.records import Evidence, FigureMention

#: Every slug this module may emit; all are concepts of the ``skgv:figure-category`` scheme
#: (ontology/vocabularies.ttl; a test checks the two agree).
VOCABULARY_CATEGORIES = frozenset({
    "people-killed", "soldiers-killed", "civilians-killed", "militants-killed",
    "people-wounded", "soldiers-wounded", "civilians-wounded", "militants-wounded",
    "people-captured", "soldiers-captured", "civilians-captured", "militants-captured",
    "people-missing", "soldiers-missing", "civilians-missing", "militants-missing",
    "people-killed-or-wounded", "soldiers-killed-or-wounded",
    "civilians-killed-or-wounded", "militants-killed-or-wounded",
    "vehicles-seized", "weapons-seized",
})

_I = re.IGNORECASE


def _numbered(words: str, first: int, step: int = 1) -> dict[str, int]:
    """``{"one": 1, "two": 2, ...}`` from space-separated ``words`` counting from ``first``."""
    return {w: first + i * step for i, w in enumerate(words.split())}


_UNITS = _numbered("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                   "sixteen seventeen eighteen nineteen", 1)
_UNITS |= _numbered("un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize", 1)
_TENS = _numbered("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10)
_TENS |= _numbered("vingt trente quarante cinquante soixante", 20, 10)
_MULT = {"hundred": 100, "cent": 100, "cents": 100, "thousand": 1000, "mille": 1000}
_NUMBER_WORDS = _UNITS | _TENS | {"a": 1, "an": 1}


def _alt(words) -> str:
    """A regex alternation of ``words``, longest first."""
    return alternation(words)


_SMALL = rf"(?:(?:{_alt(_TENS)})(?:[- ](?:et-)?(?:{_alt(_UNITS)}))?|{_alt(set(_UNITS) - {'un'})})"
_WORDNUM = (rf"(?:(?:an?|{_SMALL})\s+(?:hundred|thousand|cents?|mille)(?:\s+(?:and\s+)?{_SMALL})?"
            rf"|{_SMALL})")
_DIGITS = r"(?:\d{1,3}(?:[,\u00a0\u202f]\d{3})+|\d+)(?!\w|[.,:/]\d)"
_NUM = rf"(?:{_DIGITS}|{_WORDNUM}(?![\w-]))"
_VAGUE = (r"(?:(?:several|a\s+few|plusieurs|quelques)\s+(?:dozen|hundred|thousand|dizaines|centaines|milliers)"
          r"|(?:tens|hundreds)\s+of\s+thousands|(?:des\s+)?dizaines\s+de\s+milliers|(?:half\s+)?a\s+dozen"
          r"|(?:une\s+)?(?:douz|diz|quinz|vingt|trent|quarant|cinquant|soixant|cent)aine"
          r"|des\s+(?:dizaines|centaines|milliers)|dozens|(?:scores|tens)(?=\s+of\b)|hundreds|thousands"
          r"|several|a\s+few|a\s+handful|plusieurs|quelques)")
_HEDGE = (r"around|about|some|approximately|roughly|an\s+estimated|estimated|nearly|almost|close\s+to|"
          r"environ|près\s+de|presque|quelque")
_ABOVE = r"over|more\s+than|upwards\s+of|in\s+excess\s+of|plus\s+de"
_ATLEAST = r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than|a\s+minimum\s+of|au\s+moins"
_UPTO = r"up\s+to|as\s+many\s+as|a\s+maximum\s+of|at\s+most|no\s+more\s+than|jusqu['’]à"
_BELOW = r"fewer\s+than|less\s+than|moins\s+de"
_QTY = guarded(
    rf"(?<![\w-])(?:(?:between|entre)\s+(?P<b1>{_NUM})\s+(?:and|et)\s+(?P<b2>{_NUM})"
    rf"|(?<!from )(?P<r1>{_NUM})\s+(?:to|or|à|ou)\s+(?P<r2>{_NUM})"
    rf"|(?P<d1>{_DIGITS})\s*[-–]\s*(?P<d2>{_DIGITS})"
    rf"|(?:(?P<pre>{_HEDGE}|{_ABOVE}|{_ATLEAST}|{_UPTO}|{_BELOW})\s+)?"
    rf"(?:(?P<vague>{_VAGUE})|(?P<num>{_NUM})(?:\s+(?P<dozen>dozen))?)(?:\s+(?P<more>or\s+more|ou\s+plus))?)"
    r"(?![\w-])", _I)
_ABOVE_RE, _ATLEAST_RE, _UPTO_RE, _BELOW_RE = (re.compile(p, _I) for p in (_ABOVE, _ATLEAST, _UPTO, _BELOW))

#: Vague words -> (low, high, ACLED value); keys are normalised (lower case, single spaces).
_VAGUE_TABLE = {
    "a dozen": (12, 12, 12), "half a dozen": (6, 6, 6), "dozens": (24, None, 12),
    "a few dozen": (24, None, 12), "several dozen": (36, None, 12), "tens": (20, None, 10),
    "scores": (40, None, 20), "hundreds": (200, None, 100), "a few hundred": (200, None, 100),
    "several hundred": (300, None, 100), "thousands": (2000, None, 1000), "a few thousand": (2000, None, 1000),
    "several thousand": (3000, None, 1000), "tens of thousands": (20000, None, 10000),
    "hundreds of thousands": (200000, None, 100000), "a few": (2, None, 2), "a handful": (2, None, 2),
    "several": (3, None, 3), "dizaines": (20, None, 10), "quelques dizaines": (20, None, 10),
    "plusieurs dizaines": (30, None, 10), "centaines": (200, None, 100), "quelques centaines": (200, None, 100),
    "plusieurs centaines": (300, None, 100), "milliers": (2000, None, 1000), "quelques milliers": (2000, None, 1000),
    "plusieurs milliers": (3000, None, 1000), "dizaines de milliers": (20000, None, 10000),
    "quelques": (2, None, 2), "plusieurs": (3, None, 3),
}
_AINE = {"douz": 12, "diz": 10, "quinz": 15, "vingt": 20, "trent": 30, "quarant": 40, "cinquant": 50,
         "soixant": 60, "cent": 100}


_NOT_DIGIT = re.compile(r"\D")
_NUMBER_SEPARATOR = re.compile(r"[\s-]+")
_ARTICLE = re.compile(r"^(?:des|une)\s+")
_TRAILING_OF = re.compile(r"\s*(?:(?:of|de)\s*)?", _I)


def _number(words: str) -> int:
    """The value of one number: digits ("1,200") or words ("two hundred and fifty", "vingt-cinq")."""
    if words[0].isdigit():
        return int(_NOT_DIGIT.sub("", words))
    total = current = 0
    for token in _NUMBER_SEPARATOR.split(words.lower()):
        if token in _MULT:
            current = max(current, 1) * _MULT[token]
            if _MULT[token] == 1000:
                total, current = total + current, 0
        elif token in _NUMBER_WORDS:
            current += _NUMBER_WORDS[token]
    return total + current


def _vague(words: str) -> tuple[int, int | None, int]:
    """Bounds and ACLED value of a vague quantity ("dozens", "une trentaine")."""
    key = _ARTICLE.sub("", " ".join(words.lower().split()))
    if key.endswith("aine") and key[:-4] in _AINE:
        n = _AINE[key[:-4]]
        return n, n, n
    return _VAGUE_TABLE[key]


def _interpret(m: re.Match) -> tuple[int, int | None, int]:
    """(low, high, ACLED value) of a match of ``_QTY``; see docs/figures.md for the rules."""
    for a, b in (("b1", "b2"), ("r1", "r2"), ("d1", "d2")):
        if m.group(a):
            low, high = sorted((_number(m.group(a)), _number(m.group(b))))
            return low, high, low
    if m.group("vague"):
        low, high, acled = _vague(m.group("vague"))
    else:
        low = _number(m.group("num")) * (12 if m.group("dozen") else 1)
        high = acled = low
    pre = m.group("pre") or ""
    if m.group("more") or _ATLEAST_RE.fullmatch(pre):
        return low, None, acled
    if _ABOVE_RE.fullmatch(pre):
        return (low + 1 if high is not None else low), None, acled
    if _UPTO_RE.fullmatch(pre):
        return min(1, low), high, acled
    if _BELOW_RE.fullmatch(pre):
        return min(1, low), (max(low - 1, 1) if high is not None else None), acled
    return low, high, acled


def _match_quantity(words: str) -> re.Match | None:
    """The match of the whole of ``words`` (a trailing "of"/"de" is allowed), or None."""
    words = words.strip()
    m = _QTY.match(words) or _QTY.match(words + " of")
    if m and _TRAILING_OF.fullmatch(words, m.end()):
        return m
    return None


def parse_quantity(words: str) -> tuple[int, int | None] | None:
    """``(low, high)`` for the words of a quantity, or None if they state no number.

    ``low`` is the smallest number the words can honestly mean, ``high`` the largest or
    None when open ("over 20" -> (21, None), "dozens" -> (24, None)). Hedges give the stated
    number ("around 50" -> (50, 50)). "many" and other words without a number give None.
    """
    m = _match_quantity(words)
    return _interpret(m)[:2] if m else None


def acled_value(words: str) -> int:
    """The fixed number ACLED would code for ``words``: the stated (lowest stated) number,
    ACLED's conservative numbers for vague words (tens 10, dozens 12, hundreds 100, ...),
    and 0 when the words state no number (ACLED codes an unknown figure as 0)."""
    m = _match_quantity(words)
    return _interpret(m)[2] if m else 0


# --- finding figures in a sentence -------------------------------------------------------------

_HEADS = {
    "soldiers": r"members\s+of\s+the\s+(?:[\w-]+\s+){0,3}?forces|(?:security|defen[cs]e\s+and\s+security|armed)"
                r"\s+forces|(?:army|military|security)\s+personnel|police(?:\s+officers)?|soldiers?|troops|"
                r"servicem[ae]n|gendarmes?|policem[ae]n|officers?|peacekeepers?|mercenaries|FAMa|VDPs?|"
                r"soldats?|militaires|policiers?|(?:military|army)(?=\s+(?:casualties|deaths|fatalities)\b)",
    "civilians": r"women\s+and\s+children|civilians?|villagers?|residents?|women|children|worshippers|farmers|"
                 r"herders|traders|passengers|civils|villageois|habitants|femmes|enfants|"
                 r"civilian(?=\s+(?:casualties|deaths|fatalities)\b)",
    "militants": r"members\s+of\s+(?:the\s+|an?\s+)?(?:armed|jihadist|terrorist|extremist|rebel)\s+groups?|"
                 r"armed\s+men|hommes\s+armés|militants?|jihadists?|djihadistes?|terroristes?|terrorists?|"
                 r"assailants?|attackers?|fighters?|insurgents?|gunmen|rebels?|militiamen|enem(?:y|ies)|"
                 r"assaillants?|combattants?|ennemis?|(?:militant|jihadist|terrorist|enemy)"
                 r"(?=\s+(?:casualties|deaths|fatalities)\b)",
    "people": r"people|persons?|individuals?|victims?|members|men|personnes?",
    "others": r"others|autres",
    "vehicles": r"armou?red\s+vehicles?|vehicles?|cars?|trucks?|lorr(?:y|ies)|pick-?ups?|motorbikes?|"
                r"motorcycles?|motos?|tankers?|véhicules?|camions?|engins?",
    "weapons": r"rounds\s+of\s+ammunition|machine[- ]guns?|rocket[- ]launchers?|weapons?|rifles?|guns?|"
               r"firearms?|kalashnikovs?|AK-?47s?|pistols?|ammunition|armes?|fusils?|munitions?",
}
_STOP = (r"a|an|the|and|or|but|of|on|in|at|to|from|by|with|for|against|near|into|during|after|before|"
         r"including|among|who|whom|which|that|it|they|he|she|its|their|his|her|them|were|was|are|is|been|"
         r"be|being|have|has|had|this|these|those|than|as|per|while|when|where|said|says|according|de|des|"
         r"du|la|le|les|et|ou|dans|en|à|au|aux|par|pour|sur|qui|que|dont|ont|été|sont|armed(?=\s+men)|"
         r"killed|slain|attacked|stormed|ambushed|targeted|hit|struck|left|claimed|tué")
_MOD = (rf"(?!(?:{_STOP}|{_HEADS['vehicles']}|{_HEADS['weapons']})\b)(?![\w'’-]*ing\b)"
        r"[^\W\d_][\w'’-]*")
_NOUN = re.compile(
    rf"(?:\s+(?:of|de)\s+(?:(?:the|its|their|these|those|ses|leurs|les|ces)\s+)?|\s+d['’]|\s+)(?P<mods>(?:{_MOD}\s+){{0,2}})"
    rf"(?:{'|'.join(f'(?P<{k}>{v})' for k, v in _HEADS.items())})(?![\w-])", _I)

_O_KW = (r"(?:killed|dead)\s+(?:or|and)\s+(?:wounded|injured)|tué(?:e?s)?\s+ou\s+blessé(?:e?s)?|casualties")
_O_KILLED = (r"killed|dead|died|slain|perished|lost\s+their\s+lives|deaths|fatalities|executed|massacred|buried|"
             r"murdered|neutrali[sz]ed|tué(?:e?s)?|morts?|décédé(?:e?s)?|neutralisé(?:e?s)?|abattus")
_O_WOUNDED = r"wounded|injured|hurt|blessé(?:e?s)?"
_O_CAPTURED = (r"taken\s+(?:prisoners?|hostages?|captives?)|held\s+(?:hostages?|captives?)|captured|abducted|"
               r"kidnapped|hostages?|prisoners?|capturé(?:e?s)?|enlevé(?:e?s)?|pris\s+en\s+otages?|"
               r"faits?\s+prisonniers?")
_O_MISSING = r"missing(?:\s+in\s+action)?|unaccounted\s+for|(?:portés?\s+)?disparu(?:e?s)?"
_O_SEIZED = (r"captured|seized|taken|looted|recovered|stolen|confiscated|carried\s+off|saisi(?:e?s)?|"
             r"récupéré(?:e?s)?|emporté(?:e?s)?|pillé(?:e?s)?")
_PERSON_OUTCOME = guarded(rf"\b(?:(?P<killed_or_wounded>{_O_KW})|(?P<killed>{_O_KILLED})|"
                          rf"(?P<wounded>{_O_WOUNDED})|(?P<captured>{_O_CAPTURED})|(?P<missing>{_O_MISSING}))"
                          r"(?![\w-])", _I)
_SEIZED_OUTCOME = guarded(rf"\b(?P<seized>{_O_SEIZED})(?![\w-])", _I)
_TRANSITIVE = re.compile(r"(?:killed|wounded|injured|hurt|captured|abducted|kidnapped|seized|looted|recovered|"
                         r"executed|massacred|murdered|neutrali[sz]ed|confiscated|stolen|taken|carried)\b", _I)
_AUX = (r"were|was|are|is|have\s+been|has\s+been|had\s+been|been|being|got|reportedly|allegedly|also|all|later|"
        r"subsequently|confirmed|reported|found|feared|presumed|believed|thought|said|to\s+have\s+been|to\s+be|"
        r"both|ont\s+été|a\s+été|été|sont|ont|furent")
_ADJACENT = re.compile(rf"\s*,?(?:\s+(?:{_AUX}))*\s+$", _I)
_AFTER_AUX = guarded(rf"\b(?:{_AUX})\s+$", _I)
_GAP = re.compile(r"\s*(?:$|[,.;:!?)\]\"”’'—–-]|(?:and|or|but|in|on|at|during|by|from|near|after|when|while|"
                  r"last|this|yesterday|today|overnight|early|late|according|since|as|with|inside|outside|"
                  r"following|before|within|et|à|au|aux|dans|lors|par|près|selon|en|pendant|hier)\b)", _I)
#: A long subject before a passive verb, with no clause of its own in between: "30 soldiers
#: and several volunteers for the defence of the homeland (VDP) were killed".
_COORDINATED_PASSIVE = re.compile(r"(?:(?!\b(?:who|which|that|said|says|claimed|attacked|killed|stormed|"
                                  r"ambushed)\b)[^,;:.]){1,110}?\s(?:were|have\s+been|had\s+been|ont\s+été)\s+", _I)
_PLAIN_AND = re.compile(r"\s+and\s+", _I)
_SUBSET = re.compile(r"\s*,?\s*(?:including|among\s+them|among\s+whom|of\s+whom|dont|parmi\s+lesquels)\s+", _I)
_CLAUSE_CUT = guarded(r"[;:]|\b(?:but|while|whereas|where|when|after|before|because|although|then)\b", _I)
_PRE_PERSON = guarded(
    r"\b(?:(?P<killed>killed|killing|kills?|lost|losing|slew|slaughtered|massacred|executed|murdered|shot\s+dead|"
    r"neutrali[sz](?:ed|ing)|(?:claimed|claiming|took|taking|cost|costing)\s+the\s+lives\s+of|deaths?\s+of|(?:put|puts|putting|placed|places)\s+the\s+number\s+of\s+(?:[\w-]+\s+){1,3}?(?:killed|dead)\s+at|dead\s+(?:included|were)|"
    r"tué|tuant|neutralisé|neutralisant|exécuté|massacré|abattu)"
    r"|(?P<toll>(?:death\s+)?toll|bilan)\b[^.;:]{0,40}?\b(?:at|of|to|reached|hit|de|à)"
    r"|(?P<wounded>wounded|wounding|injured|injuring|blessé|blessant)"
    r"|(?P<captured>captured|capturing|abducted|abducting|kidnapped|kidnapping|enlevé|enlevant|capturé|kidnappé))"
    r"\s+$", _I)
_PRE_SEIZE = guarded(r"\b(?:seized|seizing|seizure\s+of|captured|capturing|recovered|recovering|looted|looting|"
                     r"stole|stealing|took|taking|confiscated|carried\s+off|made\s+off\s+with|saisi|récupéré|"
                     r"emporté)\s+$", _I)
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|janvier|février|mars|avril|mai|juin|juillet|août|"
           r"septembre|octobre|novembre|décembre")
_EXCLUDE_BEFORE = guarded(rf"\b(?:{_MONTHS}|no|aged|ages?\s+of|âgée?s?\s+de)\.?\s+$", _I)
_EXCLUDE_AFTER = re.compile(rf"\s*(?:(?:{_MONTHS})\b|%|per\s*cent|percent|years?\b|ans\b)", _I)
_YEAR_BEFORE = guarded(r"\b(?:in|since|of|until|by|from|early|late|mid|during|the|a|an|its|this|that|en|"
                       r"depuis|le|la|l['’])\s*$", _I)
_CIVILIAN_CUE = guarded(r"\b(?:civilians?|villagers?|villages?|residents?|worshippers|mosque|church|market|"
                        r"wedding|funeral|passengers|displaced|massacre|civils?|villageois|marché|mosquée)\b", _I)
_SOLDIER_CUE = guarded(r"\b(?:soldiers?|troops|army|military|FAMa|gendarmes?|police|servicemen|peacekeepers|"
                       r"VDP|militaires|soldats|armée)\b", _I)
_JOIN = re.compile(r"\s*,?\s*(?:(?:and|as\s+well\s+as|plus|including|among\s+them|et|dont|ainsi\s+que)\s+)?$", _I)
_SIDE_MOD = guarded(r"\b(?:(?P<soldiers>army|military|government|pro-government|FAMa|VDP|Wagner|Russian|"
                    r"security|police)|(?P<civilians>civilian)|(?P<militants>jihadist|terrorist|enemy|rebel|"
                    r"militant|insurgent|suspected))\b", _I)
_SPACES = re.compile(r"\s*")
_BARE_CAPTIVE = re.compile(r"hostages?|prisoners?|otages?", _I)
_PERSONS = ("soldiers", "civilians", "militants", "people")


@dataclass
class _Item:
    """A quantity being read: sentence-relative span, bounds, who/what it counts, outcome."""

    start: int
    end: int
    words: str
    low: int
    high: int | None
    who: str | None
    outcome: str | None = None
    source: str | None = None   # where the outcome came from: pre, post, mod
    neutralised: bool = False

    @property
    def kind(self) -> str:
        return "things" if self.who in ("vehicles", "weapons") else "persons"


def _back(pos: int) -> int:
    """Where a search for the words just before ``pos`` starts (they are never longer)."""
    return max(0, pos - 100)


_YEAR = re.compile(r"(?:19|20)\d\d")
_COMMA_AFTER = re.compile(r"\s*,")


def _excluded(sent: str, m: re.Match) -> bool:
    """True for dates, ages, percentages, durations and years: numbers that are no figure."""
    if _EXCLUDE_BEFORE.search(sent, _back(m.start()), m.start()) or _EXCLUDE_AFTER.match(sent, m.end()):
        return True
    year = _YEAR.fullmatch(m.group(0))
    return bool(year and (_YEAR_BEFORE.search(sent, _back(m.start()), m.start()) or _COMMA_AFTER.match(sent, m.end())))


def _outcome_after(sent: str, pos: int, limit: int, things: bool, adjacent_only: bool):
    """The outcome verb after ``pos`` that applies to the quantity: ``(outcome, verb match,
    adjacent)`` or None. A transitive verb counts only if passive or not followed by an object."""
    window_end = limit if adjacent_only else min(limit, pos + 80)
    cut = _CLAUSE_CUT.search(sent, pos, window_end)
    window_end = cut.start() if cut else window_end
    pattern = _SEIZED_OUTCOME if things else _PERSON_OUTCOME
    v = pattern.search(sent, pos, window_end)
    if not v or (len(sent[pos:v.start()].split()) > 6 and not _COORDINATED_PASSIVE.fullmatch(sent, pos, v.start())):
        return None
    adjacent = bool(_ADJACENT.fullmatch(sent, pos, v.start())) or v.start() == pos
    if adjacent_only and (not adjacent or _BARE_CAPTIVE.fullmatch(v.group(0))):
        return None   # "12 prisoners were freed": a captive noun alone is no outcome
    passive = bool(_AFTER_AUX.search(sent, _back(v.start()), v.start()))
    followed = _QTY.match(sent, _SPACES.match(sent, v.end()).end())
    if _TRANSITIVE.match(v.group(0)) and not passive and (followed or not _GAP.match(sent, v.end())):
        return None
    return v.lastgroup, v, adjacent


#: Who a toll phrase before the number counts ("the number of soldiers killed at").
_SIDE_NOUN = guarded("|".join(rf"(?P<{side}>\b(?:{_HEADS[side]})(?![\w-]))"
                              for side in ("soldiers", "civilians", "militants")), _I)


def _who(noun: re.Match) -> str:
    """What a noun phrase counts; modifiers can say the side ("army fighters", "VDP members")."""
    who = next(k for k in _HEADS if noun.group(k))
    side = _SIDE_MOD.search(noun.group("mods")) if who in ("people", "militants", "others") else None
    return side.lastgroup if side else who


def _read(sent: str, m: re.Match, limit: int) -> _Item | None:
    """Read the figure around quantity ``m`` (``limit``: where the next quantity starts)."""
    low, high, _ = _interpret(m)
    noun = _NOUN.match(sent, m.end())
    who = _who(noun) if noun else None
    head_end = noun.end() if noun else m.end()
    item = _Item(m.start(), head_end, m.group(0), low, high, who)
    things = who in ("vehicles", "weapons")
    pre = (_PRE_SEIZE if things else _PRE_PERSON).search(sent, _back(m.start()), m.start())
    if pre:
        item.outcome = "seized" if things else ("killed" if pre.lastgroup == "toll" else pre.lastgroup)
        item.neutralised = "neutrali" in pre.group(0).lower()
        item.start, item.source = pre.start(), "pre"
        if who is None and (side := _SIDE_NOUN.search(pre.group(0))):
            item.who = side.lastgroup   # "put the number of soldiers killed at a dozen"
        if noun is None and not _GAP.match(sent, m.end()):
            post = _outcome_after(sent, m.end(), limit, things, adjacent_only=True)
            if post is None:
                return None   # "killed 300 cattle": the quantity counts something else
            item.end = post[1].end()   # "the toll rose to 30 dead"
        return item
    mod_outcome = noun and not things and _PERSON_OUTCOME.search(noun.group("mods"))
    post = _outcome_after(sent, head_end, limit, things, adjacent_only=noun is None)
    if post:
        item.outcome, verb, adjacent = post
        item.source = "post"
        item.neutralised = "neutrali" in verb.group(0).lower()
        item.end = verb.end() if adjacent else item.end
    elif mod_outcome:
        item.outcome, item.source = mod_outcome.lastgroup, "mod"   # "three wounded soldiers"
    elif noun is None:
        return None
    return item


def _propagate(sent: str, items: list[_Item]) -> None:
    """Give an outcome-less item the outcome of a neighbour of the same kind it is joined to:
    a later passive verb ("12 soldiers and 3 civilians were killed") or an earlier verb
    ("killing 30 people, including 12 soldiers"); never a later active verb, whose subject
    the earlier item is ("200 militants, killed 12 soldiers")."""
    changed = True
    while changed:
        changed = False
        for a, b in zip(items, items[1:], strict=False):
            if a.kind != b.kind or not _JOIN.fullmatch(sent, a.end, b.start):
                continue
            for x, y in ((b, a), (a, b)):
                if x.outcome is None and y.outcome is not None and (y is a or y.source == "post"):
                    x.outcome, x.source, x.neutralised, changed = y.outcome, y.source, y.neutralised, True


def _summed(sent: str, items: list[_Item]) -> list[_Item]:
    """"four VDP and one soldier were killed": parts of one subject counted by one verb are one
    total of their category (5), as an analyst adds them; a part a neighbour only borrowed its
    verb from is merged into it."""
    merged: list[_Item] = []
    for item in items:
        last = merged[-1] if merged else None
        if (last and item.outcome and last.outcome == item.outcome and last.who == item.who
                and last.source == item.source and _PLAIN_AND.fullmatch(sent, last.end, item.start)
                and not _SUBSET.fullmatch(sent, last.end, item.start)):
            high = last.high + item.high if last.high is not None and item.high is not None else None
            merged[-1] = replace(last, end=item.end, words=sent[last.start:item.end], low=last.low + item.low,
                                 high=high)
            continue
        merged.append(item)
    return merged


def _resolve_who(sent: str, items: list[_Item]) -> None:
    """Elided nouns inherit the previous person figure's; "people" in a clearly civilian
    sentence become civilians; "neutralised" people are militants."""
    previous = None
    civilian = bool(_CIVILIAN_CUE.search(sent)) and not _SOLDIER_CUE.search(sent)
    for item in items:
        if item.who in (None, "others"):
            item.who = previous or "people"
        if item.who == "people" and item.neutralised:
            item.who = "militants"
        elif item.who == "people" and civilian:
            item.who = "civilians"
        if item.who in _PERSONS and item.who != "people" and item.outcome is not None:
            previous = item.who


#: A seizure with no number: "recovered weapons, vehicles and motorcycles", "captured ... along with
#: weapons and ammunition", "ont récupéré des armes et des motos". Each category named is a figure of
#: at least one item (low 1, no high): the statement says some were taken, not how many.
_SEIZED_VERB = guarded(r"\b(?:recover(?:ed|s|ing)?|seiz(?:ed|es|ing)|captur(?:ed|es|ing)|confiscat(?:ed|ing)|"
                       r"took\s+away|made\s+off\s+with|récupér(?:é|ée|és|ées|er|ant)|saisi(?:e|es|s)?|"
                       r"emport(?:é|és|ant)|(?:s.être|s.est|se\s+sont)\s+emparés?\s+d)", re.I)
_SEIZED_THINGS = {
    "weapons-seized": guarded(r"\b(?:weapons|arms|rifles|guns|ammunition|armes|armement|munitions|fusils)\b", re.I),
    "vehicles-seized": guarded(r"\b(?:vehicles|motorcycles|motorbikes|trucks|pick-?ups|véhicules|motos|"
                               r"motocyclettes|camions)\b", re.I),
}
_SEIZE_WINDOW = 120   # characters after the verb in which the things seized are listed


def _unnumbered_seizures(sent: str, numbered: set[str]) -> list[tuple[str, int, int]]:
    """(category, start, end) of each category of materiel the sentence says was seized
    without a number, when no numbered figure of that category is in the sentence."""
    found: dict[str, tuple[int, int]] = {}
    for verb in _SEIZED_VERB.finditer(sent):
        window = sent[verb.end(): verb.end() + _SEIZE_WINDOW].split(".")[0]
        for category, pattern in _SEIZED_THINGS.items():
            thing = pattern.search(window)
            if thing and category not in numbered and category not in found:
                found[category] = (verb.start(), verb.end() + thing.end())
    return [(category, s, e) for category, (s, e) in found.items()]


def find_figures(text: str, start: int, end: int, document_key: str) -> list[FigureMention]:
    """The figures reported in the sentence ``text[start:end]``, in text order.

    Evidence offsets are absolute in ``text`` (``text[e.start:e.end] == e.exact``) and cover
    the quantity, its noun and an adjacent outcome verb ("killed over 154 people", "around 50
    Malian soldiers were killed"). Categories are in ``VOCABULARY_CATEGORIES``.
    """
    sent = text[start:end]
    matches = [m for m in _QTY.finditer(sent) if not _excluded(sent, m)]
    items = []
    # A quantity reads up to the next quantity that counts something ("30 soldiers and
    # several volunteers ... were killed": "several volunteers" is no head noun of ours).
    counted = [m.start() for m in matches if _NOUN.match(sent, m.end())]
    for m in matches:
        item = _read(sent, m, next((at for at in counted if at > m.start()), len(sent)))
        if item:
            items.append(item)
    _propagate(sent, items)
    _resolve_who(sent, items)
    items = _summed(sent, items)
    figures = []
    previous: tuple[str, int] | None = None   # (category, end) of the last figure kept
    for item in items:
        if item.outcome is None:
            continue
        category = f"{item.who}-seized" if item.kind == "things" else f"{item.who}-{item.outcome.replace('_', '-')}"
        if previous and previous[0] == category and _SUBSET.fullmatch(sent, previous[1], item.start):
            continue   # "21 civilians, including 11 children": a part of the total, not another total
        previous = (category, item.end)
        exact = sent[item.start:item.end]
        evidence = Evidence(document_key, start + item.start, start + item.end, exact)
        figures.append(FigureMention(evidence, category, item.low, item.high, item.words))
    for category, s, e in _unnumbered_seizures(sent, {f.category for f in figures}):
        figures.append(FigureMention(Evidence(document_key, start + s, start + e, sent[s:e]), category, 1, None, ""))
    return sorted(figures, key=lambda f: f.evidence.start)
