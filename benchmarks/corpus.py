"""A deterministic generator of synthetic Sahel conflict news, for scale benchmarks.

    python benchmarks/corpus.py --docs 1000 --out /tmp/corpus1k [--seed 7]

writes ``--docs`` articles ``NNNNNN_<slug>.txt``, each with its sidecar ``NNNNNN_<slug>.meta.toml``
in the format of ``seeds/`` (see ``kg/load/sidecar.py``). In-process::

    from benchmarks.corpus import articles, generate
    words = generate(Path("/tmp/corpus1k"), 1000, seed=7)
    for stem, text, sidecar in articles(1000, seed=7): ...

What it writes
--------------
The documents come in *episodes* of :data:`EPISODE_DOCS` articles. An episode is a few days
somewhere between 2022 and 2025: a pool of incidents (town, date, type, attacker, target,
figures), each reported by 1 to 40 of the episode's articles (heavy-tailed, see
:func:`_report_count`: most incidents once to three times, a few 20-40 times), about two
incidents per article. Every report of one incident states the same facts (the group's
claim, the army's toll, local sources' figures) in its own words, so a build should fuse
them into one event with several sources.

Styles: wire copy (a Reuters, AFP or AP dateline and credit line), rewrites of an agency
story by other outlets (sidecar ``agency``), local reports with photo captions, bylines,
"Advertising" / "Read More" / teaser furniture, weekly roundups with section headings,
army communiqués and armed-group statements (``kind = "statement"``), and
encyclopedia-style summaries (``kind = "encyclopedia-article"``). Each sidecar's ``notes``
lists the incidents the article reports (``incidents: I00003-012 I00003-027``): the ground
truth for fusion benchmarks.

Every actor, outlet and place name written is in ``ontology/reference/*.ttl``
(``tests/test_scale_corpus.py`` checks it against the reference index); the sentences are
this module's own templates.

Determinism and memory: each episode draws from its own ``random.Random`` seeded with
(seed, episode number), never the global generator or the clock, so a seed always gives
the same bytes and ``--docs 1000`` is a prefix of ``--docs 2000``. Only one episode is held
in memory at a time: 100,000 documents stream in flat memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# ==================================================================================================
# Reference names (each one checked against ontology/reference/*.ttl by tests/test_scale_corpus.py)
# ==================================================================================================

#: Towns: name -> (ISO country, area the town is in as the gazetteer has it, zone). The area is
#: written "in the <area> region" / "in <area> province"; None when the town shares its
#: region's name (Timbuktu, Ménaka ...) or sits directly in a region whose name is ambiguous.
TOWNS: dict[str, tuple[str, str | None, str]] = {
    # Mali - Timbuktu region
    "Niafunké": ("ML", "Timbuktu region", "ml-north"),
    "Goundam": ("ML", "Timbuktu region", "ml-north"),
    "Diré": ("ML", "Timbuktu region", "ml-north"),
    "Gourma Rharous": ("ML", "Timbuktu region", "ml-north"),
    "Timbuktu": ("ML", None, "ml-north"),
    # Mali - Gao and Ménaka regions
    "Bourem": ("ML", "Gao region", "ml-east"),
    "Ansongo": ("ML", "Gao region", "ml-east"),
    "Tessit": ("ML", "Gao region", "ml-east"),
    "Ménaka": ("ML", None, "ml-east"),
    "Andéranboukan": ("ML", "Ménaka region", "ml-east"),
    "Inékar": ("ML", "Ménaka region", "ml-east"),
    # Mali - Kidal region
    "Kidal": ("ML", None, "ml-north"),
    "Aguelhok": ("ML", "Kidal region", "ml-north"),
    "Tessalit": ("ML", "Kidal region", "ml-north"),
    "Abeïbara": ("ML", "Kidal region", "ml-north"),
    # Mali - Mopti and Ségou regions
    "Douentza": ("ML", "Mopti region", "ml-centre"),
    "Bandiagara": ("ML", "Mopti region", "ml-centre"),
    "Bankass": ("ML", "Mopti region", "ml-centre"),
    "Djenné": ("ML", "Mopti region", "ml-centre"),
    "Ténenkou": ("ML", "Mopti region", "ml-centre"),
    "Youwarou": ("ML", "Mopti region", "ml-centre"),
    "Mopti": ("ML", None, "ml-centre"),
    "Niono": ("ML", "Ségou region", "ml-centre"),
    "Sokolo": ("ML", "Ségou region", "ml-centre"),
    "Ké-Macina": ("ML", "Ségou region", "ml-centre"),
    "Markala": ("ML", "Ségou region", "ml-centre"),
    # Mali - Koulikoro, Kayes and Sikasso regions
    "Nara": ("ML", "Koulikoro region", "ml-west"),
    "Kolokani": ("ML", "Koulikoro region", "ml-west"),
    "Banamba": ("ML", "Koulikoro region", "ml-west"),
    "Diéma": ("ML", "Kayes region", "ml-west"),
    "Nioro": ("ML", "Kayes region", "ml-west"),
    "Koutiala": ("ML", "Sikasso region", "ml-west"),
    "Kadiolo": ("ML", "Sikasso region", "ml-west"),
    "Yorosso": ("ML", "Sikasso region", "ml-west"),
    # Burkina Faso - north (provinces of the Sahel and Nord regions)
    "Djibo": ("BF", "Soum province", "bf-north"),
    "Aribinda": ("BF", None, "bf-north"),
    "Gorom-Gorom": ("BF", "Oudalan province", "bf-north"),
    "Dori": ("BF", "Séno province", "bf-north"),
    "Sebba": ("BF", "Yagha province", "bf-north"),
    "Titao": ("BF", "Loroum province", "bf-north"),
    "Ouahigouya": ("BF", "Yatenga province", "bf-north"),
    # Burkina Faso - Centre-Nord
    "Kaya": ("BF", "Sanmatenga province", "bf-centre"),
    "Kongoussi": ("BF", "Bam province", "bf-centre"),
    "Bourzanga": ("BF", "Centre-Nord region", "bf-centre"),
    "Pissila": ("BF", "Centre-Nord region", "bf-centre"),
    "Yalgo": ("BF", "Centre-Nord region", "bf-centre"),
    "Boulsa": ("BF", "Namentenga province", "bf-centre"),
    # Burkina Faso - east
    "Bogandé": ("BF", "Gnagna province", "bf-east"),
    "Gayéri": ("BF", "Komondjari province", "bf-east"),
    "Diapaga": ("BF", "Tapoa province", "bf-east"),
    "Pama": ("BF", None, "bf-east"),
    "Fada N'gourma": ("BF", "Gourma province", "bf-east"),
    "Koupéla": ("BF", "Kouritenga province", "bf-east"),
    "Tenkodogo": ("BF", "Boulgou province", "bf-east"),
    # Burkina Faso - west (Boucle du Mouhoun)
    "Tougan": ("BF", "Sourou province", "bf-west"),
    "Nouna": ("BF", "Kossi province", "bf-west"),
    "Dédougou": ("BF", "Mouhoun province", "bf-west"),
    "Solenzo": ("BF", "Banwa province", "bf-west"),
    "Barani": ("BF", "Boucle du Mouhoun region", "bf-west"),
    # Niger - Tillabéri region
    "Bani Bangou": ("NE", "Tillabéri region", "ne-west"),
    "Ouallam": ("NE", "Tillabéri region", "ne-west"),
    "Téra": ("NE", "Tillabéri region", "ne-west"),
    "Ayorou": ("NE", "Tillabéri region", "ne-west"),
    "Tillabéri": ("NE", None, "ne-west"),
    "Filingué": ("NE", "Tillabéri region", "ne-west"),
    "Abala": ("NE", "Tillabéri region", "ne-west"),
    "Bankilaré": ("NE", "Tillabéri region", "ne-west"),
    "Torodi": ("NE", "Tillabéri region", "ne-west"),
    "Gothèye": ("NE", "Tillabéri region", "ne-west"),
    # Niger - Tahoua and Diffa regions
    "Tillia": ("NE", "Tahoua region", "ne-west"),
    "Tassara": ("NE", "Tahoua region", "ne-west"),
    "Tchin Tabaradèn": ("NE", "Tahoua region", "ne-west"),
    "Abalak": ("NE", "Tahoua region", "ne-west"),
    "Diffa": ("NE", None, "ne-diffa"),
    "Bosso": ("NE", "Diffa region", "ne-diffa"),
    "Nguigmi": ("NE", "Diffa region", "ne-diffa"),
}

#: Towns with an army camp or garrison that the press names (attacks on camps, shelling, car bombs).
CAMP_TOWNS = frozenset({
    "Niafunké", "Goundam", "Timbuktu", "Bourem", "Ansongo", "Ménaka", "Kidal", "Aguelhok", "Tessalit",
    "Douentza", "Ténenkou", "Youwarou", "Sokolo", "Nara", "Diéma", "Djibo", "Aribinda", "Gorom-Gorom",
    "Sebba", "Titao", "Diapaga", "Solenzo", "Bani Bangou", "Ayorou", "Torodi", "Tillia", "Tassara",
    "Bosso", "Diffa",
})

#: Zone -> compass phrase for the country ("in northern Mali").
ZONES = {
    "ml-north": "northern Mali", "ml-east": "north-eastern Mali", "ml-centre": "central Mali",
    "ml-west": "western Mali", "bf-north": "northern Burkina Faso", "bf-centre": "north-central Burkina Faso",
    "bf-east": "eastern Burkina Faso", "bf-west": "western Burkina Faso", "ne-west": "western Niger",
    "ne-diffa": "south-eastern Niger",
}

#: Armed groups: key -> (short name, full names, outlet that carries its claims or None).
GROUPS: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "jnim": ("JNIM", ("Jama'at Nusrat al-Islam wal-Muslimin", "Group for the Support of Islam and Muslims",
                      "Jama'at Nusrat al-Islam wal Muslimeen", "Support Group for Islam and Muslims"),
             "Az-Zallaqa"),
    "macina": ("Katiba Macina", ("Katiba Macina", "Macina Liberation Front"), "Az-Zallaqa"),
    "issp": ("ISSP", ("Islamic State Sahel Province", "Islamic State Sahel", "Islamic State in the Greater Sahara"),
             "Amaq"),
    "ansarul": ("Ansarul Islam", ("Ansarul Islam", "Ansaroul Islam"), None),
    "csp": ("CSP-PSD", ("Permanent Strategic Framework for Peace, Security and Development",
                        "Permanent Strategic Framework"), None),
    "fla": ("FLA", ("Azawad Liberation Front", "Liberation Front of Azawad"), None),
    "iswap": ("ISWAP", ("Islamic State West Africa Province", "Islamic State in West Africa"), "Amaq"),
    "boko": ("Boko Haram", ("Boko Haram",), None),
}
#: How each group is described after it is named ("the al-Qaeda-linked group").
GROUP_EPITHETS = {
    "jnim": ("al-Qaeda's Sahel affiliate", "the al-Qaeda-linked group", "the jihadist coalition"),
    "macina": ("the jihadist group", "the Katiba Macina group"),
    "issp": ("the Islamic State's Sahel branch", "the jihadist group"),
    "ansarul": ("the jihadist group",),
    "csp": ("the coalition of Azawad rebel movements",),
    "fla": ("the Tuareg-led rebel coalition",),
    "iswap": ("the jihadist group",),
    "boko": ("the jihadist group",),
}

#: State forces by country: (short, names, the force's soldiers, general staff names, army spokesperson or None).
FORCES = {
    "ML": ("FAMa", ("Malian Armed Forces", "Malian army", "FAMa"), "Malian soldiers",
           ("Malian General Staff", "General Staff of the Malian Armed Forces", "Malian army general staff"),
           "Colonel Souleymane Dembélé"),
    "BF": ("the army", ("Burkinabe army", "Burkina Faso armed forces", "Armed Forces of Burkina Faso"),
           "Burkinabe soldiers", ("Burkinabe General Staff", "Burkina Faso army general staff"), None),
    "NE": ("the army", ("Niger army", "Nigerien army", "Niger Armed Forces"), "Nigerien soldiers",
           ("Nigerien General Staff", "Niger army general staff"), None),
}
COUNTRIES = {"ML": "Mali", "BF": "Burkina Faso", "NE": "Niger"}
CAPITALS = {"ML": "Bamako", "BF": "Ouagadougou", "NE": "Niamey"}
DEMONYMS = {"ML": "Malian", "BF": "Burkinabe", "NE": "Nigerien"}
#: Auxiliaries and foreign forces fighting beside a country's army.
VDP = ("VDP", "Volunteers for the Defence of the Homeland")
WAGNER = ("Wagner", "Wagner Group")
AFRICA_CORPS = ("Africa Corps", "Russian Africa Corps")

#: Collective sources (reference CollectiveSource labels) and monitors.
SOURCES_CIVIL = ("local sources", "residents", "a resident", "a local official", "local officials", "witnesses",
                 "a community leader", "local leaders", "a medical source", "hospital sources", "survivors",
                 "humanitarian sources")
SOURCES_SECURITY = ("security sources", "security source", "military sources", "military source")

#: Outlets (reference NewsOrganization labels): who publishes which style.
WIRE_AGENCIES = {"Reuters": "Reuters", "AFP": "Agence France-Presse", "AP": "Associated Press"}
REWRITERS = ("TRT World", "France 24", "Voice of America", "Firstpost", "Dependable NG")
LOCAL_OUTLETS = ("Radio France Internationale", "BBC", "Voice of America", "France 24")
STATE_PUBLISHERS = {"ML": "Malian General Staff", "BF": "Burkinabè General Staff", "NE": "Nigerien General Staff"}
GROUP_PUBLISHERS = {"Az-Zallaqa": "Az-Zallaqa", "Amaq": "Amaq News Agency"}

# ==================================================================================================
# Shape of the corpus
# ==================================================================================================

FIRST_DAY = dt.date(2022, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
#: Articles per episode (an episode's incidents fall within INCIDENT_SPAN days).
EPISODE_DOCS = 45
INCIDENT_SPAN = 5
#: Days from an article's latest incident to its publication.
PUBLICATION_LAG = 4
#: Incidents per article: 1, 2, 3 or 4 with these weights (mean 1.95).
INCIDENTS_PER_DOC = ((1, 2, 3, 4), (38, 38, 15, 9))
#: P(k reports) ~ k ** -REPORTS_ALPHA for k in 1..MAX_REPORTS.
REPORTS_ALPHA = 2.2
MAX_REPORTS = 40
_REPORT_WEIGHTS = [k ** -REPORTS_ALPHA for k in range(1, MAX_REPORTS + 1)]
_REPORT_CUMULATIVE = [sum(_REPORT_WEIGHTS[: i + 1]) for i in range(MAX_REPORTS)]

#: Incident types and their weights.
KINDS = ("clash", "camp", "suicide", "shelling", "air", "ied", "massacre", "abduction")
KIND_WEIGHTS = (22, 14, 4, 8, 12, 14, 16, 10)
#: Zone -> (armed groups, weights).
ZONE_GROUPS = {
    "ml-north": (("jnim", "azawad"), (5, 2)),
    "ml-east": (("jnim", "issp", "azawad"), (3, 4, 1)),
    "ml-centre": (("jnim", "macina"), (3, 2)),
    "ml-west": (("jnim",), (1,)),
    "bf-north": (("jnim", "issp", "ansarul"), (5, 2, 1)),
    "bf-centre": (("jnim", "ansarul"), (6, 1)),
    "bf-east": (("jnim", "issp"), (5, 1)),
    "bf-west": (("jnim",), (1,)),
    "ne-west": (("issp", "jnim"), (4, 2)),
    "ne-diffa": (("iswap", "boko"), (3, 2)),
}

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_REUTERS_MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")


# ==================================================================================================
# The plan: episodes, incidents, which article reports which incident
# ==================================================================================================


@dataclass
class Incident:
    """One incident and the facts every report of it shares."""

    ident: str
    kind: str
    town: str
    date: dt.date
    group: str            # the armed group (the attacker, or the target of an air strike)
    ally: str | None      # VDP, Wagner or Africa Corps beside the army, if named
    agency: str           # the agency whose story the rewrites relay
    reports: int
    claimed: bool         # the group claimed it
    overrun: bool         # the group claims to have taken the camp (the army denies it)
    hour: str
    soldiers_army: int    # soldiers killed, per the army
    soldiers_group: int   # soldiers killed, per the group
    soldiers_local: int   # soldiers killed, per local or security sources
    militants: int        # assailants "neutralised", per the army
    civilians: int        # civilians killed
    captives: int         # people abducted, or soldiers taken prisoner
    vehicles: int         # vehicles seized by the group
    shells: int           # mortar shells fired
    bus: bool             # an IED on a passenger bus rather than a convoy

    @property
    def country(self) -> str:
        return TOWNS[self.town][0]

    @property
    def zone(self) -> str:
        return TOWNS[self.town][2]


@dataclass
class Plan:
    """One article to write: its number, publication date and incidents (main one first)."""

    number: int
    published: dt.date
    incidents: list[Incident] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)   # other stories, for page furniture


def _report_count(rng: random.Random) -> int:
    """A heavy-tailed number of reports (1..MAX_REPORTS, P(k) ~ k^-REPORTS_ALPHA)."""
    x = rng.random() * _REPORT_CUMULATIVE[-1]
    for k, bound in enumerate(_REPORT_CUMULATIVE, start=1):
        if x <= bound:
            return k
    return MAX_REPORTS


def _azawad_group(date: dt.date) -> str:
    """The Azawad rebels' coalition at ``date``: none before the CSP-PSD took up arms (Aug 2023),
    the FLA after its founding (end of November 2024)."""
    if date < dt.date(2023, 9, 1):
        return "jnim"
    return "csp" if date < dt.date(2024, 12, 1) else "fla"


def _incident(rng: random.Random, ident: str, town: str, date: dt.date, reports: int) -> Incident:
    country, _, zone = TOWNS[town]
    kinds = [k for k in KINDS if k not in ("camp", "suicide", "shelling") or town in CAMP_TOWNS]
    weights = [w for k, w in zip(KINDS, KIND_WEIGHTS, strict=True) if k in kinds]
    kind = rng.choices(kinds, weights)[0]
    groups, group_weights = ZONE_GROUPS[zone]
    group = rng.choices(groups, group_weights)[0]
    if group == "azawad":
        group = _azawad_group(date)
    if group in ("csp", "fla") and kind in ("massacre", "abduction", "suicide", "ied"):
        group = "jnim"   # the rebels' recorded operations are attacks on the army, not on villages
    ally = None
    if country == "BF" and rng.random() < 0.45:
        ally = "vdp"
    elif country == "ML" and group != "csp" and rng.random() < 0.3:
        ally = "wagner" if date < dt.date(2025, 6, 6) else "africa-corps"
    army = rng.choice((2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 14, 17, 21))
    return Incident(
        ident=ident, kind=kind, town=town, date=date, group=group, ally=ally,
        agency=rng.choices(("AFP", "Reuters", "AP"), (6, 3, 1))[0], reports=reports,
        claimed=rng.random() < (0.45 if kind in ("massacre", "ied", "abduction") else 0.8),
        overrun=kind in ("camp", "suicide") and rng.random() < 0.6,
        hour=rng.choice(("at dawn", "in the early hours", "before sunrise", "in the afternoon", "at nightfall",
                         "late in the evening", "shortly before noon")),
        soldiers_army=army, soldiers_group=army * rng.choice((2, 3, 3, 4, 5)) + rng.randrange(6),
        soldiers_local=army + rng.randrange(2, 12), militants=rng.choice((8, 12, 15, 20, 24, 30, 36, 40, 50, 60)),
        civilians=rng.choice((5, 7, 9, 11, 12, 14, 17, 20, 23, 26, 30, 35, 40, 48, 56, 70)),
        captives=rng.choice((2, 3, 4, 6, 8, 11, 12, 15, 20, 27)), vehicles=rng.choice((2, 3, 4, 5, 6, 8, 11)),
        shells=rng.choice((20, 30, 40, 60, 80, 120)), bus=kind == "ied" and rng.random() < 0.35)


def _episode(seed: int, number: int) -> list[Plan]:
    """The articles of episode ``number`` (EPISODE_DOCS of them), in order."""
    rng = random.Random(f"sahel-kg corpus/{seed}/{number}")
    last_start = (LAST_DAY - FIRST_DAY).days - INCIDENT_SPAN - PUBLICATION_LAG
    start = FIRST_DAY + dt.timedelta(days=rng.randrange(last_start))
    sizes = [rng.choices(*INCIDENTS_PER_DOC)[0] for _ in range(EPISODE_DOCS)]
    towns = list(TOWNS)
    rng.shuffle(towns)   # one incident per town in an episode: two would fuse by accident
    incidents: list[Incident] = []
    total = 0
    while total < sum(sizes) and len(incidents) < len(towns):
        reports = min(_report_count(rng), EPISODE_DOCS)
        date = start + dt.timedelta(days=rng.randrange(INCIDENT_SPAN))
        incidents.append(_incident(rng, f"I{number:05d}-{len(incidents) + 1:03d}", towns[len(incidents)],
                                   date, reports))
        total += reports
    # Deal each incident's reports to distinct articles with room left, most-reported first.
    room = list(sizes)
    given: list[list[Incident]] = [[] for _ in range(EPISODE_DOCS)]
    for incident in sorted(incidents, key=lambda i: -i.reports):
        free = [d for d in range(EPISODE_DOCS) if room[d] > 0]
        chosen = rng.sample(free, min(incident.reports, len(free)))
        for d in chosen:
            room[d] -= 1
            given[d].append(incident)
        incident.reports = len(chosen)
    plans = []
    for d in range(EPISODE_DOCS):
        mine = given[d] or [rng.choice(incidents)]
        if not given[d]:
            mine[0].reports += 1
        rng.shuffle(mine)
        mine.sort(key=lambda i: -i.reports)   # the most-covered incident leads
        latest = max(i.date for i in mine)
        published = min(LAST_DAY, latest + dt.timedelta(days=rng.randrange(PUBLICATION_LAG + 1)))
        others = [i for i in rng.sample(incidents, min(6, len(incidents))) if i not in mine]
        plans.append(Plan(number * EPISODE_DOCS + d, published, mine, [_headline(rng, i) for i in others[:4]]))
    return plans


# ==================================================================================================
# Phrases
# ==================================================================================================


def _count(n: int, noun: str, rng: random.Random, *, exact: bool = False, initial: bool = False) -> str:
    """``n`` ``noun`` in one of the forms the press uses ("at least 14 soldiers", "dozens of soldiers");
    ``initial``: it opens a sentence (capitalised, never a bare figure); ``exact``: no rounding."""
    forms = [f"at least {n} {noun}"] if initial else [f"{n} {noun}", f"at least {n} {noun}"]
    if n <= 20:
        forms.append(f"{_NUMBER_WORDS[n]} {noun}")
    if not exact:
        if n >= 12:
            forms.append(f"more than {n - 1 if n % 10 else n - 2} {noun}")
        if n >= 15:
            forms += [f"around {5 * round(n / 5)} {noun}", f"some {5 * round(n / 5)} {noun}",
                      f"nearly {5 * (n // 5 + 1)} {noun}"]
        if 24 <= n < 100:
            forms.append(f"dozens of {noun}")
        if 30 <= n < 100:
            forms.append(f"several dozen {noun}")
        if 10 <= n <= 14:
            forms.append(f"about a dozen {noun}")
    chosen = rng.choice(forms)
    return _cap(chosen) if initial else chosen


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


#: First words of lead templates that are no proper noun (lower-cased after "Elsewhere, ").
_COMMON_STARTS = frozenset({"A", "An", "The", "Fighting", "Militants", "Hundreds", "Army", "Gunmen", "Suspected",
                            "At", "Some", "More", "Around", "Nearly", "Dozens", "Several", "About", "Heavy"}
                           | {w.capitalize() for w in _NUMBER_WORDS})


def _ordinal(day: int) -> str:
    return f"{day}{'th' if 10 <= day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


def _long_date(date: dt.date, rng: random.Random, *, year: bool = True) -> str:
    """"24 November 2023" or "November 24, 2023" (without the year when ``year`` is False)."""
    month = _MONTHS[date.month - 1]
    if rng.random() < 0.5:
        return f"{date.day} {month} {date.year}" if year else f"{date.day} {month}"
    return f"{month} {date.day}, {date.year}" if year else f"{month} {date.day}"


def _when(date: dt.date, published: dt.date, rng: random.Random) -> str:
    """When ``date`` was, as an article published on ``published`` says it: "on Friday",
    "on Saturday (November 25th)", "last week", "on 24 November 2023" ... always true."""
    gap = (published - date).days
    weekday = _WEEKDAYS[date.weekday()]
    forms = [f"on {_long_date(date, rng)}", f"on {_long_date(date, rng, year=False)}"]
    if gap <= 6:
        forms += [f"on {weekday}"] * 3 + [f"on {weekday} ({_MONTHS[date.month - 1]} {_ordinal(date.day)})",
                                          f"late on {weekday}", f"on {weekday} night", f"early on {weekday}",
                                          f"on {weekday} {date.day} {_MONTHS[date.month - 1]}"]
    if gap == 1:
        forms.append("yesterday")
    monday = published - dt.timedelta(days=published.weekday())
    if gap >= 2 and monday - dt.timedelta(days=7) <= date < monday:
        forms.append("last week")
    if gap >= 2 and monday <= date < published:
        forms.append("earlier this week")
    return rng.choice(forms)


def _group_name(key: str, rng: random.Random, *, full: bool = False) -> str:
    """A group's name: its short name, or a full name with the acronym ("Jama'at ... (JNIM)")."""
    short, names, _ = GROUPS[key]
    if full or rng.random() < 0.35:
        name = rng.choice(names)
        return f"{name} ({short})" if short not in name and short.isupper() else name
    return short


