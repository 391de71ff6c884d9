"""Extraction throughput on the scale corpus, beside bare tokenization, in one run.

``python benchmarks/extraction_speed.py [--docs 300] [--store STORE]`` generates ``--docs``
articles (benchmarks/corpus.py), then times, in this process, one worker each:

- bare spaCy tokenization of the same texts (``spacy.blank("en")``, ``nlp.pipe``): the floor;
- the trained pipeline (en_core_web_sm) over every sentence: what parsing everything would cost;
- the extractor (``Extractor.extract``), which parses only the sentences that need it.

Run it under an older checkout (``PYTHONPATH=/path/to/old/checkout``) to compare extractors.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import spacy

from benchmarks.corpus import generate
from kg.build import refresh_reference_graphs
from kg.extract.pipeline import Extractor
from kg.extract.sentences import split_sentences
from kg.link.reference import ReferenceIndex
from kg.load.loader import load_documents
from kg.store import KgStore


def _rate(label: str, seconds: float, docs: int, words: int) -> None:
    print(f"{label:<34}{docs / seconds:>9.1f} docs/s {words / seconds:>10.0f} words/s  ({seconds:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        words = generate(Path(folder) / "corpus", args.docs, seed=5)
        documents = list(load_documents([Path(folder) / "corpus"]))
        store = KgStore.open(Path(folder) / "store")
        refresh_reference_graphs(store)
        extractor = Extractor(ReferenceIndex.from_store(store))
        texts = [d.text for d in documents]
        print(f"{len(documents)} generated documents, {words} words, one process")
        blank = spacy.blank("en")
        t = time.perf_counter()
        for _ in blank.pipe(texts, batch_size=64):
            pass
        _rate("bare tokenization (blank en)", time.perf_counter() - t, len(texts), words)
        try:
            from kg.extract.parse import load_model

            nlp = load_model("en")
            sentences = [d.text[s:e] for d in documents for s, e in split_sentences(d.text)]
            t = time.perf_counter()
            for _ in nlp.pipe(sentences, batch_size=64):
                pass
            _rate("en_core_web_sm, every sentence", time.perf_counter() - t, len(texts), words)
        except ImportError:
            print("en_core_web_sm, every sentence: (this checkout has no trained pipeline)")
        extractor.extract(documents[0])   # load models and matchers outside the timing
        t = time.perf_counter()
        for document in documents:
            extractor.extract(document)
        _rate("extractor (Extractor.extract)", time.perf_counter() - t, len(texts), words)
        store.close()


if __name__ == "__main__":
    main()
