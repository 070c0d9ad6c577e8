"""firth's GloVe against mittens, the one GloVe implementation installable here.

glove.c (stanfordnlp/GloVe) has no package: ``glove-python`` and ``glove-python-binary``
do not build or install on Python 3.11, and ``glovpy`` downloads glove.c from GitHub at
import time. mittens (``pip install mittens``) is a NumPy GloVe, but a different algorithm:
full-batch AdaGrad over the *dense* ``V x V`` matrix, so it cannot hold the whole
enwiki vocabulary (71k words: 20 GB per matrix). Both therefore train on the same
co-occurrences of the enwiki text8-like corpus restricted to its most frequent words
(``--words``, default 5,000), counted once by firth (window 5, 1/distance), and are scored
by the same evaluator on the word pairs both know. Each run is its own process; the two
sides alternate (A B A B ...).

Usage::

    python benchmarks/glove_vs_mittens.py --pairs 3 --cache /tmp/firth-bench

Results are appended to ``benchmarks/results/glove_vs_mittens.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import machine, peak_rss_mb
from train_vs_gensim import DEFAULT_XZ, EVAL_DIR, prepare_corpus

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "glove_vs_mittens.jsonl"


def counts(corpus: Path, words: int, cache: Path) -> Path:
    """Count once; both sides load the same matrix (native format, no pickle)."""
    import numpy as np

    import firth
    from firth.config import CountConfig

    folder = cache / f"glove_counts_{words}"
    if not folder.exists():
        data = firth.encode_corpus(firth.Corpus(corpus), min_count=5, max_final_vocab=words)
        cooc = firth.count_cooccurrences(data, CountConfig(window=5, weighting="harmonic"))
        folder.mkdir(parents=True)
        dense = cooc.matrix.toarray()
        np.save(folder / "counts.npy", dense, allow_pickle=False)
        (folder / "words.json").write_text(json.dumps(cooc.vocab.words))
    return folder


def child(side: str, folder: Path, epochs: int, threads: int) -> dict[str, Any]:
    import numpy as np
    import scipy.sparse

    import firth

    dense = np.load(folder / "counts.npy", allow_pickle=False)
    words = json.loads((folder / "words.json").read_text())
    vocab = firth.Vocab(words)
    clock = time.perf_counter()
    if side == "firth":
        cooc = firth.Cooccurrence(scipy.sparse.csr_matrix(dense), vocab, {})
        config = firth.GloVeConfig(dim=100, epochs=epochs, threads=threads, seed=1)
        vectors = firth.train_glove(cooc, config).embeddings.vectors
    else:
        from mittens import GloVe

        model = GloVe(n=100, xmax=100, alpha=0.75, max_iter=epochs, learning_rate=0.05,
                      display_progress=0)  # fmt: skip
        vectors = model.fit(dense).astype(np.float32)
    seconds = time.perf_counter() - clock
    emb = firth.Embeddings(vocab, vectors)
    return {"seconds": seconds, "peak_rss_mb": peak_rss_mb(), "quality": evaluate(emb)}


def evaluate(emb: Any) -> dict[str, Any]:
    from gensim.test.utils import datapath

    from firth.evaluate import evaluate_similarity

    sets = {
        "wordsim353": datapath("wordsim353.tsv"),
        "simlex999": datapath("simlex999.txt"),
        "men": str(EVAL_DIR / "wordsim-faruqui" / "EN-MEN-TR-3k.txt"),
    }
    return {
        name: evaluate_similarity(emb, path).spearman
        for name, path in sets.items()
        if os.path.exists(path)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-xz", type=Path, default=DEFAULT_XZ)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "firth-bench")
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--firth-epochs", type=int, default=25)
    parser.add_argument("--mittens-iterations", type=int, default=100)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--child", choices=["firth", "mittens"])
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.child:
        epochs = args.firth_epochs if args.child == "firth" else args.mittens_iterations
        print("RESULT " + json.dumps(child(args.child, args.folder, epochs, args.threads)))
        return
    corpus, _ = prepare_corpus(args.corpus_xz, args.cache, False)
    folder = counts(corpus, args.words, args.cache)
    runs: dict[str, list[dict[str, Any]]] = {"firth": [], "mittens": []}
    for _ in range(args.pairs):
        for side in ("firth", "mittens"):
            command = [sys.executable, __file__, "--child", side, "--folder", str(folder),
                       "--firth-epochs", str(args.firth_epochs), "--threads", str(args.threads),
                       "--mittens-iterations", str(args.mittens_iterations)]  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            lines = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
            if not lines:
                raise RuntimeError(f"{side} failed:\n{done.stderr[-3000:]}")
            runs[side].append(json.loads(lines[-1][7:]))
            print(side, runs[side][-1], flush=True)
    ratios = [
        m["seconds"] / f["seconds"] for f, m in zip(runs["firth"], runs["mittens"], strict=True)
    ]
    entry = {
        "words": args.words,
        "firth_epochs": args.firth_epochs,
        "mittens_iterations": args.mittens_iterations,
        "threads": args.threads,
        "machine": machine(),
        "runs": runs,
        "speedup_per_pair": ratios,
        "median_speedup": statistics.median(ratios),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with open(RESULTS, "a") as out:
        out.write(json.dumps(entry) + "\n")
    print(f"firth is {entry['median_speedup']:.1f}x faster (median of {args.pairs} pairs)")


if __name__ == "__main__":
    main()