def _army(country: str, rng: random.Random) -> str:
    """The country's army as a noun phrase: "the Malian army", "FAMa", "the Niger Armed Forces"."""
    name = rng.choice(FORCES[country][1])
    return name if " " not in name else f"the {name}"


def _soldiers(incident: Incident, rng: random.Random) -> str:
    """The soldiers attacked, with their allies ("Malian soldiers and their Wagner allies")."""
    soldiers = FORCES[incident.country][2]
    if incident.ally == "vdp":
        return rng.choice((f"{soldiers} and {rng.choice(VDP)} auxiliaries", f"{soldiers} and VDP volunteers"))
    if incident.ally in ("wagner", "africa-corps"):
        ally = rng.choice(WAGNER if incident.ally == "wagner" else AFRICA_CORPS)
        return rng.choice((f"{soldiers} and their {ally} allies", f"{soldiers} and {ally} fighters"))
    return soldiers


def _where(town: str, rng: random.Random) -> str:
    """The town with its setting: "Niafunké, in the Timbuktu region," or just "Niafunké" (a
    trailing comma before punctuation is tidied by :func:`_tidy`)."""
    area = TOWNS[town][1]
    if area and rng.random() < 0.5:
        return f"{town}, in the {area}," if "region" in area else f"{town}, in {area},"
    return town


