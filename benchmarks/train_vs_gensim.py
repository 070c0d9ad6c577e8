"""firth vs gensim 4.4: training throughput and embedding quality, side by side.

Follows ../shared/BENCHMARKS.md: same machine, same run, same settings on both sides;
the two sides alternate (A B A B ...), each run in its own process (so peak memory and
JIT compilation are per run), and ratios, not absolute times, are the result. gensim runs
in both of its modes (an iterable of 10,000-token chunks, and ``corpus_file`` on the
same corpus cut into 10,000-token lines); the faster one is the baseline.

Both sides are scored by the same evaluator (gensim's ``KeyedVectors`` evaluation on the
exported vectors), so quality differences come from training alone.

Usage (from the repository root, with ``pip install -e .[bench]``)::

    python benchmarks/train_vs_gensim.py throughput --pairs 3           # full corpus
    python benchmarks/train_vs_gensim.py throughput --quick --pairs 3   # first 30 MB
    python benchmarks/train_vs_gensim.py quality --epochs 5 --seeds 1 2 3
    python benchmarks/train_vs_gensim.py scale --copies 10 --gensim-modes corpus_file stream
    python benchmarks/train_vs_gensim.py summary     # README's tables from the results

Results are appended as JSON lines to ``benchmarks/results/train_vs_gensim.jsonl`` and a
table is printed. Never part of the test run.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import machine, peak_rss_mb

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_XZ = ROOT.parent / "shared" / "data" / "enwiki2015-text8like" / "enwiki_text8like.xz"
EVAL_DIR = ROOT.parent / "shared" / "data" / "eval"
RESULTS = ROOT / "benchmarks" / "results" / "train_vs_gensim.jsonl"
CHUNK = 10_000
QUICK_BYTES = 30_000_000


# --------------------------------------------------------------------------- corpus cache
def prepare_corpus(xz_path: Path, cache: Path, quick: bool) -> tuple[Path, Path]:
    """Decompress once; return (one-line corpus, same tokens in 10,000-token lines)."""
    cache.mkdir(parents=True, exist_ok=True)
    full = cache / "enwiki_text8like"
    if not full.exists():
        tmp = full.with_suffix(".tmp")
        with lzma.open(xz_path, "rb") as src, open(tmp, "wb") as dst:
            while block := src.read(1 << 24):
                dst.write(block)
        tmp.replace(full)
    one_line = full
    if quick:
        one_line = cache / "enwiki_30mb"
        if not one_line.exists():
            data = full.read_bytes()[:QUICK_BYTES]
            one_line.write_bytes(data[: data.rfind(b" ")])
    lines = one_line.with_name(one_line.name + ".lines")
    if not lines.exists():  # streamed in blocks: the parent's memory stays small
        tmp = lines.with_suffix(".tmp")
        with open(one_line) as src, open(tmp, "w") as out:
            buffer: list[str] = []
            tail = ""
            while block := src.read(1 << 22):
                words = (tail + block).split()
                tail = "" if block[-1].isspace() or not words else words.pop()
                buffer.extend(words)
                while len(buffer) >= CHUNK:
                    out.write(" ".join(buffer[:CHUNK]) + "\n")
                    del buffer[:CHUNK]
            buffer.extend(tail.split())
            for i in range(0, len(buffer), CHUNK):
                out.write(" ".join(buffer[i : i + CHUNK]) + "\n")
        tmp.replace(lines)
    return one_line, lines


# --------------------------------------------------------------------------- children
def settings(
    arch: str,
    epochs: int,
    threads: int,
    seed: int,
    loss: str = "ns",
    update: str = "window",
    min_count: int = 5,
) -> dict[str, Any]:
    """The options of one run; ``update`` is firth's skip-gram update (gensim has one)."""
    return {
        "architecture": arch,
        "loss": loss,
        "skipgram_update": update,
        "compute_loss": False,  # gensim's default: neither side pays for a loss it drops
        "dim": 100,
        "window": 5,
        "negative": 5 if loss == "ns" else 0,
        "ns_exponent": 0.75,
        "sample": 1e-3,
        "min_count": min_count,
        "alpha": 0.025 if arch == "skipgram" else 0.05,
        "min_alpha": 1e-4,
        "epochs": epochs,
        "threads": threads,
        "seed": seed,
    }


