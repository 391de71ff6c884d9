"""The scorer: gold written by reading, compared with what the extractor stored."""

from kg.build import build
from kg.evaluate import evaluate
from kg.store import KgStore

ARTICLE = ("Mali army post attacked\n\n"
           "Gunmen attacked the army post in Léré in Mali on Monday. Spokesman Colonel Amadou Issa Maiga said "
           "four soldiers were killed.\n")
GOLD = '''document = "x.txt"
published = "2024-03-12"

[[events]]
id = "lere"
type = "Armed clash"
date = "2024-03-11"
date_precision = "day"
place = "Léré"
region = "Tombouctou"
country = "ML"
installation = true
attackers = []
targets = ["FAMa"]
background = false
evidence = "Gunmen attacked the army post in Léré in Mali on Monday."

[[claims]]
id = "maiga-toll"
event = "lere"
claimant = "Amadou Issa Maiga"
kind = "fatalities"
category = "soldiers-killed"
low = 4
high = 4
stance = "asserts"
evidence = "four soldiers were killed"
'''


def test_a_claim_by_an_actor_the_reference_lacks_is_matched_by_name(tmp_path):
    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir(), gold.mkdir()
    (docs / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (docs / "x.meta.toml").write_text('publisher = "RFI"\npublished = "2024-03-12"\n', encoding="utf-8")
    (gold / "x.toml").write_text(GOLD, encoding="utf-8")
    store = KgStore.in_memory()
    build(store, [docs])
    claims = evaluate(store, gold).scores["claims"]
    assert (claims.tp, claims.fn) == (1, 0), claims.notes