def _tidy(sentence: str) -> str:
    return sentence.replace(",.", ".").replace(", ,", ",").replace(",,", ",")


def _civil_source(rng: random.Random) -> str:
    return rng.choice(SOURCES_CIVIL)


def _security_source(rng: random.Random) -> str:
    """"security sources", or "a security source" (the reference label is "security source")."""
    name = rng.choice(SOURCES_SECURITY)
    return name if name.endswith("s") else f"a {name}"


def _outlet_of(group: str) -> str | None:
    return GROUPS[group][2]


def _headline(rng: random.Random, incident: Incident, *, country: bool = True) -> str:
    """A headline for ``incident`` (a title, or another story in a page's furniture); without
    the country prefix when ``country`` is False."""
    town, group = incident.town, GROUPS[incident.group][0]
    prefix = f"{COUNTRIES[incident.country]}: " if country and rng.random() < 0.4 else ""
    soldiers = incident.soldiers_army
    options = {
        "clash": ("soldiers killed in clashes with jihadists near " + town,
                  f"{group} fighters attack army positions near {town}",
                  f"at least {soldiers} soldiers killed in attack near {town}"),
        "camp": (f"{group} claims capture of army camp in {town}, army denies",
                 f"militants attack military camp in {town}",
                 f"army says attack on {town} camp repelled"),
        "suicide": (f"car bomb and assault hit army base in {town}",
                    f"{group} claims suicide attack on {town} military camp"),
        "shelling": (f"{group} shells army camp in {town}", f"mortar fire hits military camp in {town}"),
        "air": (f"drone strike near {town} kills dozens of militants, army says",
                f"army announces air strikes near {town}"),
        "ied": (f"roadside bomb kills {soldiers} soldiers near {town}" if not incident.bus
                else f"bus hits explosive device near {town}",
                f"deadly explosion on the road near {town}"),
        "massacre": (f"gunmen kill {incident.civilians} civilians near {town}",
                     f"villagers massacred near {town}"),
        "abduction": (f"gunmen abduct {incident.captives} people near {town}",
                      f"kidnapping on the road near {town}"),
    }[incident.kind]
    return prefix + _cap(rng.choice(options))