def run_firth(corpus: Path, s: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    import firth

    config = firth.TrainConfig(**s)
    model = firth.train(firth.Corpus(corpus), config)
    effective = sum(h.effective_words for h in model.history)
    seconds = sum(h.seconds for h in model.history)
    result = {
        "effective_words": effective,
        "train_seconds": seconds,
        "vocab_and_encode_seconds": model.timings["encode_seconds"],
        "compile_seconds": model.timings["compile_seconds"],
        "epoch_words_per_second": [h.words_per_second for h in model.history],
        "epoch_mean_loss": [h.mean_loss for h in model.history],
        "vocab_size": len(model.vocab),
        "raw_tokens": model.corpus["raw_tokens"],
        "peak_rss_mb": peak_rss_mb(),
    }
    return result, (model.vocab.words, model.input_vectors)


def run_gensim(corpus: Path, lines: Path, s: dict[str, Any], mode: str) -> tuple[dict, Any]:
    from gensim.models import Word2Vec

    model = Word2Vec(
        vector_size=s["dim"],
        window=s["window"],
        negative=s["negative"],
        hs=1 if s["loss"] == "hs" else 0,
        compute_loss=s["compute_loss"],
        ns_exponent=s["ns_exponent"],
        sample=s["sample"],
        min_count=s["min_count"],
        sg=1 if s["architecture"] == "skipgram" else 0,
        alpha=s["alpha"],
        min_alpha=s["min_alpha"],
        workers=s["threads"],
        seed=s["seed"],
    )
    clock = time.perf_counter()
    if mode == "iterable":
        words = corpus.read_text().split()
        sentences = [words[i : i + CHUNK] for i in range(0, len(words), CHUNK)]
        del words
        model.build_vocab(sentences)
        vocab_seconds = time.perf_counter() - clock
        clock = time.perf_counter()
        effective, _ = model.train(sentences, total_examples=model.corpus_count, epochs=s["epochs"])
    elif mode == "stream":  # gensim's iterable pipeline, reading the file every epoch
        from gensim.models.word2vec import LineSentence

        stream = LineSentence(str(lines), max_sentence_length=CHUNK)
        model.build_vocab(stream)
        vocab_seconds = time.perf_counter() - clock
        clock = time.perf_counter()
        effective, _ = model.train(stream, total_examples=model.corpus_count, epochs=s["epochs"])
    else:
        model.build_vocab(corpus_file=str(lines))
        vocab_seconds = time.perf_counter() - clock
        clock = time.perf_counter()
        effective, _ = model.train(
            corpus_file=str(lines),
            total_examples=model.corpus_count,
            total_words=model.corpus_total_words,
            epochs=s["epochs"],
        )
    seconds = time.perf_counter() - clock
    result = {
        "effective_words": effective,
        "train_seconds": seconds,
        "vocab_and_encode_seconds": vocab_seconds,
        "compile_seconds": 0.0,
        "vocab_size": len(model.wv),
        "peak_rss_mb": peak_rss_mb(),
    }
    return result, (list(model.wv.index_to_key), model.wv.vectors)


def evaluate(words: list[str], vectors: Any) -> dict[str, Any]:
    """Score vectors with gensim's evaluators (the same code for both sides)."""
    from gensim.models import KeyedVectors
    from gensim.test.utils import datapath

    kv = KeyedVectors(vector_size=vectors.shape[1])
    kv.add_vectors(words, vectors)
    scores: dict[str, Any] = {}
    questions = datapath("questions-words.txt")
    with open(questions) as lines:
        total_questions = sum(1 for line in lines if line.strip() and not line.startswith(":"))
    for label, restrict in (("analogy_top30k", 30_000), ("analogy_full", len(words))):
        accuracy, sections = kv.evaluate_word_analogies(
            questions, restrict_vocab=restrict, case_insensitive=True
        )
        semantic = [s for s in sections[:5]]
        syntactic = [s for s in sections[5:-1]]

        def acc(parts: list[dict[str, Any]]) -> float:
            right = sum(len(p["correct"]) for p in parts)
            seen = right + sum(len(p["incorrect"]) for p in parts)
            return right / seen if seen else float("nan")

        answered = len(sections[-1]["correct"]) + len(sections[-1]["incorrect"])
        scores[label] = {
            "accuracy": accuracy,
            "semantic": acc(semantic),
            "syntactic": acc(syntactic),
            "answered": answered,
            "skipped": total_questions - answered,
        }
    sim_sets = {
        "wordsim353": datapath("wordsim353.tsv"),
        "simlex999": datapath("simlex999.txt"),
        "men": str(EVAL_DIR / "wordsim-faruqui" / "EN-MEN-TR-3k.txt"),
        "rg65": str(EVAL_DIR / "wordsim-faruqui" / "EN-RG-65.txt"),
    }
    for name, path in sim_sets.items():
        if not os.path.exists(path):
            continue
        pearson, spearman, oov = kv.evaluate_word_pairs(path, case_insensitive=True)
        scores[name] = {
            "spearman": float(spearman[0]),
            "pearson": float(pearson[0]),
            "oov_percent": float(oov),
        }
    return scores


def child(args: argparse.Namespace) -> None:
    s = settings(
        args.arch, args.epochs, args.threads, args.seed, args.loss, args.update, args.min_count
    )
    if args.side == "firth":
        result, (words, vectors) = run_firth(Path(args.corpus), s)
    else:
        result, (words, vectors) = run_gensim(Path(args.corpus), Path(args.lines), s, args.side)
    if args.evaluate:
        result["quality"] = evaluate(words, vectors)
    result["words_per_second"] = result["effective_words"] / result["train_seconds"]
    print("RESULT " + json.dumps(result))


# --------------------------------------------------------------------------- parent
def spawn(
    side: str,
    arch: str,
    corpus: Path,
    lines: Path,
    *,
    epochs: int,
    threads: int,
    seed: int,
    evaluate_: bool,
    loss: str = "ns",
    update: str = "window",
    min_count: int = 5,
) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "child",
        "--side",
        side,
        "--arch",
        arch,
        "--corpus",
        str(corpus),
        "--lines",
        str(lines),
        "--epochs",
        str(epochs),
        "--threads",
        str(threads),
        "--seed",
        str(seed),
        "--loss",
        loss,
        "--update",
        update,
        "--min-count",
        str(min_count),
    ] + (["--evaluate"] if evaluate_ else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, Any] = json.loads(line[7:])
            result.update(
                side=side, arch=arch, epochs=epochs, threads=threads, seed=seed, loss=loss
            )
            return result
    raise RuntimeError(f"{side} {arch} failed:\n{done.stderr[-3000:]}")


