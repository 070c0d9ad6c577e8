"""firth vs gensim 4.4: loading vectors and batched nearest-neighbour queries, side by side.

Follows ../shared/BENCHMARKS.md: same machine, same run, same files for both sides; every
measurement runs in a fresh process (so peak memory is per measurement and nothing is
cached in the interpreter), the two sides alternate (A B A B ...), and the results are the
ratio of each pair and the median ratio, not absolute times.

The vectors are random (``N(0, 1)``, seed 1) with distinct random lowercase words; they
are generated once into a cache folder outside the repository (default
``~/.cache/firth-bench/load``), as a word2vec binary file, a word2vec text file (written
like word2vec.c: ``%f`` values) and a firth native folder. Tasks:

* ``binary``: ``firth.load(file)`` (format sniffed) vs
  ``KeyedVectors.load_word2vec_format(file, binary=True)``;
* ``text``: the same on the text file;
* ``native``: ``firth.load(folder)`` (memory-mapped) vs gensim's binary load, the fastest
  way gensim has to read word2vec vectors;
* ``query``: top-10 neighbours (cosine, the query word excluded) of ``--queries`` words
  drawn at random: firth's ``emb.most_similar_batch(words, k=10)`` on the native folder vs
  gensim's ``kv.most_similar(word, topn=10)`` in a loop, timed on the first
  ``--gensim-queries`` of the same words and scaled to the full count (gensim answers one
  query per call, so its time is linear in the number of queries). The one-off
  normalisation of the vectors (``emb.unit_vectors`` / ``kv.fill_norms()``) is timed
  separately, and the two sides' answers are compared.

Times are wall-clock seconds of the call alone (imports excluded and reported apart);
peak memory is the child's ``VmHWM``. firth builds its word index at the first lookup
(gensim at load), so the first lookup of a word after loading is timed too, and the
speed-up with it included is reported next to the plain one.

Usage (from the repository root, with ``pip install -e .[bench]``)::

    python benchmarks/load_vs_gensim.py run                       # 1M x 300, all tasks
    python benchmarks/load_vs_gensim.py run --tasks binary native --pairs 5
    python benchmarks/load_vs_gensim.py run --rows 2000 --dim 50 --results /tmp/smoke.jsonl
    python benchmarks/load_vs_gensim.py summary                   # README's table

Results are appended as JSON lines to ``benchmarks/results/load_vs_gensim.jsonl``. Never
part of the test run.
"""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from _common import machine, peak_rss_mb

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "load_vs_gensim.jsonl"
DEFAULT_CACHE = Path.home() / ".cache" / "firth-bench" / "load"
TASKS = ("binary", "text", "native", "query")
SEED = 1
ROWS_PER_CHUNK = 20_000


# --------------------------------------------------------------------------- data
def random_words(count: int, rng: np.random.Generator) -> list[str]:
    """``count`` distinct random lowercase words of 2 to 14 letters."""
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < count:
        lengths = rng.integers(2, 15, size=count)
        letters = (rng.integers(0, 26, size=int(lengths.sum()), dtype=np.uint8) + 97).tobytes()
        ends = np.cumsum(lengths).tolist()
        starts = [0, *ends[:-1]]
        for start, end in zip(starts, ends, strict=True):
            word = letters[start:end].decode("ascii")
            if word not in seen:
                seen.add(word)
                words.append(word)
                if len(words) == count:
                    break
    return words


def files(cache: Path, rows: int, dim: int, queries: int) -> dict[str, Path]:
    stem = f"random_{rows}x{dim}"
    return {
        "binary": cache / f"{stem}.bin",
        "text": cache / f"{stem}.txt",
        "native": cache / f"{stem}.firth",
        "queries": cache / f"{stem}.queries{queries}.json",
    }