# ==================================================================================================
# One report of one incident: a list of paragraphs
# ==================================================================================================


def _lead(incident: Incident, published: dt.date, rng: random.Random, *, separate: bool = False,
          when: str | None = None) -> str:
    """The sentence that reports the incident: what, where, when, by whom, against whom."""
    when = when or _when(incident.date, published, rng)
    group, town = _group_name(incident.group, rng), incident.town
    where = _where(town, rng)
    soldiers = _soldiers(incident, rng)
    army = _army(incident.country, rng)
    kind = incident.kind
    killed = _count(incident.soldiers_local, "soldiers", rng)
    first_killed = _count(incident.soldiers_local, "soldiers", rng, initial=True)
    # "in the afternoon on Friday", but never "at dawn late on Friday" or "at dawn last week"
    hour = "" if any(w in when for w in ("early", "late", "night", "week", "yesterday")) else incident.hour + " "
    suspected = "" if incident.claimed else "suspected "
    # "ISSP fighters": "fighters" alone may be read as another group of the article, so a further
    # incident of the article says "ISSP gunmen"
    men = rng.choice(("gunmen", "combatants") if separate else ("fighters", "fighters", "militants", "gunmen"))
    if kind == "clash":
        options = (
            f"{group} {men} attacked {soldiers} near {where} {when}, killing {killed}.",
            f"Fighting broke out {when} between {FORCES[incident.country][2]} and {group} {men} around {where} "
            f"and lasted several hours.",
            f"{_cap(men)} of {group} ambushed a patrol of {soldiers} outside {where} {when}, "
            f"killing {killed} before withdrawing on motorbikes.",
            f"{first_killed} were killed {when} when {group} {men} attacked their position near {where}.",
        )
    elif kind == "camp":
        options = (
            f"{group} {men} stormed the {town} army camp {when} after several hours of heavy fighting "
            f"with {soldiers}.",
            f"{_cap(men)} from {group} attacked the military camp in {where} {when}, engaging {soldiers} "
            f"in a long exchange of fire.",
            f"An assault by {group} on the camp at {town} {when} left {killed} dead.",
            f"Hundreds of {group} {men} on motorcycles and pick-up trucks raided the army camp in {where} "
            f"{hour}{when}.",
        )
    elif kind == "suicide":
        options = (
            f"A suicide car bomb exploded at the entrance of the military camp in {where} {when} before "
            f"{group} {men} stormed the base.",
            f"{group} opened its assault on the army base at {town} {when} with a suicide vehicle packed with "
            f"explosives, followed by waves of fighters on motorbikes.",
            f"A suicide bomber drove an explosives-laden vehicle into the {town} military camp {when}, and "
            f"{group} {men} then attacked {soldiers} inside.",
        )
    elif kind == "shelling":
        options = (
            f"{group} fired {incident.shells} mortar shells at the {town} military camp {when}, "
            f"damaging several buildings.",
            f"The army camp in {where} came under mortar fire {when} in an attack later claimed by {group}.",
            f"{group} {men} pounded the military camp in {where} with mortar shells {hour}{when}, "
            f"hitting the living quarters of {soldiers}.",
        )
    elif kind == "air":
        neutralised = _count(incident.militants, "fighters", rng)
        options = (
            f"A drone strike by {army} killed {neutralised} of {group} near {where} {when}.",
            f"{_cap(army)} carried out air strikes {when} against a gathering of {group} {men} near {where}.",
            f"The army's drones struck {group} positions around {where} {when}, killing {neutralised}.",
        )
    elif kind == "ied":
        claimed = f", in an attack later claimed by {group}" if incident.claimed and rng.random() < 0.6 else ""
        if incident.bus:
            passengers = _count(incident.civilians, "passengers", rng)
            options = (
                f"A passenger bus struck an improvised explosive device near {where} {when}, "
                f"killing {passengers}{claimed}.",
                f"{_count(incident.civilians, 'passengers', rng, initial=True)} were killed {when} when their bus "
                f"hit a landmine on the road outside {where}{claimed}.",
            )
        else:
            options = (
                f"{first_killed} were killed {when} when their convoy struck an improvised explosive device "
                f"near {where}{claimed}.",
                f"An explosive device hit an army convoy on the road outside {where} {when}, killing {killed}"
                f"{claimed}.",
                f"A roadside bomb exploded under a military vehicle near {where} {when}, killing {killed}{claimed}.",
            )
    elif kind == "massacre":
        civilians = _count(incident.civilians, "civilians", rng)
        options = (
            f"{_cap(suspected)}{group} {men} killed {civilians} in an attack on villages near {where} {when}.",
            f"Gunmen believed to belong to {group} opened fire on villagers in {where} {when}, "
            f"killing {civilians}.",
            f"{_count(incident.civilians, 'civilians', rng, initial=True)} were killed {when} when "
            f"{suspected}{group} {men} attacked the weekly market in {where}.",
            f"{_cap(suspected)}{group} {men} massacred {civilians} near {where} {when} and set fire to houses "
            f"and grain stores.",
        )
    else:  # abduction
        people = _count(incident.captives, "people", rng, exact=True)
        options = (
            f"{_cap(suspected)}{group} {men} abducted {people}, including a village chief, near {where} {when}.",
            f"Gunmen believed to belong to {group} stopped a bus on the road near {where} {when} and kidnapped "
            f"{people}.",
            f"{_cap(suspected)}{group} {men} kidnapped {people} from a market in {where} {when}.",
        )
    sentence = _tidy(rng.choice(options))
    if separate:
        first, rest = sentence.split(" ", 1)
        first = first.lower() if first in _COMMON_STARTS else first
        sentence = rng.choice(("In a separate incident, ", "Elsewhere, ", "Separately, ")) + first + " " + rest
    return sentence