def record(entry: dict[str, Any]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with open(RESULTS, "a") as out:
        out.write(json.dumps(entry) + "\n")


def throughput(args: argparse.Namespace, corpus: Path, lines: Path) -> None:
    facts = machine()
    for arch in args.archs:
        for loss in args.losses:
            for threads in args.threads:
                throughput_case(args, facts, corpus, lines, arch, loss, threads)


def throughput_case(
    args: argparse.Namespace,
    facts: dict[str, Any],
    corpus: Path,
    lines: Path,
    arch: str,
    loss: str,
    threads: int,
) -> None:
    label = f"{arch}/{loss}/{threads}t"
    ratios, rows = [], []
    for pair in range(args.pairs):
        runs = {}
        for side in ("firth", "iterable", "corpus_file"):
            runs[side] = spawn(
                side,
                arch,
                corpus,
                lines,
                epochs=args.epochs,
                threads=threads,
                seed=1,
                evaluate_=False,
                loss=loss,
                update=args.update,
            )
        best = max(runs["iterable"]["words_per_second"], runs["corpus_file"]["words_per_second"])
        ratio = runs["firth"]["words_per_second"] / best
        ratios.append(ratio)
        rows.append(runs)
        print(
            f"{label} pair {pair + 1}: firth {runs['firth']['words_per_second']:,.0f} w/s, "
            f"gensim iterable {runs['iterable']['words_per_second']:,.0f}, corpus_file "
            f"{runs['corpus_file']['words_per_second']:,.0f} -> ratio {ratio:.2f}",
            flush=True,
        )
    entry = {
        "benchmark": "throughput",
        "arch": arch,
        "loss": loss,
        "skipgram_update": args.update,
        "corpus": str(corpus),
        "epochs": args.epochs,
        "threads": threads,
        "machine": facts,
        "command": "python benchmarks/train_vs_gensim.py " + " ".join(sys.argv[1:]),
        "pair_ratios": ratios,
        "median_ratio": statistics.median(ratios),
        "runs": rows,
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    record(entry)
    print(
        f"{label}: median ratio firth / best gensim = {entry['median_ratio']:.2f} "
        f"(pairs: {', '.join(f'{r:.2f}' for r in ratios)})",
        flush=True,
    )
    for side in ("firth", "iterable", "corpus_file"):
        rss = statistics.median(r[side]["peak_rss_mb"] for r in rows)
        setup = statistics.median(r[side]["vocab_and_encode_seconds"] for r in rows)
        comp = statistics.median(r[side]["compile_seconds"] for r in rows)
        print(
            f"  {side:12s} peak RSS {rss:7.0f} MB, vocab+encode {setup:5.1f}s, "
            f"compile {comp:4.1f}s",
            flush=True,
        )


def quality(args: argparse.Namespace, corpus: Path, lines: Path) -> None:
    facts = machine()
    for arch in args.archs:
        for seed in args.seeds:
            runs = {}
            for side in ("firth", "iterable"):
                runs[side] = spawn(
                    side,
                    arch,
                    corpus,
                    lines,
                    epochs=args.epochs,
                    threads=args.threads,
                    seed=seed,
                    evaluate_=True,
                    loss=args.loss,
                    update=args.update,
                )
            entry = {
                "benchmark": "quality",
                "arch": arch,
                "loss": args.loss,
                "skipgram_update": args.update,
                "seed": seed,
                "epochs": args.epochs,
                "corpus": str(corpus),
                "machine": facts,
                "runs": runs,
                "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
            }
            record(entry)
            for side, run in runs.items():
                q = run["quality"]
                print(
                    f"{arch} seed {seed} {side:9s}: {run['words_per_second']:>10,.0f} w/s | "
                    f"analogy 30k {q['analogy_top30k']['accuracy']:.4f} "
                    f"(sem {q['analogy_top30k']['semantic']:.3f}, "
                    f"syn {q['analogy_top30k']['syntactic']:.3f}, "
                    f"skipped {q['analogy_top30k']['skipped']}) | full "
                    f"{q['analogy_full']['accuracy']:.4f} | ws353 "
                    f"{q['wordsim353']['spearman']:.3f} simlex "
                    f"{q['simlex999']['spearman']:.3f} men {q['men']['spearman']:.3f} | "
                    f"RSS {run['peak_rss_mb']:.0f} MB",
                    flush=True,
                )
            ratio = runs["firth"]["words_per_second"] / runs["iterable"]["words_per_second"]
            print(
                f"{arch} seed {seed}: throughput ratio over {args.epochs} epochs {ratio:.2f}",
                flush=True,
            )


def copies(path: Path, n: int) -> Path:
    """``path`` written ``n`` times over into one file (each copy ends with a newline)."""
    out = path.with_name(f"{path.name}.x{n}")
    if not out.exists():
        tmp = out.with_suffix(".tmp")
        with open(tmp, "wb") as dst:
            for _ in range(n):
                with open(path, "rb") as src:
                    while block := src.read(1 << 24):
                        dst.write(block)
                        last = block
                if not last.endswith(b"\n"):
                    dst.write(b"\n")
        tmp.replace(out)
    return out


def scale(args: argparse.Namespace, corpus: Path, lines: Path) -> None:
    """Peak memory as the corpus grows: the enwiki corpus once, then n copies, streamed.

    ``min_count`` grows with the copies (5 per copy), so every run learns the same
    vocabulary and the model keeps its size: what is left to grow is the corpus.
    """
    facts = machine()
    sides = ["firth", *args.gensim_modes]
    rows = []
    for n in (1, args.copies):
        big, big_lines = (corpus, lines) if n == 1 else (copies(corpus, n), copies(lines, n))
        runs = {}
        for side in sides:
            runs[side] = spawn(
                side,
                args.arch,
                big,
                big_lines,
                epochs=1,
                threads=args.threads,
                seed=1,
                evaluate_=False,
                loss="ns",
                min_count=5 * n,
            )
            run = runs[side]
            setup = run["vocab_and_encode_seconds"]
            print(
                f"{n:2d}x {side:12s} {run['effective_words']:>12,} effective words, "
                f"{run['words_per_second']:>10,.0f} w/s, setup {setup:5.1f} s, "
                f"peak RSS {run['peak_rss_mb']:6.0f} MB",
                flush=True,
            )
        rows.append(
            {"copies": n, "min_count": 5 * n, "corpus_bytes": big.stat().st_size, "runs": runs}
        )
    record(
        {
            "benchmark": "scale",
            "arch": args.arch,
            "loss": "ns",
            "corpus": str(corpus),
            "epochs": 1,
            "threads": args.threads,
            "machine": facts,
            "command": "python benchmarks/train_vs_gensim.py " + " ".join(sys.argv[1:]),
            "rows": rows,
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
    )


def _label(e: dict[str, Any]) -> str:
    """``skipgram (window)`` / ``cbow``, with ``, hs`` for hierarchical softmax."""
    name = e["arch"]
    if name == "skipgram":  # runs from before the window kernel used the per-pair one
        name += f" ({e.get('skipgram_update', 'pair')})"
    return name + (", hs" if e.get("loss", "ns") == "hs" else "")


def _median_side(e: dict[str, Any], side: str, field: str) -> float:
    return float(statistics.median(r[side][field] for r in e["runs"]))


def _best_gensim(e: dict[str, Any]) -> float:
    return max(_median_side(e, s, "words_per_second") for s in ("iterable", "corpus_file"))


def summary(args: argparse.Namespace) -> None:
    """Markdown tables of the latest results in the JSONL file (what README shows)."""
    with open(args.results) as lines:
        entries = [json.loads(line) for line in lines if line.strip()]
    latest: dict[tuple[Any, ...], dict[str, Any]] = {}
    for e in entries:  # later lines replace earlier runs of the same configuration
        key = (e["benchmark"], _label(e), e.get("threads"), e.get("seed"), e["epochs"], e["corpus"])
        latest[key] = e
    scales = [e for e in latest.values() if e["benchmark"] == "scale"]
    latest = {k: e for k, e in latest.items() if e["benchmark"] != "scale"}
    full = [e for e in latest.values() if not e["corpus"].endswith("_30mb")]
    cores = max((e["machine"]["cpu_count"] for e in full), default=1)
    # throughput runs with the current options (earlier ones had no loss choice)
    current = [e for e in full if e["benchmark"] == "throughput" and "loss" in e]
    print(
        "| architecture | pairs: firth / best gensim | median | firth words/s | "
        "gensim iterable | gensim corpus_file | peak RSS firth / iterable / corpus_file | "
        "firth compile (cached) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for e in sorted((e for e in current if e["threads"] == cores), key=_label):
        rss = "/".join(
            f"{_median_side(e, s, 'peak_rss_mb'):.0f}" for s in ("firth", "iterable", "corpus_file")
        )
        print(
            f"| {_label(e)} | {', '.join(f'{r:.2f}' for r in e['pair_ratios'])} | "
            f"**{e['median_ratio']:.2f}** | {_median_side(e, 'firth', 'words_per_second'):,.0f} | "
            f"{_median_side(e, 'iterable', 'words_per_second'):,.0f} | "
            f"{_median_side(e, 'corpus_file', 'words_per_second'):,.0f} | {rss} MB | "
            f"{_median_side(e, 'firth', 'compile_seconds'):.2f} s |"
        )
    scaling: dict[str, dict[int, dict[str, Any]]] = {}
    for e in current:
        scaling.setdefault(_label(e), {})[e["threads"]] = e
    scaling = {k: v for k, v in scaling.items() if len(v) > 1}
    if scaling:
        print(
            "\n| architecture | threads | firth words/s | speed-up | "
            "best gensim words/s | speed-up |"
        )
        print("|---|---|---|---|---|---|")
        for label, by_threads in sorted(scaling.items()):
            first = by_threads[min(by_threads)]
            base = _median_side(first, "firth", "words_per_second")
            for threads, e in sorted(by_threads.items()):
                mine = _median_side(e, "firth", "words_per_second")
                print(
                    f"| {label} | {threads} | {mine:,.0f} | {mine / base:.2f}x | "
                    f"{_best_gensim(e):,.0f} | {_best_gensim(e) / _best_gensim(first):.2f}x |"
                )
    print()
    print(
        "| architecture | side | analogy top-30k (sem / syn) | "
        "analogy full vocab | WS-353 | SimLex-999 | MEN |"
    )
    print("|---|---|---|---|---|---|---|")
    quality_runs = [e for e in full if e["benchmark"] == "quality"]
    for label in sorted({_label(e) for e in quality_runs}):
        group = [e for e in quality_runs if _label(e) == label]
        for side in ("firth", "iterable"):
            q = [e["runs"][side]["quality"] for e in group]

            def mean(get: Any, q: list[dict[str, Any]] = q) -> float:
                return statistics.mean(get(x) for x in q)

            name = "firth" if side == "firth" else "gensim"
            print(
                f"| {label} | {name} | "
                f"{mean(lambda x: x['analogy_top30k']['accuracy']):.4f} "
                f"({mean(lambda x: x['analogy_top30k']['semantic']):.3f} / "
                f"{mean(lambda x: x['analogy_top30k']['syntactic']):.3f}) | "
                f"{mean(lambda x: x['analogy_full']['accuracy']):.4f} | "
                f"{mean(lambda x: x['wordsim353']['spearman']):.3f} | "
                f"{mean(lambda x: x['simlex999']['spearman']):.3f} | "
                f"{mean(lambda x: x['men']['spearman']):.3f} |"
            )
    for e in scales:
        sides = list(e["rows"][0]["runs"])
        print(
            f"\n{_label(e)}, 1 epoch, {e['threads']} threads: peak RSS (MB) / effective "
            "words/s as the corpus grows\n"
        )
        print("| corpus | tokens | min_count | vocabulary | " + " | ".join(sides) + " |")
        print("|---|---|---|---|" + "---|" * len(sides))
        for row in e["rows"]:
            runs = row["runs"]
            cells = [
                f"{runs[s]['peak_rss_mb']:.0f} / {runs[s]['words_per_second']:,.0f}" for s in sides
            ]
            size = f"{row['copies']}x ({row['corpus_bytes'] / 1e9:.2f} GB)"
            vocab = f"{runs['firth']['vocab_size']:,}"
            print(
                f"| {size} | {runs['firth']['raw_tokens']:,} | {row['min_count']} | {vocab} | "
                + " | ".join(cells)
                + " |"
            )
    seeds = sorted({e["seed"] for e in quality_runs})
    skipped = {e["runs"]["firth"]["quality"]["analogy_top30k"]["skipped"] for e in quality_runs}
    print(
        f"\nQuality: mean over seeds {seeds}; questions skipped (a word outside the "
        f"30k most frequent): {sorted(skipped)} of 19,544."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("throughput", "quality"):
        p = sub.add_parser(name)
        p.add_argument("--corpus-xz", type=Path, default=DEFAULT_XZ)
        p.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "firth-bench")
        p.add_argument("--quick", action="store_true", help="first 30 MB only")
        p.add_argument("--archs", nargs="+", default=["skipgram", "cbow"])
        p.add_argument("--epochs", type=int, default=1 if name == "throughput" else 5)
        p.add_argument(
            "--update", choices=["window", "pair"], default="window", help="firth's skip-gram"
        )
        cores = os.cpu_count() or 1
        if name == "throughput":
            p.add_argument("--pairs", type=int, default=3)
            p.add_argument("--losses", nargs="+", choices=["ns", "hs"], default=["ns"])
            p.add_argument(
                "--threads", type=int, nargs="+", default=[cores], help="e.g. 1 2 for scaling"
            )
        else:
            p.add_argument("--seeds", type=int, nargs="+", default=[1])
            p.add_argument("--loss", choices=["ns", "hs"], default="ns")
            p.add_argument("--threads", type=int, default=cores)
    sc = sub.add_parser("scale", help="peak memory on the corpus and on n copies of it")
    sc.add_argument("--corpus-xz", type=Path, default=DEFAULT_XZ)
    sc.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "firth-bench")
    sc.add_argument("--copies", type=int, default=10)
    sc.add_argument("--arch", choices=["skipgram", "cbow"], default="cbow")
    sc.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    sc.add_argument(
        "--gensim-modes", nargs="*", choices=["corpus_file", "stream"], default=["corpus_file"]
    )
    summ = sub.add_parser("summary", help="print README's tables from the results file")
    summ.add_argument("--results", type=Path, default=RESULTS)
    c = sub.add_parser("child")
    for flag in ("--side", "--arch", "--corpus", "--lines"):
        c.add_argument(flag, required=True)
    c.add_argument("--epochs", type=int, required=True)
    c.add_argument("--threads", type=int, required=True)
    c.add_argument("--seed", type=int, required=True)
    c.add_argument("--loss", choices=["ns", "hs"], required=True)
    c.add_argument("--update", choices=["window", "pair"], required=True)
    c.add_argument("--min-count", type=int, default=5)
    c.add_argument("--evaluate", action="store_true")
    args = parser.parse_args()
    if args.command == "child":
        child(args)
        return
    if args.command == "summary":
        summary(args)
        return
    corpus, lines = prepare_corpus(args.corpus_xz, args.cache, getattr(args, "quick", False))
    {"throughput": throughput, "quality": quality, "scale": scale}[args.command](
        args, corpus, lines
    )


if __name__ == "__main__":
    main()
