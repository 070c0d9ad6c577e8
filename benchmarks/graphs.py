"""DeepWalk and node2vec on Cora: firth against PecanPy, side by side.

PecanPy (Liu & Krishnan 2021) is the fastest node2vec package: Numba walk kernels
(``prange`` over walks) and gensim's Word2Vec for training. It pins ``numpy<2`` (through
nptyping), so it runs from its own virtual environment (``--pecanpy-python``, made with
``python -m venv V && V/bin/pip install pecanpy``); firth runs from this one. Every
measurement is its own process, and the sides alternate (firth, PecanPy, firth, ...).

Both sides use node2vec's paper settings: 10 walks per node, 80 nodes per walk, window
10, dimension 128, one epoch, 5 negatives, ``sample=1e-3`` (gensim's default, which
PecanPy's ``embed`` keeps), 2 threads. Each process first walks and trains on a tiny graph
so that compilation is not timed (PecanPy compiles its kernels in every process, firth
loads them from its cache). For PecanPy the fastest mode for the graph is used:
``FirstOrderUnweighted`` for DeepWalk, and the faster of ``PreComp`` and ``SparseOTF``
for node2vec (both are measured). Timed:

* ``walks``: generating every walk as lists of node names (``simulate_walks`` /
  :func:`firth.graphs.generate_walks`);
* ``end_to_end``: reading the edge list, walking and training (``read_edg`` + ``embed``
  / :func:`firth.graphs.read_edgelist` + :func:`firth.train_graph`).

Quality: Micro- and Macro-F1 of one-vs-rest logistic regression on Cora's 7 labels at
training ratios 10%, 50% and 90% (10 random splits each), by the same evaluator
(:func:`firth.graphs.node_classification`) for both.

Usage::

    python benchmarks/graphs.py --pairs 3 --pecanpy-python /work/venv-pecanpy/bin/python
    python benchmarks/graphs.py --methods deepwalk     # one method only

Results are appended to ``benchmarks/results/graphs.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "graphs.jsonl"
DATA = ROOT.parent / "shared" / "data" / "graphs" / "openne"
SETTINGS = {"walks": 10, "length": 80, "window": 10, "dim": 128, "epochs": 1}
METHODS = {"deepwalk": (1.0, 1.0), "node2vec": (1.0, 0.5)}
TINY = "0 1\n1 2\n2 0\n2 3\n"


def firth_child(edges: Path, p: float, q: float, threads: int, out: Path) -> dict[str, Any]:
    import numpy as np

    import firth
    from firth.graphs import generate_walks, read_edgelist

    def config(**extra: Any) -> firth.GraphConfig:
        return firth.GraphConfig(
            p=p, q=q, walks_per_node=SETTINGS["walks"], walk_length=SETTINGS["length"],
            window=SETTINGS["window"], dim=SETTINGS["dim"], epochs=SETTINGS["epochs"],
            threads=threads, **extra,
        )  # fmt: skip

    tiny = out.with_suffix(".tiny.txt")
    tiny.write_text(TINY)
    firth.train_graph(read_edgelist(tiny), config(seed=2))  # load the compiled kernels
    list(generate_walks(read_edgelist(tiny), config(seed=2)))

    graph = read_edgelist(edges)
    clock = time.perf_counter()
    walks = list(generate_walks(graph, config()))
    walk_seconds = time.perf_counter() - clock
    del walks

    clock = time.perf_counter()
    graph = read_edgelist(edges)
    model = firth.train_graph(graph, config())
    seconds = time.perf_counter() - clock
    emb = model.embeddings
    np.save(out, np.asarray(emb.vectors, dtype=np.float32), allow_pickle=False)
    out.with_suffix(".json").write_text(json.dumps(emb.words))
    return {"walk_seconds": walk_seconds, "seconds": seconds}


def pecanpy_child(edges: Path, p: float, q: float, mode: str, out: Path) -> dict[str, Any]:
    # Runs in PecanPy's environment: no firth here.
    import numpy as np
    from pecanpy import pecanpy as node2vec

    kind = getattr(node2vec, mode)

    def graph(path: Path) -> Any:
        g = kind(p=p, q=q, workers=2, random_state=1)
        g.read_edg(str(path), weighted=False, directed=False, delimiter=" ")
        return g

    tiny = out.with_suffix(".tiny.txt")
    tiny.write_text(TINY)
    graph(tiny).embed(dim=8, num_walks=2, walk_length=5, window_size=2)  # compile

    g = graph(edges)
    clock = time.perf_counter()
    walks = g.simulate_walks(SETTINGS["walks"], SETTINGS["length"])
    walk_seconds = time.perf_counter() - clock
    del walks

    clock = time.perf_counter()
    g = graph(edges)
    vectors = g.embed(
        dim=SETTINGS["dim"], num_walks=SETTINGS["walks"], walk_length=SETTINGS["length"],
        window_size=SETTINGS["window"], epochs=SETTINGS["epochs"],
    )  # fmt: skip
    seconds = time.perf_counter() - clock
    np.save(out, np.asarray(vectors, dtype=np.float32), allow_pickle=False)
    out.with_suffix(".json").write_text(json.dumps(list(g.nodes)))
    return {"walk_seconds": walk_seconds, "seconds": seconds}


def quality(out: Path, labels: Path) -> dict[str, float]:
    import numpy as np

    import firth
    from firth.graphs import node_classification, read_labels

    words = json.loads(out.with_suffix(".json").read_text())
    emb = firth.Embeddings(firth.Vocab(words), np.load(out, allow_pickle=False))
    report = node_classification(
        emb, read_labels(labels), train_ratios=(0.1, 0.5, 0.9), repeats=10, seed=0
    )
    scores: dict[str, float] = {}
    for row in report.rows:
        ratio = round(row.ratio * 100)
        scores[f"micro_f1@{ratio}"] = round(row.micro_mean, 4)
        scores[f"macro_f1@{ratio}"] = round(row.macro_mean, 4)
    return scores


def spawn(python: str, args: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [python, __file__, *args], check=True, capture_output=True, text=True, env=env
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pecanpy-python", default="/work/venv-pecanpy/bin/python")
    parser.add_argument("--edges", type=Path, default=DATA / "cora_edgelist.txt")
    parser.add_argument("--labels", type=Path, default=DATA / "cora_labels.txt")
    parser.add_argument("--methods", nargs="+", choices=list(METHODS), default=list(METHODS))
    parser.add_argument("--child", nargs=5, metavar=("SIDE", "P", "Q", "MODE", "OUT"))
    args = parser.parse_args()
    if args.child:
        side, p, q, mode, out = args.child
        if side == "firth":
            result = firth_child(args.edges, float(p), float(q), args.threads, Path(out))
        else:
            result = pecanpy_child(args.edges, float(p), float(q), mode, Path(out))
        print(json.dumps(result))
        return

    threads = str(args.threads)
    env = {**os.environ, "NUMBA_NUM_THREADS": threads, "OMP_NUM_THREADS": "1",
           "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}  # fmt: skip
    common = ["--edges", str(args.edges), "--threads", threads]
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for method in args.methods:
            p, q = METHODS[method]
            modes = ["FirstOrderUnweighted"] if method == "deepwalk" else ["PreComp", "SparseOTF"]
            sides = [("firth", "-", sys.executable)] + [
                ("pecanpy", mode, args.pecanpy_python) for mode in modes
            ]
            for pair in range(args.pairs):
                for side, mode, python in sides:
                    out = Path(tmp) / f"{method}-{side}-{mode}-{pair}.npy"
                    child = ["--child", side, str(p), str(q), mode, str(out)]
                    result = spawn(python, common + child, env)
                    row = {"method": method, "p": p, "q": q, "side": side, "mode": mode,
                           "pair": pair, **result, **quality(out, args.labels)}  # fmt: skip
                    print(json.dumps(row), flush=True)
                    rows.append(row)
    summary = summarise(rows)
    print(json.dumps(summary, indent=1))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    from _common import machine

    with RESULTS.open("a") as file:
        record = {"date": time.strftime("%Y-%m-%d %H:%M"), "settings": SETTINGS,
                  "threads": args.threads, "machine": machine(), "rows": rows,
                  "summary": summary}  # fmt: skip
        file.write(json.dumps(record) + "\n")


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Median times and mean scores per side, and firth's speed-up over PecanPy's best mode."""
    summary: dict[str, Any] = {}
    for method in sorted({r["method"] for r in rows}):
        sides: dict[str, dict[str, float]] = {}
        for key in sorted({(r["side"], r["mode"]) for r in rows if r["method"] == method}):
            mine = [r for r in rows if r["method"] == method and (r["side"], r["mode"]) == key]
            entry = {
                "walk_seconds": statistics.median(r["walk_seconds"] for r in mine),
                "seconds": statistics.median(r["seconds"] for r in mine),
            }
            for score in (k for k in mine[0] if "_f1@" in k):
                entry[score] = round(statistics.mean(r[score] for r in mine), 4)
            sides[f"{key[0]}:{key[1]}"] = entry
        ours = sides["firth:-"]
        theirs = [v for k, v in sides.items() if k.startswith("pecanpy")]
        best_walks = min(v["walk_seconds"] for v in theirs)
        best_total = min(v["seconds"] for v in theirs)
        summary[method] = {
            "sides": sides,
            "walk_speedup": round(best_walks / ours["walk_seconds"], 2),
            "end_to_end_speedup": round(best_total / ours["seconds"], 2),
        }
    return summary


if __name__ == "__main__":
    main()