_QUOTES = {
    "attack": ("\"The shooting started before dawn and did not stop until midday,\" {source} said by telephone.",
               "\"We stayed locked inside our houses all day,\" {source} said.",
               "\"Many families have already left for the bigger towns,\" {source} said."),
    "shelling": ("\"Shells fell near the market and the health centre,\" {source} said.",
                 "\"The explosions shook the whole town,\" {source} said by telephone."),
    "air": ("\"We heard the drone for an hour before the explosions,\" {source} said.",
            "\"Nobody dares to go to the area now,\" {source} said."),
    "ied": ("\"The vehicle was thrown into the air,\" {source} said.",
            "\"Nobody uses that road after dark any more,\" {source} said."),
    "massacre": ("\"They gathered the men near the well and shot them,\" {source} said.",
                 "\"We buried the dead the next morning,\" {source} said by telephone."),
    "abduction": ("\"They took the driver and the passengers who could not pay,\" {source} said.",
                  "\"We have had no news of them since,\" {source} said."),
}
_AFTERMATH = {
    "attack": ("Reinforcements were sent to secure the area and evacuate the wounded.",
               "The wounded were evacuated by helicopter for treatment.",
               "{town} has lived for months under a blockade imposed by armed groups."),
    "shelling": ("The camp had already been targeted several times this year.",
                 "{town} has lived for months under a blockade imposed by armed groups."),
    "air": ("The army has relied increasingly on drones in its operations.",),
    "ied": ("The road is the main supply route for army positions in the area.",
            "Traffic on the road was suspended for several hours."),
    "massacre": ("Hundreds of residents fled towards the nearest towns after the killings.",
                 "The government declared three days of national mourning."),
    "abduction": ("Relatives said the kidnappers had not yet made contact.",
                  "Abductions for ransom have become more frequent in the area."),
}


_CONTEXT = (
    "The {town} area had been relatively calm in recent months, residents said.",
    "It was the deadliest incident in the area since the start of the year, according to a local official.",
    "Armed groups have stepped up their operations in the area since the end of the rainy season.",
    "Humanitarian organisations say the insecurity has cut off thousands of people from food supplies.",
    "Telephone networks in the area are often cut, and news of such incidents takes days to emerge.",
    "Several schools and health centres around {town} have closed because of the insecurity.",
)


def _facet(kind: str) -> str:
    return {"clash": "attack", "camp": "attack", "suicide": "attack"}.get(kind, kind)


def _details(incident: Incident, rng: random.Random, outlet: str, *, named: bool = True) -> list[str]:
    """What the parties and witnesses said: one sentence per entry, in the order a report gives them.
    ``named``: the lead named the group, so that "the group" can refer to it."""
    group_short = GROUPS[incident.group][0]
    epithet = rng.choice(GROUP_EPITHETS[incident.group])
    media = _outlet_of(incident.group)
    army = _army(incident.country, rng)
    out: list[str] = []
    kind = incident.kind
    # the group's claim
    named = named and kind != "ied"   # an explosion's lead may not name the group
    if incident.claimed and kind != "air":
        via = f" in a statement carried by {media}" if media and rng.random() < 0.7 else " in a statement"
        if kind in ("camp", "suicide") and incident.overrun:
            options = (
                f"{group_short} claimed responsibility{via}, saying its fighters had taken control of the camp, "
                f"killed {_count(incident.soldiers_group, 'soldiers', rng)} and seized "
                f"{_count(incident.vehicles, 'vehicles', rng, exact=True)}.",
                f"In a message released on social media, {epithet if named else group_short} said it had overrun "
                f"the base and killed {_count(incident.soldiers_group, 'soldiers', rng)}.",
            )
        elif kind == "massacre":
            options = (f"{group_short} claimed the killings{via}, saying it had targeted \"militia collaborators\".",)
        elif kind == "abduction":
            options = (f"{group_short} said{via} that it was holding the captives.",
                       f"{group_short} claimed the kidnapping{via}.")
        elif kind == "shelling":
            options = (f"{group_short} claimed the shelling{via}, saying it had caused \"heavy losses\".",
                       f"{'The group' if named else group_short} said it had fired {incident.shells} shells at the "
                       f"camp.")
        else:
            options = (
                f"{group_short} claimed responsibility{via}, saying it had killed "
                f"{_count(incident.soldiers_group, 'soldiers', rng)}.",
                f"{group_short} later said it killed {_count(incident.soldiers_group, 'soldiers', rng)} and seized "
                f"weapons and ammunition.",
            ) + ((
                f"The group said it killed {_count(incident.soldiers_group, 'soldiers', rng)} and seized weapons "
                f"and ammunition.",
                f"{_cap(epithet)} later claimed responsibility{via} and put the army's losses at "
                f"{_count(incident.soldiers_group, 'soldiers', rng)}.",
            ) if named else ())
        if not named:
            options = tuple(o for o in options if not o.startswith(("The group", "In a message")))
        out.append(rng.choice(options))
    elif kind in ("ied", "massacre", "abduction") and rng.random() < 0.6:
        what = {"ied": "the explosion", "massacre": "the killings", "abduction": "the kidnapping"}[kind]
        out.append(rng.choice((f"No group has claimed responsibility for {what}.",
                               f"No group has yet claimed {what}.")))
    # the army's account
    if kind == "air":
        out.append(rng.choice((
            f"In a statement, the army said the strikes had \"neutralised\" "
            f"{_count(incident.militants, 'terrorists', rng)} and destroyed several motorcycles.",
            "The general staff said the targets were \"terrorist hideouts\" identified after days of surveillance.",
        )))
        if rng.random() < 0.35:
            out.append(f"But {_civil_source(rng)} told {outlet} that civilians were among the dead, a claim the "
                       f"army rejected as \"disinformation\".")
    elif kind in ("clash", "camp", "suicide"):
        out.append(rng.choice((
            f"The army said it had repelled the attack, losing {_count(incident.soldiers_army, 'soldiers', rng)} "
            f"and \"neutralising\" {_count(incident.militants, 'assailants', rng)}.",
            f"In a statement read on state television, {army} acknowledged "
            f"{_count(incident.soldiers_army, 'dead', rng, exact=True)} in its ranks and said "
            f"{_count(incident.militants, 'terrorists', rng)} had been killed.",
            "The general staff said the assailants had been \"routed\" after they \"tried in vain\" to take "
            "the positions.",
        )))
        if incident.overrun or (incident.claimed and rng.random() < 0.4):
            out.append(rng.choice((
                "The army denied that its positions had fallen and dismissed the group's figures as propaganda.",
                f"{_cap(army)} rejected the claim as \"pure propaganda\".",
                "Army spokesmen denied that any soldier had been taken prisoner.",
            )))
    elif kind == "shelling":
        out.append(rng.choice((
            "The army said the shells had caused only material damage.",
            f"In a brief statement, {army} acknowledged that the camp had been hit and said "
            f"{_count(incident.soldiers_army, 'soldiers', rng, exact=True)} were wounded.",
        )))
    elif kind == "ied" and not incident.bus:
        out.append(f"The army confirmed the explosion but gave a toll of "
                   f"{_count(incident.soldiers_army, 'dead', rng, exact=True)}.")
    elif kind == "massacre":
        out.append(rng.choice(("The authorities blamed \"terrorists\" for the killings and promised that those "
                               "responsible would be found.",
                               "The army said it had deployed units to the area to protect the population.")))
    elif kind == "abduction":
        out.append("Security forces launched a search for the captives, a local official said.")
    # witnesses and local sources
    source = _civil_source(rng)
    if kind in ("massacre", "abduction") or incident.bus:
        if kind == "abduction":
            out.append(f"{_cap(source)} said the captives included women and children and that some had been "
                       f"released on the road.")
        else:
            figure = incident.civilians + rng.randrange(1, 9)
            out.append(rng.choice((
                f"According to {source}, the toll could be higher: {_count(figure, 'dead', rng, exact=True)}.",
                f"{_cap(source)} gave a toll of {_count(figure, 'dead', rng, exact=True)}, adding that many "
                f"families had fled.",
            )))
    elif kind == "shelling":
        out.append(f"According to {source}, the shells started falling {incident.hour}.")
    elif kind == "ied":
        out.append(rng.choice((
            f"{_cap(_security_source(rng))} put the number of soldiers killed at {incident.soldiers_local}.",
            f"According to {source}, the explosion was heard several kilometres away.",
        )))
    elif kind != "air":
        if rng.random() < 0.5:
            out.append(rng.choice((
                f"{_cap(source)} said the assailants had arrived on motorcycles {incident.hour}.",
                f"According to {source}, the wounded were taken to the health centre in {incident.town}.",
            )))
            source = _civil_source(rng)
        security = _security_source(rng)
        out.append(rng.choice((
            f"{_cap(security)} put the number of soldiers killed at {incident.soldiers_local}.",
            f"Speaking on condition of anonymity, {security} said {_count(incident.soldiers_local, 'soldiers', rng)} "
            f"had died and others were missing.",
            f"According to {source}, the fighting started {incident.hour} and gunfire could be heard for hours.",
        )))
    if rng.random() < 0.85:
        out.append(rng.choice(_QUOTES[_facet(kind)]).format(source=_civil_source(rng)))
    if rng.random() < 0.8:
        out.append(rng.choice(_AFTERMATH[_facet(kind)]).format(town=incident.town))
    if rng.random() < 0.6:
        out.append(rng.choice(_CONTEXT).format(town=incident.town, country=COUNTRIES[incident.country]))
    if rng.random() < 0.25 and incident.claimed and kind in ("camp", "suicide"):
        out.append("SITE Intelligence Group said photos released with the claim showed fighters inside the camp "
                   "next to burning vehicles.")
    return out


