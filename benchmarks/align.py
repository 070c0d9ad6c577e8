"""firth's bilingual alignment against gensim's TranslationMatrix on gensim's EN/IT data.

gensim's test data holds two tiny word2vec text files, English and Italian (20 words each,
300 dimensions: the numbers one to ten, animals and fruit) and a 20-pair EN-IT dictionary
(``OPUS_en_it_europarl_train_one2ten.txt``). Two protocols:

* ``gensim_split``: the split of gensim's own test (``test_translation_matrix.py``):
  train on its 15 pairs, translate ``ten`` and ``cat`` (gold ``dieci``, ``gatto``);
* ``leave_one_out``: 20 folds, each trained on 19 pairs and translating the held-out
  source word.

Retrieval is over all 20 target words. P@1 and P@5 are averaged over the test words.
gensim (``TranslationMatrix(src, tgt)``, ``train(pairs)``, ``translate(words, topn=5)``:
least squares on unit vectors, nearest-neighbour retrieval) is compared with firth's
``align`` + ``translate`` for lstsq/procrustes x nn/csls (unit normalisation, the
default). firth lstsq+nn is the same method as gensim's: the script also checks that its
top-5 lists equal gensim's in every fold. Time: fit + translate of the whole protocol,
median of ``--repeats`` runs, with one BLAS thread by default (``--blas-threads``; both
libraries spend their time in the same NumPy/LAPACK calls); gensim is constructed without
pairs so that it fits once.

Usage::

    python benchmarks/align.py --repeats 20

Results are appended to ``benchmarks/results/align.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _common import machine

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "align.jsonl"

EN = "EN.1-10.cbow1_wind5_hs0_neg10_size300_smpl1e-05.txt"
IT = "IT.1-10.cbow1_wind5_hs0_neg10_size300_smpl1e-05.txt"
DICTIONARY = "OPUS_en_it_europarl_train_one2ten.txt"
# gensim/test/test_translation_matrix.py, TestTranslationMatrix.setUp.
GENSIM_TRAIN = ["one", "two", "three", "four", "five", "seven", "eight", "dog", "pig", "fish",
                "birds", "apple", "orange", "grape", "banana"]  # fmt: skip
GENSIM_TEST = ["ten", "cat"]
FIRTH_VARIANTS = [("lstsq", "nn"), ("lstsq", "csls"), ("procrustes", "nn"), ("procrustes", "csls")]

Pairs = list[tuple[str, str]]
# fit + translate: (train pairs, test words, k) -> top-k target words per test word.
Translator = Callable[[Pairs, Sequence[str], int], list[list[str]]]


def folds(pairs: Pairs) -> dict[str, list[tuple[Pairs, Pairs]]]:
    """The train/test splits of both protocols."""
    by_source = dict(pairs)
    gensim_train = [(w, by_source[w]) for w in GENSIM_TRAIN]
    gensim_test = [(w, by_source[w]) for w in GENSIM_TEST]
    loo = [(pairs[:i] + pairs[i + 1 :], [pairs[i]]) for i in range(len(pairs))]
    return {"gensim_split": [(gensim_train, gensim_test)], "leave_one_out": loo}


def gensim_translator(source_kv: Any, target_kv: Any) -> Translator:
    from gensim.models.translation_matrix import TranslationMatrix

    def run(train: Pairs, words: Sequence[str], k: int) -> list[list[str]]:
        model = TranslationMatrix(source_kv, target_kv)
        model.train(train)
        found = model.translate(
            list(words), topn=k, source_lang_vec=source_kv, target_lang_vec=target_kv
        )
        return [list(found[w]) for w in words]

    return run


def firth_translator(
    source: Any, target: Any, method: str, retrieval: str, csls_k: int
) -> Translator:
    from firth.align import align

    def run(train: Pairs, words: Sequence[str], k: int) -> list[list[str]]:
        mapping = align(source, target, train, method=method, csls_k=csls_k)  # type: ignore[arg-type]
        found = mapping.translate(words, k=k, retrieval=retrieval)  # type: ignore[arg-type]
        return [[w for w, _ in answers] for answers in found]

    return run


def score(translate: Translator, splits: list[tuple[Pairs, Pairs]]) -> dict[str, Any]:
    """P@1 and P@5 over every test word of every split, and the answers."""
    hits1 = hits5 = total = 0
    answers: list[list[str]] = []
    for train, test in splits:
        found = translate(train, [s for s, _ in test], 5)
        for (_, gold), top in zip(test, found, strict=True):
            hits1 += gold in top[:1]
            hits5 += gold in top[:5]
            total += 1
        answers.extend(found)
    return {"p@1": hits1 / total, "p@5": hits5 / total, "tests": total, "answers": answers}


def timed(translate: Translator, splits: list[tuple[Pairs, Pairs]], repeats: int) -> float:
    """Median seconds of fit + translate over all the splits."""
    times = []
    for _ in range(repeats):
        clock = time.perf_counter()
        for train, test in splits:
            translate(train, [s for s, _ in test], 5)
        times.append(time.perf_counter() - clock)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="timing runs (median)")
    parser.add_argument("--csls-k", type=int, default=10, help="CSLS neighbourhood (firth)")
    parser.add_argument("--no-save", action="store_true", help="do not append to the results")
    parser.add_argument(
        "--blas-threads", type=int, default=1, help="BLAS threads for both (set before import)"
    )
    args = parser.parse_args()
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(args.blas_threads)
    logging.basicConfig(level=logging.WARNING)

    from gensim.models import KeyedVectors
    from gensim.test.utils import datapath

    import firth
    from firth.align import read_dictionary

    source, target = firth.load(datapath(EN)), firth.load(datapath(IT))
    source_kv = KeyedVectors.load_word2vec_format(datapath(EN), binary=False)
    target_kv = KeyedVectors.load_word2vec_format(datapath(IT), binary=False)
    pairs = read_dictionary(datapath(DICTIONARY))
    translators: dict[str, Translator] = {"gensim": gensim_translator(source_kv, target_kv)}
    for method, retrieval in FIRTH_VARIANTS:
        translators[f"firth {method}+{retrieval}"] = firth_translator(
            source, target, method, retrieval, args.csls_k
        )

    results: dict[str, dict[str, Any]] = {}
    for protocol, splits in folds(pairs).items():
        results[protocol] = {}
        for name, translate in translators.items():
            scores = score(translate, splits)
            scores["seconds"] = timed(translate, splits, args.repeats)
            results[protocol][name] = scores
        gensim_answers = results[protocol]["gensim"]["answers"]
        same = results[protocol]["firth lstsq+nn"]["answers"] == gensim_answers
        results[protocol]["firth lstsq+nn same top-5 as gensim"] = same

    print(f"{len(pairs)} pairs, {source.dim} dims; CSLS k={args.csls_k}; "
          f"time: fit + translate, median of {args.repeats}")  # fmt: skip
    for protocol, rows in results.items():
        print(f"\n{protocol}")
        gensim_seconds = rows["gensim"]["seconds"]
        for name, row in rows.items():
            if isinstance(row, bool):
                print(f"  {name}: {row}")
                continue
            speed = gensim_seconds / row["seconds"]
            print(f"  {name:24s} P@1 {row['p@1']:.3f}  P@5 {row['p@5']:.3f}  "
                  f"{row['seconds'] * 1e3:8.2f} ms  ({speed:.2f}x gensim's speed)")  # fmt: skip
    entry = {
        "data": "gensim test data: EN/IT 1-10 cbow vectors (20 words, 300 dims), "
        "OPUS en-it one2ten dictionary (20 pairs)",
        "csls_k": args.csls_k,
        "repeats": args.repeats,
        "blas_threads": args.blas_threads,
        "machine": machine(),
        "results": {
            protocol: {
                name: (
                    row
                    if isinstance(row, bool)
                    else {key: value for key, value in row.items() if key != "answers"}
                )
                for name, row in rows.items()
            }
            for protocol, rows in results.items()
        },
    }
    if not args.no_save:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        with open(RESULTS, "a") as out:
            out.write(json.dumps(entry) + "\n")


if __name__ == "__main__":
    main()