def prepare(cache: Path, rows: int, dim: int, queries: int) -> dict[str, Path]:
    """Generate the files once (atomically: a partial file is never left behind)."""
    cache.mkdir(parents=True, exist_ok=True)
    paths = files(cache, rows, dim, queries)
    rng = np.random.default_rng(SEED)
    words: list[str] | None = None
    if not (paths["binary"].exists() and paths["text"].exists()):
        print(f"generating {rows:,} x {dim} random vectors in {cache} ...", flush=True)
        words = random_words(rows, rng)
        tmp_bin = paths["binary"].with_suffix(".bin.tmp")
        tmp_txt = paths["text"].with_suffix(".txt.tmp")
        with open(tmp_bin, "wb") as binary, open(tmp_txt, "wb") as text:
            header = b"%d %d\n" % (rows, dim)
            binary.write(header)
            text.write(header)
            row_format = "%f " * dim + "\n"
            for start in range(0, rows, ROWS_PER_CHUNK):
                chunk = rng.standard_normal((min(ROWS_PER_CHUNK, rows - start), dim))
                chunk = chunk.astype(np.float32)
                encoded = [w.encode() for w in words[start : start + len(chunk)]]
                raw = chunk.astype("<f4").tobytes()
                width = 4 * dim
                binary.write(
                    b"".join(
                        word + b" " + raw[i * width : (i + 1) * width] + b"\n"
                        for i, word in enumerate(encoded)
                    )
                )
                text.write(
                    b"".join(
                        word + b" " + (row_format % tuple(row)).encode()
                        for word, row in zip(
                            encoded, chunk.astype(np.float64).tolist(), strict=True
                        )
                    )
                )
        tmp_bin.replace(paths["binary"])
        tmp_txt.replace(paths["text"])
    if not paths["native"].exists():
        from firth.io.registry import load_embeddings

        print("saving the native folder ...", flush=True)
        load_embeddings(paths["binary"], format="word2vec-binary").save(paths["native"])
    if not paths["queries"].exists():
        from firth.io.registry import load_embeddings

        vocab = load_embeddings(paths["native"]).words
        picks = np.random.default_rng(SEED + 1).choice(len(vocab), size=queries, replace=False)
        paths["queries"].write_text(json.dumps([vocab[i] for i in picks.tolist()]))
    return paths