def _report(incident: Incident, published: dt.date, rng: random.Random, outlet: str, *,
            separate: bool = False) -> list[str]:
    """A news report of ``incident``: its lead and detail paragraphs (one to three sentences each)."""
    details = _details(incident, rng, outlet, named=not separate)
    lead = _lead(incident, published, rng, separate=separate)
    if separate:   # a further incident of the article gets a paragraph or two
        keep = details[: rng.randrange(1, 4)]
        return [" ".join([lead, *keep[:2]])] + ([" ".join(keep[2:])] if keep[2:] else [])
    paragraphs = [" ".join([lead, *details[:1]])]
    rest = details[1:]
    while rest:
        take = rng.randrange(1, 3)
        paragraphs.append(" ".join(rest[:take]))
        rest = rest[take:]
    return paragraphs


# ==================================================================================================
# Background sentences (no incident of their own), chosen to fit the article's date and country
# ==================================================================================================


def _background(country: str, published: dt.date, rng: random.Random, sentences: int = 1) -> str:
    """``sentences`` sentences of background (distinct), true at ``published``."""
    options = [
        "Jihadist groups control large rural areas of the three countries, where they levy taxes and impose "
        "their rules on the population.",
        "Humanitarian agencies say several million people need food aid in the central Sahel, many of them "
        "displaced by the violence.",
        "Verifying the competing accounts is difficult because access to the area is restricted and dangerous.",
        "The authorities have restricted coverage of the conflict, and tolls given by the parties are rarely "
        "verifiable.",
        "Jihadist violence has spread from northern Mali to Burkina Faso and western Niger since 2012, "
        "driving millions of people from their homes.",
    ]
    if country == "ML":
        options.append("Mali has been gripped by jihadist and separatist violence for more than a decade.")
        if published >= dt.date(2023, 12, 31):
            options.append("The north has seen intensified fighting since the UN peacekeeping mission left the "
                           "country at the demand of the ruling junta.")
        rank = "Colonel" if published < dt.date(2024, 10, 16) else "General"
        options.append(f"The junta led by {rank} Assimi Goïta has made restoring state authority over the whole "
                       f"territory its priority.")
    elif country == "BF":
        options.append("Burkina Faso has been ravaged by jihadist violence since 2015, and the state controls "
                       "only part of its territory.")
        if published >= dt.date(2022, 10, 1):
            options.append("Captain Ibrahim Traoré, who seized power in a coup, has mobilised tens of thousands "
                           "of civilian auxiliaries to support the army.")
    else:
        options.append("The Tillabéri region, where the borders of Niger, Mali and Burkina Faso meet, has become "
                       "the epicentre of jihadist violence in the country.")
        if published >= dt.date(2023, 7, 27):
            options.append("General Abdourahamane Tiani, who took power in a coup, has made security his "
                           "government's first priority.")
    if published >= dt.date(2023, 9, 17):
        options.append("Mali, Burkina Faso and Niger, all ruled by military governments, have pooled their forces "
                       "within the Alliance of Sahel States (AES).")
    return " ".join(rng.sample(options, sentences))


# ==================================================================================================
# Styles: each returns (title, text, sidecar fields)
# ==================================================================================================

Meta = dict[str, str]


def _title_of(plan: Plan, rng: random.Random) -> str:
    if len(plan.incidents) == 1:
        return _headline(rng, plan.incidents[0])
    towns = [i.town for i in plan.incidents]
    listed = ", ".join(towns[:-1]) + " and " + towns[-1]
    countries = {i.country for i in plan.incidents}
    if len(countries) == 1:
        country = COUNTRIES[plan.incidents[0].country]
        return rng.choice((f"{country}: deadly attacks in {listed}", f"{country}: attacks in {listed} leave many dead",
                           f"{_headline(rng, plan.incidents[0])}; violence also in {towns[-1]}"))
    return rng.choice((f"Sahel: deadly attacks in {listed}", f"Violence across the Sahel: {listed}"))


def _short_outlet(publisher: str) -> str:
    return {"Radio France Internationale": "RFI", "Voice of America": "VOA"}.get(publisher, publisher)


def _wire(plan: Plan, rng: random.Random) -> tuple[str, str, Meta]:
    """Agency copy: a dateline, the story, a verification caveat, the credit line."""
    main = plan.incidents[0]
    agency = main.agency
    capital = CAPITALS[main.country]
    title = _title_of(plan, rng)
    pub = plan.published
    if agency == "Reuters":
        dateline = f"{capital.upper()}, {_REUTERS_MONTHS[pub.month - 1]} {pub.day} (Reuters) - "
    elif agency == "AFP":
        dateline = f"{capital} (AFP) - "
    else:
        dateline = f"{capital.upper()} (AP) — "
    paragraphs = _report(main, pub, rng, agency)
    paragraphs[0] = dateline + paragraphs[0]
    paragraphs.append(f"{agency} could not independently verify the accounts.")
    for other in plan.incidents[1:]:
        paragraphs += _report(other, pub, rng, agency, separate=True)
    paragraphs.append(_background(main.country, pub, rng, rng.choice((2, 2, 3))))
    if agency == "Reuters":
        paragraphs.append(f"(Reporting by Reuters staff in {capital}; Editing by the West Africa desk)")
    meta = {"publisher": WIRE_AGENCIES[agency], "author": f"{agency} staff", "agency": agency}
    return title, "\n\n".join([title, *paragraphs]) + "\n", meta


