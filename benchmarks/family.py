"""The word2vec family side by side: one corpus, one preprocessing, every method.

Levy, Goldberg & Dagan (2015) showed that count-based and predictive embeddings compare
fairly only under the same preprocessing and hyper-parameters. Every method here reads
the enwiki text8-like corpus through firth's one pipeline (same tokens, ``min_count`` 5,
window 5, dimension 100) and every result is scored by the same evaluator
(:mod:`firth.evaluate`): analogies with 3CosAdd and 3CosMul (answers among the 30,000 most
frequent words), Spearman correlation on WordSim-353, SimLex-999 and MEN. Each method runs
in its own process, so its time and peak memory are its own.

Usage (from the repository root, with ``pip install -e .[bench]``)::

    python benchmarks/family.py run --cache /tmp/firth-bench            # every method
    python benchmarks/family.py run --methods svd glove --quick          # first 30 MB
    python benchmarks/family.py summary                                  # README's table

Results are appended as JSON lines to ``benchmarks/results/family.jsonl``. Never part of
the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import machine, peak_rss_mb
from train_vs_gensim import DEFAULT_XZ, EVAL_DIR, prepare_corpus

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "family.jsonl"

#: What every method shares (Levy et al.'s "same preprocessing").
SHARED = {"window": 5, "min_count": 5, "dim": 100, "seed": 1}
#: Explicit PPMI rows are dense: the 10,000 most frequent contexts keep evaluation tractable.
PPMI_CONTEXTS = 10_000


def _word2vec(architecture: str, loss: str) -> Callable[[Path, int], tuple[Any, dict[str, Any]]]:
    def run(corpus: Path, threads: int) -> tuple[Any, dict[str, Any]]:
        import firth

        config = firth.TrainConfig(
            architecture=architecture,  # type: ignore[arg-type]
            loss=loss,  # type: ignore[arg-type]
            dim=SHARED["dim"],
            window=SHARED["window"],
            min_count=SHARED["min_count"],
            seed=SHARED["seed"],
            sample=1e-3,
            epochs=5,
            threads=threads,
            compute_loss=False,
        )
        model = firth.train(firth.Corpus(corpus), config)
        settings = config.to_dict()
        return model.embeddings, {"settings": settings, **model.timings}

    return run


def _counting(threads: int, weighting: str = "linear", sample: float = 1e-3) -> Any:
    from firth.config import CountConfig

    return CountConfig(
        window=SHARED["window"],
        min_count=SHARED["min_count"],
        weighting=weighting,  # type: ignore[arg-type]
        sample=sample,
        threads=threads,
        seed=SHARED["seed"],
    )


def _count(corpus: Path, counting: Any) -> tuple[Any, dict[str, float]]:
    import firth

    clock = time.perf_counter()
    data = firth.encode_corpus(firth.Corpus(corpus), min_count=counting.min_count)
    encode = time.perf_counter() - clock
    cooc = firth.count_cooccurrences(data, counting)
    return cooc, {"encode_seconds": encode, "count_seconds": cooc.metadata["seconds"]}


def run_ppmi(corpus: Path, threads: int) -> tuple[Any, dict[str, Any]]:
    import firth
    from firth.config import PPMIConfig

    counting = _counting(threads)
    cooc, timings = _count(corpus, counting)
    config = PPMIConfig(cds=0.75, max_contexts=PPMI_CONTEXTS)
    emb = firth.train_ppmi(cooc, config)
    settings = {"counting": counting.to_dict(), "ppmi": config.to_dict()}
    return emb, {"settings": settings, **timings, "train_seconds": emb.metadata["seconds"]}


def run_svd(corpus: Path, threads: int) -> tuple[Any, dict[str, Any]]:
    import firth
    from firth.config import PPMIConfig, SVDConfig

    counting = _counting(threads)
    cooc, timings = _count(corpus, counting)
    config = SVDConfig(dim=SHARED["dim"], eig=0.5, output="w+c", seed=SHARED["seed"])
    ppmi = PPMIConfig(cds=0.75)
    emb = firth.train_svd(cooc, config, ppmi=ppmi)
    settings = {"counting": counting.to_dict(), "ppmi": ppmi.to_dict(), "svd": config.to_dict()}
    return emb, {"settings": settings, **timings, "train_seconds": emb.metadata["seconds"]}


def run_glove(corpus: Path, threads: int) -> tuple[Any, dict[str, Any]]:
    from firth.config.glove import GloVeConfig
    from firth.models.glove import train_glove

    counting = _counting(threads, weighting="harmonic", sample=0.0)  # GloVe's own counts
    cooc, timings = _count(corpus, counting)
    # x_max 10: glove.c's demo setting for text8-sized corpora (the paper's 100 is for
    # billions of tokens; on this corpus it scored 0.179 on analogies against 0.248).
    config = GloVeConfig(
        dim=SHARED["dim"], epochs=25, x_max=10.0, threads=threads, seed=SHARED["seed"]
    )
    clock = time.perf_counter()
    model = train_glove(cooc, config)
    seconds = time.perf_counter() - clock
    settings = {"counting": counting.to_dict(), "glove": config.to_dict()}
    return model.embeddings, {"settings": settings, **timings, "train_seconds": seconds}


def run_lsa(corpus: Path, threads: int) -> tuple[Any, dict[str, Any]]:
    import firth
    from firth.config import LSAConfig

    clock = time.perf_counter()
    data = firth.encode_corpus(firth.Corpus(corpus), min_count=SHARED["min_count"])
    encode = time.perf_counter() - clock
    config = LSAConfig(dim=SHARED["dim"], eig=0.5, document_tokens=1000, seed=SHARED["seed"])
    emb = firth.train_lsa(data, config)
    settings = {"lsa": config.to_dict()}
    return emb, {"settings": settings, "encode_seconds": encode,
                 "train_seconds": emb.metadata["seconds"]}  # fmt: skip


METHODS: dict[str, Callable[[Path, int], tuple[Any, dict[str, Any]]]] = {
    "sgns": _word2vec("skipgram", "ns"),
    "sgnce": _word2vec("skipgram", "nce"),
    "cbow": _word2vec("cbow", "ns"),
    "ppmi": run_ppmi,
    "svd": run_svd,
    "glove": run_glove,
    "lsa": run_lsa,
}


def evaluate(emb: Any) -> dict[str, Any]:
    """firth's evaluator, the same for every method."""
    from gensim.test.utils import datapath

    from firth.evaluate import evaluate_analogies, evaluate_similarity

    scores: dict[str, Any] = {}
    for method in ("3cosadd", "3cosmul"):
        result = evaluate_analogies(
            emb, datapath("questions-words.txt"), method=method, restrict=30_000
        )
        scores[f"analogy_{method}"] = result.to_dict()["total"]
    pairs = {
        "wordsim353": datapath("wordsim353.tsv"),
        "simlex999": datapath("simlex999.txt"),
        "men": str(EVAL_DIR / "wordsim-faruqui" / "EN-MEN-TR-3k.txt"),
    }
    for name, path in pairs.items():
        if os.path.exists(path):
            scores[name] = evaluate_similarity(emb, path).to_dict()
    return scores