# --------------------------------------------------------------------------- children
def child(args: argparse.Namespace) -> None:
    clock = time.perf_counter()
    result: dict[str, Any] = {}
    if args.side == "firth":
        import firth

        result["import_seconds"] = time.perf_counter() - clock
        path = args.native if args.task in ("native", "query") else args.file
        clock = time.perf_counter()
        emb = firth.load(path)
        result["load_seconds"] = time.perf_counter() - clock
        result["shape"] = [len(emb), emb.dim]
        word = emb.vocab.word(len(emb) // 2)
        clock = time.perf_counter()
        emb.vocab.index(word)  # firth builds its word index at the first lookup
        result["first_lookup_seconds"] = time.perf_counter() - clock
        if args.task == "query":
            words = json.loads(Path(args.queries).read_text())
            clock = time.perf_counter()
            _ = emb.unit_vectors
            result["prepare_seconds"] = time.perf_counter() - clock
            clock = time.perf_counter()
            answers = emb.most_similar_batch(words, k=10)
            result["query_seconds"] = time.perf_counter() - clock
            result["queries_timed"] = len(words)
            result["answers"] = [list(row) for row in answers.words[: args.gensim_queries]]
    else:
        from gensim.models import KeyedVectors

        result["import_seconds"] = time.perf_counter() - clock
        binary = args.task != "text"
        path = args.file
        clock = time.perf_counter()
        kv = KeyedVectors.load_word2vec_format(path, binary=binary)
        result["load_seconds"] = time.perf_counter() - clock
        result["shape"] = [len(kv), kv.vector_size]
        word = kv.index_to_key[len(kv) // 2]
        clock = time.perf_counter()
        kv.get_index(word)
        result["first_lookup_seconds"] = time.perf_counter() - clock
        if args.task == "query":
            words = json.loads(Path(args.queries).read_text())
            subset = words[: args.gensim_queries]
            clock = time.perf_counter()
            kv.fill_norms()
            result["prepare_seconds"] = time.perf_counter() - clock
            clock = time.perf_counter()
            answers = [[w for w, _ in kv.most_similar(word, topn=10)] for word in subset]
            measured = time.perf_counter() - clock
            result["queries_timed"] = len(subset)
            result["query_seconds"] = measured * len(words) / len(subset)
            result["answers"] = answers
    result["peak_rss_mb"] = peak_rss_mb()
    print("RESULT " + json.dumps(result))


def spawn(side: str, task: str, paths: dict[str, Path], args: argparse.Namespace) -> dict[str, Any]:
    file = paths["text"] if task == "text" else paths["binary"]
    command = [
        sys.executable,
        __file__,
        "child",
        "--side",
        side,
        "--task",
        task,
        "--file",
        str(file),
        "--native",
        str(paths["native"]),
        "--queries",
        str(paths["queries"]),
        "--gensim-queries",
        str(args.gensim_queries),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, Any] = json.loads(line[7:])
            return result
    raise RuntimeError(f"{side} {task} failed:\n{done.stderr[-3000:]}")


# --------------------------------------------------------------------------- parent
def seconds(result: dict[str, Any], task: str) -> float:
    return float(result["query_seconds" if task == "query" else "load_seconds"])


def record(entry: dict[str, Any], results: Path) -> None:
    results.parent.mkdir(parents=True, exist_ok=True)
    with open(results, "a") as out:
        out.write(json.dumps(entry) + "\n")


def run(args: argparse.Namespace) -> None:
    paths = prepare(args.cache, args.rows, args.dim, args.queries)
    facts = machine()
    command = "python benchmarks/load_vs_gensim.py " + " ".join(
        shlex.quote(a) for a in sys.argv[1:]
    )
    sizes = {name: path.stat().st_size for name, path in paths.items() if path.is_file()}
    print(f"{'task':8s} {'pair':>4s} {'firth s':>10s} {'gensim s':>10s} {'ratio':>8s}", flush=True)
    for task in args.tasks:
        pairs: list[dict[str, Any]] = []
        for pair in range(args.pairs):
            runs = {side: spawn(side, task, paths, args) for side in ("firth", "gensim")}
            ratio = seconds(runs["gensim"], task) / seconds(runs["firth"], task)
            pairs.append({"firth": runs["firth"], "gensim": runs["gensim"], "ratio": ratio})
            print(
                f"{task:8s} {pair + 1:4d} {seconds(runs['firth'], task):10.3f} "
                f"{seconds(runs['gensim'], task):10.3f} {ratio:8.1f}",
                flush=True,
            )
        entry: dict[str, Any] = {
            "benchmark": "load_vs_gensim",
            "task": task,
            "rows": args.rows,
            "dim": args.dim,
            "file_bytes": sizes.get("text" if task == "text" else "binary"),
            "queries": args.queries if task == "query" else None,
            "gensim_queries_timed": args.gensim_queries if task == "query" else None,
            "machine": facts,
            "command": command,
            "pair_ratios": [p["ratio"] for p in pairs],
            "median_ratio": statistics.median(p["ratio"] for p in pairs),
            "median_seconds": {
                side: statistics.median(seconds(p[side], task) for p in pairs)
                for side in ("firth", "gensim")
            },
            "median_first_lookup_seconds": {
                side: statistics.median(p[side]["first_lookup_seconds"] for p in pairs)
                for side in ("firth", "gensim")
            },
            "median_ratio_with_first_lookup": statistics.median(
                (p["gensim"]["load_seconds"] + p["gensim"]["first_lookup_seconds"])
                / (p["firth"]["load_seconds"] + p["firth"]["first_lookup_seconds"])
                for p in pairs
            ),
            "median_peak_rss_mb": {
                side: statistics.median(p[side]["peak_rss_mb"] for p in pairs)
                for side in ("firth", "gensim")
            },
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        if task == "query":
            entry["median_prepare_seconds"] = {
                side: statistics.median(p[side]["prepare_seconds"] for p in pairs)
                for side in ("firth", "gensim")
            }
            first = pairs[0]
            same = [
                len(set(a) & set(b)) / max(len(b), 1)
                for a, b in zip(first["firth"]["answers"], first["gensim"]["answers"], strict=True)
            ]
            entry["top10_agreement"] = float(np.mean(same)) if same else None
            for p in pairs:  # the answers are only for the agreement check
                for side in ("firth", "gensim"):
                    p[side].pop("answers", None)
        entry["pairs"] = pairs
        record(entry, args.results)
        rss = entry["median_peak_rss_mb"]
        extra = f", top-10 agreement {entry['top10_agreement']:.3f}" if task == "query" else ""
        print(
            f"{task}: median ratio gensim / firth = {entry['median_ratio']:.1f} (pairs "
            f"{', '.join(f'{r:.1f}' for r in entry['pair_ratios'])}); peak RSS firth "
            f"{rss['firth']:.0f} MB, gensim {rss['gensim']:.0f} MB{extra}",
            flush=True,
        )


def summary(args: argparse.Namespace) -> None:
    """A markdown table of the latest result of each task and size (README-ready)."""
    with open(args.results) as lines:
        entries = [json.loads(line) for line in lines if line.strip()]
    latest: dict[tuple[Any, ...], dict[str, Any]] = {}
    for e in entries:  # later lines replace earlier runs of the same configuration
        latest[(e["task"], e["rows"], e["dim"])] = e
    labels = {
        "binary": "word2vec binary load",
        "text": "word2vec text load",
        "native": "native open (mmap) vs gensim binary load",
        "query": "top-10 neighbours of {queries:,} words",
    }
    print(
        "| task | size | firth (median s) | gensim (median s) | pairs: gensim / firth | "
        "median speed-up | with the first lookup | peak RSS firth / gensim |"
    )
    print("|---|---|---|---|---|---|---|---|")
    order = {task: i for i, task in enumerate(TASKS)}
    for (task, rows, dim), e in sorted(
        latest.items(), key=lambda kv: (kv[0][1], kv[0][2], order[kv[0][0]])
    ):
        label = labels[task].format(queries=e.get("queries") or 0)
        med = e["median_seconds"]
        rss = e["median_peak_rss_mb"]
        with_lookup = e.get("median_ratio_with_first_lookup")
        lookup = "" if task == "query" or with_lookup is None else f"{with_lookup:.1f}x"
        print(
            f"| {label} | {rows:,} x {dim} | {med['firth']:.3g} | {med['gensim']:.3g} | "
            f"{', '.join(f'{r:.1f}' for r in e['pair_ratios'])} | **{e['median_ratio']:.1f}x** | "
            f"{lookup} | {rss['firth']:.0f} / {rss['gensim']:.0f} MB |"
        )
    queries = [e for e in latest.values() if e["task"] == "query"]
    for e in queries:
        prep = e["median_prepare_seconds"]
        print(
            f"\nQueries ({e['rows']:,} x {e['dim']}): gensim timed on the first "
            f"{e['gensim_queries_timed']:,} of the {e['queries']:,} words and scaled; one-off "
            f"normalisation firth {prep['firth']:.2f}s, gensim {prep['gensim']:.2f}s (not "
            f"included); top-10 agreement {e['top10_agreement']:.3f}."
        )
    commands = sorted({e["command"] for e in latest.values()})
    print("\nProduced by: " + "; ".join(f"`{c}`" for c in commands))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="measure and append the results")
    r.add_argument("--rows", type=int, default=1_000_000)
    r.add_argument("--dim", type=int, default=300)
    r.add_argument("--pairs", type=int, default=3)
    r.add_argument("--tasks", nargs="+", choices=TASKS, default=list(TASKS))
    r.add_argument("--queries", type=int, default=10_000)
    r.add_argument("--gensim-queries", type=int, default=1_000)
    r.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    r.add_argument("--results", type=Path, default=RESULTS, help="JSON lines file to append to")
    s = sub.add_parser("summary", help="print README's table from the results file")
    s.add_argument("--results", type=Path, default=RESULTS)
    c = sub.add_parser("child")
    for flag in ("--side", "--task", "--file", "--native", "--queries"):
        c.add_argument(flag, required=True)
    c.add_argument("--gensim-queries", type=int, required=True)
    args = parser.parse_args()
    if args.command == "run":
        if args.pairs < 1 or args.rows < 1 or args.dim < 1:
            parser.error("--pairs, --rows and --dim must be >= 1")
        args.queries = min(args.queries, args.rows)  # distinct query words
        args.gensim_queries = min(args.gensim_queries, args.queries)
        run(args)
    elif args.command == "summary":
        summary(args)
    else:
        child(args)


if __name__ == "__main__":
    main()