def _rewrite(plan: Plan, rng: random.Random) -> tuple[str, str, Meta]:
    """Another outlet's rewrite of an agency story, with that outlet's page furniture."""
    main = plan.incidents[0]
    agency = main.agency
    publisher = rng.choice(REWRITERS)
    pub = plan.published
    title = _title_of(plan, rng)
    body = _report(main, pub, rng, agency)
    for other in plan.incidents[1:]:
        body += _report(other, pub, rng, agency, separate=True)
    body.append(_background(main.country, pub, rng, rng.choice((2, 2, 3))))
    headlines = plan.headlines or [title]
    if publisher == "TRT World":
        lines = [f" date {pub.isoformat()} WORLD", f"{rng.choice((2, 3, 4))} MIN READ", title,
                 rng.choice(("Verifying claims by either side is difficult in the region.",
                             "The accounts of the army and the militants differ widely.")),
                 title, f"{DEMONYMS[main.country]} soldiers in a file photo. / Others", "By Staff Reporter",
                 f"{_MONTHS[pub.month - 1]} {pub.day}, {pub.year}", ""]
        text = "\n".join(lines) + "\n" + "\n\n".join(body[:2]) + f"\n\nRelated{headlines[0]}\nRECOMMENDED\n\n"
        text += "\n\n".join(body[2:]) + f"\n\nSOURCE:{agency}\nExplore\n" + "\n".join(headlines) + "\n"
        author = "Staff Reporter"
    elif publisher == "Firstpost":
        body[0] = f"According to an {agency} report, " + body[0][0].lower() + body[0][1:] \
            if body[0].split(" ", 1)[0] in _COMMON_STARTS else f"According to an {agency} report, " + body[0]
        text = title + "\n" + "\n".join(body) + "\nImpact Shorts\nWith inputs from agencies\n"
        author = "with inputs from agencies"
    elif publisher == "Dependable NG":
        body.insert(1, f"Dependable NG reports, citing {agency}, that the toll remained uncertain.")
        text = "METRO\n" + title + "\n" + "\n".join(body) + "\n"
        author = "Dependable NG"
    else:  # France 24, Voice of America
        capital = CAPITALS[main.country]
        body[0] = f"{capital} ({agency}) - " + body[0]
        caption = f"{DEMONYMS[main.country]} soldiers on patrol, in a file photo. {agency} - STRINGER"
        text = (title + "\n\n" + caption + "\n\n" + "\n\n".join(body[:2]) + "\n\n"
                + f"Read more: {headlines[0]}\n\n" + "\n\n".join(body[2:]) + "\n")
        author = agency
    return title, text, {"publisher": publisher, "author": author, "agency": agency}


def _local(plan: Plan, rng: random.Random) -> tuple[str, str, Meta]:
    """A correspondent's report (RFI-like): lead, photo caption, byline, teaser furniture."""
    main = plan.incidents[0]
    publisher = rng.choice(LOCAL_OUTLETS)
    pub = plan.published
    title = _title_of(plan, rng)
    short = _short_outlet(publisher)
    body = _report(main, pub, rng, short)
    author = "David Baché" if publisher == "Radio France Internationale" and main.country == "ML" else \
        rng.choice(("Staff Reporter", "our correspondent"))
    lines = [title, "", body[0], "",
             f"{DEMONYMS[main.country]} army vehicle in {CAPITALS[main.country]}, in a file photo. AFP - STRINGER",
             "", f"By: {author}", "", "Advertising", "", "Read More", ""]
    lines += [p + "\n" for p in body[1:]]
    for other in plan.incidents[1:]:
        lines += [p + "\n" for p in _report(other, pub, rng, short, separate=True)]
    if plan.headlines:
        lines.append(f"Read also{plan.headlines[0]}\n")
    lines.append(_background(main.country, pub, rng, rng.choice((1, 2, 2))) + "\n")
    lines += ["NewsletterGet all the latest international news straight to your inbox", "", "Subscribe now", "",
              "Share:"]
    return title, "\n".join(lines) + "\n", {"publisher": publisher, "author": author}


def _roundup(plan: Plan, rng: random.Random) -> tuple[str, str, Meta]:
    """A weekly security roundup: one section per incident under a country heading."""
    publisher = rng.choice(LOCAL_OUTLETS)
    pub = plan.published
    title = rng.choice(("Sahel security roundup", "This week in the Sahel", "Security briefing")) + ": " + \
        ", ".join(i.town for i in plan.incidents[:3])
    short = _short_outlet(publisher)
    paragraphs = [title, rng.choice(("A summary of the week's main security incidents in Mali, Burkina Faso "
                                     "and Niger, compiled from our correspondents and agency reports.",
                                     "Our weekly look at the conflicts of the central Sahel."))]
    for incident in plan.incidents:
        heading = f"{COUNTRIES[incident.country].upper()} - {_headline(rng, incident, country=False)}"
        paragraphs += [heading, " ".join(_report(incident, pub, rng, short)[:2])]
    paragraphs.append(_background(plan.incidents[0].country, pub, rng, 2))
    return title, "\n\n".join(paragraphs) + "\n", {"publisher": publisher, "author": "Staff Reporter"}


def _army_statement(plan: Plan, rng: random.Random) -> tuple[str, str, Meta]:
    """A general staff communiqué about the country's incidents (all in one country)."""
    country = plan.incidents[0].country
    staff = rng.choice(FORCES[country][3])
    pub = plan.published
    title = f"Communiqué of the {staff} on operations of {_long_date(pub, rng)}"
    paragraphs = [title, f"{CAPITALS[country]}, {_long_date(pub, rng)} - The {staff} informs the public of the "
                         f"following events."]
    for incident in plan.incidents:
        date = f"on {_WEEKDAYS[incident.date.weekday()]} {_long_date(incident.date, rng)}"
        group = f"terrorists of {_group_name(incident.group, rng)}" if rng.random() < 0.6 else "armed terrorist groups"
        town, army = incident.town, _army(country, rng)
        if incident.kind == "air":
            text = (f"The army's air assets conducted precise strikes {date} against a gathering of {group} near "
                    f"{town}. Around {incident.militants} terrorists were neutralised and several motorcycles "
                    f"destroyed.")
        elif incident.kind == "ied":
            text = (f"A logistics convoy struck an improvised explosive device {date} near {town}. "
                    f"{_count(incident.soldiers_army, 'soldiers', rng, exact=True, initial=True)} lost their lives "
                    f"and the convoy continued its mission.")
        elif incident.kind == "shelling":
            text = (f"{_cap(incident.hour)} {date}, the camp of {army} at {town} was targeted by mortar fire from "
                    f"{group}. The shells caused only material damage.")
        elif incident.kind == "massacre":
            text = (f"{_cap(group)} attacked civilians in {town} {date}. Units deployed in the area pursued the "
                    f"assailants; the provisional toll is {incident.civilians} civilians killed.")
        elif incident.kind == "abduction":
            text = (f"{_cap(group)} abducted {incident.captives} civilians near {town} {date}. Search operations "
                    f"are under way to free them.")
        else:
            text = (f"{_cap(incident.hour)} {date}, positions of {army} at {town} were the target of a complex "
                    f"attack by {group}. The vigorous reaction of the units made it possible to repel the assault, "
                    f"and {incident.militants} assailants were neutralised. On the friendly side, "
                    f"{_count(incident.soldiers_army, 'soldiers', rng, exact=True)} fell with honour.")
            if incident.overrun:
                text += (" The General Staff denies the claims of the terrorists, who pretend to have taken the "
                         "camp, and calls them \"pure propaganda\".")
        paragraphs.append(text)
    paragraphs.append(rng.choice((
        "Operations to secure the areas concerned and to search for the fleeing assailants are continuing.",
        "The General Staff reassures the population of the determination of the defence and security forces to "
        "secure every part of the national territory.")))
    paragraphs.append("The General Staff presents its condolences to the bereaved families, wishes the wounded a "
                      "speedy recovery and calls on the population to report any suspicious movement to the "
                      "nearest units.")
    if FORCES[country][4]:
        paragraphs.append(f"{FORCES[country][4]}, Director of Information and Public Relations of the Armed Forces")
    return title, "\n\n".join(paragraphs) + "\n", {"publisher": STATE_PUBLISHERS[country], "author": staff}