def child(args: argparse.Namespace) -> None:
    clock = time.perf_counter()
    emb, result = METHODS[args.method](Path(args.corpus), args.threads)
    result["wall_seconds"] = time.perf_counter() - clock
    result["peak_rss_mb"] = peak_rss_mb()  # before evaluation, which is not the method's
    result["vocab_size"] = len(emb)
    result["dim"] = emb.dim
    result["quality"] = evaluate(emb)
    print("RESULT " + json.dumps(result))


def run(args: argparse.Namespace) -> None:
    corpus, _ = prepare_corpus(args.corpus_xz, args.cache, args.quick)
    facts = machine()
    for method in args.methods:
        command = [sys.executable, __file__, "child", "--method", method, "--corpus",
                   str(corpus), "--threads", str(args.threads)]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        lines = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
        if not lines:
            raise RuntimeError(f"{method} failed:\n{done.stderr[-3000:]}")
        result = json.loads(lines[-1][7:])
        entry = {"method": method, "corpus": corpus.name, "threads": args.threads,
                 "machine": facts, **result}  # fmt: skip
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        with open(RESULTS, "a") as out:
            out.write(json.dumps(entry) + "\n")
        print(_row(entry), flush=True)


def _score(entry: dict[str, Any], key: str) -> str:
    value = entry["quality"].get(key, {})
    figure = value.get("accuracy", value.get("spearman"))
    return "—" if figure is None else f"{figure:.3f}"


def _row(entry: dict[str, Any]) -> str:
    seconds = entry["wall_seconds"]
    cells = [
        entry["method"],
        str(entry["dim"]),
        _score(entry, "analogy_3cosadd"),
        _score(entry, "analogy_3cosmul"),
        _score(entry, "wordsim353"),
        _score(entry, "simlex999"),
        _score(entry, "men"),
        f"{seconds:.0f}",
        f"{entry['peak_rss_mb']:.0f}",
    ]
    return "| " + " | ".join(cells) + " |"


def summary(args: argparse.Namespace) -> None:
    """The latest result of each method on the full corpus, as a Markdown table."""
    latest: dict[str, dict[str, Any]] = {}
    with open(args.results) as lines:
        for line in lines:
            entry = json.loads(line)
            if entry["corpus"] == "enwiki_text8like":
                latest[entry["method"]] = entry
    print("| method | dim | analogy 3CosAdd | analogy 3CosMul | WS-353 | SimLex-999 | MEN "
          "| seconds | peak MB |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for method in METHODS:
        if method in latest:
            print(_row(latest[method]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("--corpus-xz", type=Path, default=DEFAULT_XZ)
    r.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "firth-bench")
    r.add_argument("--quick", action="store_true", help="first 30 MB only")
    r.add_argument("--methods", nargs="+", choices=list(METHODS), default=list(METHODS))
    r.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    s = sub.add_parser("summary")
    s.add_argument("--results", type=Path, default=RESULTS)
    c = sub.add_parser("child")
    c.add_argument("--method", choices=list(METHODS), required=True)
    c.add_argument("--corpus", required=True)
    c.add_argument("--threads", type=int, required=True)
    args = parser.parse_args()
    {"run": run, "summary": summary, "child": child}[args.command](args)


if __name__ == "__main__":
    main()
