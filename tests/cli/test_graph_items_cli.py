"""``firth graph`` and ``firth items`` through the command line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from typer.testing import CliRunner

import firth
from firth.cli import app

runner = CliRunner(env={"COLUMNS": "200"})


def two_cliques(path: Path) -> Path:
    """Two 8-cliques joined by one edge; labels by clique."""
    edges = [(a, b) for c in (0, 8) for a in range(c, c + 8) for b in range(a + 1, c + 8)]
    edges.append((0, 8))
    path.write_text("".join(f"{a} {b}\n" for a, b in edges))
    return path


def test_graph_trains_saves_and_reports_node_classification(tmp_path: Path) -> None:
    edges = two_cliques(tmp_path / "edges.txt")
    labels = tmp_path / "labels.txt"
    labels.write_text("".join(f"{n} {n // 8}\n" for n in range(16)))
    model = tmp_path / "model"
    args = ["graph", str(edges), "-o", str(model), "--q", "0.5", "--dim", "16", "--walks", "5"]
    result = runner.invoke(app, [*args, "--length", "20", "--threads", "1", "-q", "--sample", "0",
                                 "--labels", str(labels)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "saved 16 nodes x 16 dimensions" in result.output
    assert "Micro-F1" in result.output
    emb = firth.load(model)
    top = [int(w) // 8 for w, _ in emb.most_similar("3", k=5)]
    assert top == [0] * 5
    saved = firth.Word2VecModel.load(model)
    assert saved.corpus["walks"]["q"] == 0.5
    assert saved.corpus["walks"]["walks_per_node"] == 5


def test_graph_reports_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("0 1\n2\n")
    result = runner.invoke(app, ["graph", str(bad), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "line 2" in result.output
    edges = two_cliques(tmp_path / "edges.txt")
    result = runner.invoke(app, ["graph", str(edges), "-o", str(tmp_path / "m"), "--p", "0"])
    assert result.exit_code == 2
    assert "GraphConfig.p" in result.output
    assert not (tmp_path / "m").exists()


def test_items_trains_on_a_csv_of_events_and_evaluates(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    rows = ["user,item,timestamp"]
    for user in range(300):
        group = user % 4
        for t, i in enumerate(rng.choice(10, size=6, replace=False)):
            rows.append(f"u{user},{group * 10 + int(i)},{1000 + 60 * t}")
    events = tmp_path / "events.csv"
    events.write_text("\n".join(rows) + "\n")
    model = tmp_path / "items"
    result = runner.invoke(app, ["items", str(events), "-o", str(model), "--dim", "16",
                                 "--threads", "1", "-q", "--evaluate"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "item2vec" in result.output
    assert "popularity" in result.output
    loaded = firth.ItemModel.load(model)
    assert loaded.item_type == "str"
    assert all(int(str(i)) // 10 == 0 for i, _ in loaded.recommend(["1", "2"], k=3))


def test_items_reports_a_missing_column(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text("user,product\nu1,a\n")
    result = runner.invoke(app, ["items", str(events), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "item" in result.output