def _group_statement(plan: Plan, rng: random.Random) -> tuple[str, str, Meta]:
    """An armed group's claim, as its outlet published it (one group, in translation)."""
    group = plan.incidents[0].group
    outlet = _outlet_of(group) or "Az-Zallaqa"
    full = _group_name(group, rng, full=True)
    pub = plan.published
    title = f"Statement of {full} on the operations of {_long_date(pub, rng, year=False)}"
    paragraphs = [title, f"{full} announces the following operations carried out by its fighters."]
    for incident in plan.incidents:
        date = f"On {_WEEKDAYS[incident.date.weekday()]} {_long_date(incident.date, rng)}"
        soldiers = _soldiers(incident, rng)
        town, short = incident.town, GROUPS[group][0]
        if incident.kind in ("camp", "suicide"):
            text = (f"{date}, the fighters of {short} stormed the military camp in {town}"
                    + (" after a martyrdom operation with a car bomb" if incident.kind == "suicide" else "")
                    + f", killing {incident.soldiers_group} {soldiers.split(' and ')[0]}"
                    + (" and taking control of the camp." if incident.overrun else "."))
            text += f" The fighters seized {incident.vehicles} vehicles, weapons and ammunition."
        elif incident.kind == "shelling":
            text = f"{date}, {short} fired {incident.shells} mortar shells at the military camp in {town}."
        elif incident.kind == "ied":
            text = (f"{date}, {short} fighters blew up a vehicle of the army with an explosive device near "
                    f"{town}, killing {incident.soldiers_group} soldiers.")
        else:
            text = (f"{date}, {short} fighters attacked {soldiers} near {town}, killing "
                    f"{incident.soldiers_group} of them and seizing weapons.")
        paragraphs.append(text)
    paragraphs.append(rng.choice((
        "The fighters withdrew after the operations with the weapons and vehicles they had seized.",
        "The statement warns the soldiers and their auxiliaries that the operations will continue.")))
    paragraphs.append("The statement was shared on the group's channels with photographs of the seized equipment; "
                      "its figures could not be independently verified.")
    return title, "\n\n".join(paragraphs) + "\n", {"publisher": GROUP_PUBLISHERS[outlet], "author": outlet}


def _infobox_losses(incident: Incident) -> str:
    """The casualties line of an encyclopedia infobox, with whose figure it is."""
    if incident.kind == "air":
        return f"{incident.militants} killed (per the army)"
    if incident.kind == "abduction":
        return f"{incident.captives} abducted"
    if incident.kind == "massacre" or incident.bus:
        return f"{incident.civilians} civilians killed"
    return f"{incident.soldiers_group} killed (per {GROUPS[incident.group][0]})"


def _encyclopedia(plan: Plan, rng: random.Random) -> tuple[str, str, Meta]:
    """An encyclopedia article: an infobox and one section per incident, then references."""
    main = plan.incidents[0]
    country = COUNTRIES[main.country]
    war = {"ML": "Mali War", "BF": "Jihadist insurgency in Burkina Faso", "NE": "Jihadist insurgency in Niger"}
    day = f"{_MONTHS[main.date.month - 1]} {main.date.day}, {main.date.year}"
    if len(plan.incidents) > 1:
        countries = list(dict.fromkeys(COUNTRIES[i.country] for i in plan.incidents))
        title = f"{_MONTHS[main.date.month - 1]} {main.date.year} attacks in {' and '.join(countries)}"
        opening = f"The {title} were a series of attacks by jihadist groups in {' and '.join(countries)}."
    elif main.kind == "air":
        title = f"{main.date.year} {main.town} drone strike"
        opening = (f"On {day}, {_army(main.country, rng)} carried out drone strikes against "
                   f"{_group_name(main.group, rng, full=True)} near {main.town}, {country}.")
    else:
        title = f"{main.town} {'kidnapping' if main.kind == 'abduction' else 'attack'}"
        target = "civilians" if main.kind in ("massacre", "abduction") or main.bus else _soldiers(main, rng)
        verb = "abducted" if main.kind == "abduction" else "attacked"
        opening = f"On {day}, militants of {_group_name(main.group, rng, full=True)} {verb} {target} at {main.town}, " \
                  f"{country}."
    lines = [opening, "", title, f"Part of {war[main.country]}", f"Date{day}", "Location",
             "Belligerents", f"{country} {_group_name(main.group, rng, full=True)}", "Casualties and losses",
             _infobox_losses(main), "Unknown", "", "Background", "", "edit",
             "", _background(main.country, plan.published, rng, 2), ""]
    for incident in plan.incidents:
        lead = _lead(incident, incident.date, rng, when=f"on {_long_date(incident.date, rng)}")
        lines += [incident.town if len(plan.incidents) > 1 else "Attack", "", "edit", "",
                  " ".join([lead, *_details(incident, rng, "reporters")[:3]]), ""]
    lines += ["References", "", "edit"]
    for n, incident in enumerate(plan.incidents, start=1):
        lines.append(f"  {n}. ^ \"{_headline(rng, incident)}\". {rng.choice(LOCAL_OUTLETS)}. "
                     f"{incident.date.isoformat()}. Retrieved {plan.published.isoformat()}.")
    return title, "\n".join(lines) + "\n", {"publisher": "Wikipedia", "author": "Wikipedia contributors"}


_STYLES = {"wire": _wire, "rewrite": _rewrite, "local": _local, "roundup": _roundup,
           "army-statement": _army_statement, "group-statement": _group_statement, "encyclopedia": _encyclopedia}
_KIND_OF_STYLE = {"army-statement": "statement", "group-statement": "statement",
                  "encyclopedia": "encyclopedia-article"}


def _style(plan: Plan, rng: random.Random) -> str:
    """Which kind of article reports the plan's incidents."""
    incidents = plan.incidents
    one_country = len({i.country for i in incidents}) == 1
    one_group = len({i.group for i in incidents}) == 1 and _outlet_of(incidents[0].group) is not None
    claims = one_group and all(i.kind in ("clash", "camp", "suicide", "shelling", "ied") and i.claimed
                               for i in incidents)
    if len(incidents) >= 3:
        options = {"roundup": 5, "encyclopedia": 2, "wire": 2}
    else:
        options = {"wire": 6, "rewrite": 6, "local": 5, "encyclopedia": 1}
        if len(incidents) == 2:
            options["roundup"] = 2
    if one_country:
        options["army-statement"] = 2
    if claims:
        options["group-statement"] = 2
    return rng.choices(list(options), list(options.values()))[0]


# ==================================================================================================
# Files
# ==================================================================================================


def _slug(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "article"


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sidecar(title: str, meta: Meta, plan: Plan, kind: str, seed: int, slug: str) -> str:
    pub = plan.published
    url = f"https://synthetic.example.org/{_slug(meta['publisher'], 30)}/{pub:%Y/%m/%d}/{slug}"
    lines = [f"title = {_toml_string(title)}", f"publisher = {_toml_string(meta['publisher'])}",
             f"published = {pub.isoformat()}", f"url = {_toml_string(url)}",
             f"author = {_toml_string(meta['author'])}"]
    if meta.get("agency"):
        lines.append(f"agency = {_toml_string(meta['agency'])}")
    lines += ['language = "en"', f"kind = {_toml_string(kind)}",
              "notes = " + _toml_string(f"Synthetic benchmark article (benchmarks/corpus.py, seed {seed}); "
                                        f"incidents: {' '.join(i.ident for i in plan.incidents)}")]
    return "\n".join(lines) + "\n"


def _plans(docs: int, seed: int) -> Iterator[Plan]:
    made = 0
    episode = 0
    while made < docs:
        for plan in _episode(seed, episode)[: docs - made]:
            made += 1
            yield plan
        episode += 1


def articles(docs: int, seed: int = 7) -> Iterator[tuple[str, str, str]]:
    """``docs`` articles as (file stem, text, sidecar TOML), generated one episode at a time."""
    for plan in _plans(docs, seed):
        rng = random.Random(f"sahel-kg corpus/{seed}/article/{plan.number}")
        style = _style(plan, rng)
        title, text, meta = _STYLES[style](plan, rng)
        slug = _slug(title)
        stem = f"{plan.number:06d}_{slug}"
        yield stem, text, _sidecar(title, meta, plan, _KIND_OF_STYLE.get(style, "news-article"), seed, slug)


def generate(out: Path, docs: int, seed: int = 7) -> int:
    """Write ``docs`` articles and their sidecars into ``out`` (created if need be); return the
    number of words written (article texts, whitespace-separated)."""
    out.mkdir(parents=True, exist_ok=True)
    words = 0
    for stem, text, sidecar in articles(docs, seed):
        (out / f"{stem}.txt").write_text(text, encoding="utf-8")
        (out / f"{stem}.meta.toml").write_text(sidecar, encoding="utf-8")
        words += len(text.split())
    return words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, required=True, help="number of articles to write")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them into")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args(argv)
    if args.docs < 1:
        parser.error("--docs must be at least 1")
    start = time.perf_counter()
    words = generate(args.out, args.docs, args.seed)
    seconds = time.perf_counter() - start
    print(f"{args.docs} articles, {words} words ({words / args.docs:.0f} per article) in {args.out} "
          f"({seconds:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
