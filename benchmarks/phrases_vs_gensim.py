"""Phrase detection: firth's ``learn_phrases`` against gensim's ``Phrases``, side by side.

Run as ``python benchmarks/phrases_vs_gensim.py [--tokens N] [--connectors]``. A corpus of
Zipf-distributed filler words with planted collocations is generated (in memory and as a
text file); both libraries learn phrases with the same options from each, then rewrite the
in-memory corpus. Prints the seconds of each step and checks that both find the same
phrases with the same scores.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path

import numpy as np


def generate(tokens: int, seed: int = 0) -> list[list[str]]:
    """Sentences of 5 to 35 Zipf-distributed words, with collocations planted in 3% of slots."""
    rng = np.random.default_rng(seed)
    vocab = [f"w{i}" for i in range(50_000)]
    weights = np.cumsum(1.0 / np.arange(1, len(vocab) + 1))
    draws = np.searchsorted(weights / weights[-1], rng.random(tokens)).tolist()
    planted = [(f"p{i}a", f"p{i}b") for i in range(200)] + [
        (f"bank{i}", "of", f"place{i}") for i in range(50)
    ]
    sentences: list[list[str]] = []
    total = 0
    while total < tokens:
        length = int(rng.integers(5, 36))
        words = [vocab[i] for i in draws[total : total + length]]
        for slot in np.flatnonzero(rng.random(len(words)) < 0.03)[::-1].tolist():
            words[slot : slot + 1] = planted[int(rng.integers(len(planted)))]
        sentences.append(words)
        total += length
    return sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tokens", type=int, default=1_000_000)
    parser.add_argument("--connectors", action="store_true", help="English connector words.")
    args = parser.parse_args()

    from gensim.models.phrases import ENGLISH_CONNECTOR_WORDS, Phrases
    from gensim.models.word2vec import LineSentence

    from firth.config.phrases import PhrasesConfig
    from firth.phrases import learn_phrases

    sentences = generate(args.tokens)
    print(f"{sum(map(len, sentences)):,} tokens in {len(sentences):,} sentences")
    config = PhrasesConfig(connector_words="english" if args.connectors else "none")
    connectors = ENGLISH_CONNECTOR_WORDS if args.connectors else frozenset()
    options = {"min_count": 5, "threshold": 10.0, "connector_words": connectors}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.txt"
        path.write_text("".join(" ".join(s) + "\n" for s in sentences))
        rows = []
        for name, firth_source, gensim_source in [
            ("learn, token lists", sentences, sentences),
            ("learn, text file", str(path), LineSentence(str(path))),
        ]:
            start = time.perf_counter()
            ours = learn_phrases(firth_source, config)
            middle = time.perf_counter()
            theirs = Phrases(gensim_source, **options)
            end = time.perf_counter()
            rows.append((name, middle - start, end - middle))
        start = time.perf_counter()
        ours_out = list(ours.apply(sentences))
        middle = time.perf_counter()
        frozen = theirs.freeze()
        theirs_out = list(frozen[sentences])
        end = time.perf_counter()
        rows.append(("apply to token lists (gensim: frozen)", middle - start, end - middle))
    print(f"{'step':40} {'firth s':>8} {'gensim s':>9} {'speed-up':>9}")
    for name, a, b in rows:
        print(f"{name:40} {a:8.2f} {b:9.2f} {b / a:8.1f}x")
    expected = theirs.export_phrases()
    found = {p.text: p.score for p in ours.phrases}
    same = set(found) == set(expected) and all(
        math.isclose(found[k], expected[k], rel_tol=1e-12) for k in found
    )
    print(f"phrases: firth {len(found)}, gensim {len(expected)}; same phrases and scores: {same}")
    print(f"same rewritten corpus: {ours_out == theirs_out}")


if __name__ == "__main__":
    main()
