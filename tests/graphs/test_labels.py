"""Node labels and the DeepWalk / node2vec node-classification benchmark."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from firth import Embeddings, Vocab
from firth.errors import ConfigError, FormatError, MissingExtraError
from firth.graphs import (
    DEFAULT_TRAIN_RATIOS,
    NodeClassificationReport,
    node_classification,
    read_labels,
)
from firth.graphs.labels import _top_k_predictions


def clusters(
    n_classes: int, per_class: int, *, dim: int = 8, spread: float = 1.0, seed: int = 0
) -> tuple[Embeddings, dict[str, tuple[str, ...]]]:
    """Nodes of each class around their own random centre (planted structure)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=4.0, size=(n_classes, dim))
    classes = np.repeat(np.arange(n_classes), per_class)
    vectors = centres[classes] + rng.normal(scale=spread, size=(classes.size, dim))
    nodes = [f"n{i}" for i in range(classes.size)]
    labels = {node: (f"class{c}",) for node, c in zip(nodes, classes.tolist(), strict=True)}
    return Embeddings(Vocab(nodes), vectors.astype(np.float32)), labels


# -- read_labels -------------------------------------------------------------------------


def test_read_labels_accumulates_repeated_nodes(tmp_path: Path) -> None:
    path = tmp_path / "labels.txt"
    path.write_text("# node label...\n1 sports\n2 music art\n\n1 music\n2 art\n3 x # note\n")
    assert read_labels(path) == {
        "1": ("sports", "music"),
        "2": ("music", "art"),
        "3": ("x",),
    }


def test_read_labels_csv_like_blogcatalog(tmp_path: Path) -> None:
    path = tmp_path / "group-edges.csv"
    path.write_text("10,3\n2,3\n10,7\n")
    assert read_labels(path, delimiter=",") == {"10": ("3", "7"), "2": ("3",)}


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("1 a\n2\n", r"labels.txt, line 2: a label line needs a node name and at least one"),
        ("", "is empty"),
        ("# nothing\n", "holds no label"),
    ],
)
def test_read_labels_errors(tmp_path: Path, text: str, pattern: str) -> None:
    path = tmp_path / "labels.txt"
    path.write_text(text)
    with pytest.raises(FormatError, match=pattern):
        read_labels(path)


# -- the top-k protocol ------------------------------------------------------------------


def test_top_k_predictions_by_hand() -> None:
    scores = np.array([[0.9, 0.1, 0.5], [0.2, 0.3, 0.1], [0.4, 0.4, 0.4], [0.1, 0.8, 0.7]])
    k = np.array([2, 1, 1, 3])
    predicted = _top_k_predictions(scores, k)
    assert predicted.tolist() == [[1, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1]]


def test_multilabel_nodes_get_as_many_labels_as_they_have() -> None:
    # Classes a, b and both, far apart: a node labelled (a, b) must get both labels,
    # the others exactly one; perfect top-k predictions give F1 = 1.
    rng = np.random.default_rng(1)
    centres = {("a",): (6.0, 0.0), ("b",): (0.0, 6.0), ("a", "b"): (6.0, 6.0)}
    nodes, vectors, labels = [], [], {}
    for i in range(90):
        names = list(centres)[i % 3]
        nodes.append(f"v{i}")
        vectors.append(np.array(centres[names]) + rng.normal(scale=0.3, size=2))
        labels[f"v{i}"] = names
    emb = Embeddings(Vocab(nodes), np.array(vectors, dtype=np.float32))
    report = node_classification(emb, labels, train_ratios=[0.5], repeats=2)
    assert report.multilabel
    assert report.classes == 2
    assert report.nodes == 90
    assert report.rows[0].micro_mean == pytest.approx(1.0)
    assert report.rows[0].macro_mean == pytest.approx(1.0)


# -- node_classification -----------------------------------------------------------------


def test_planted_clusters_are_classified() -> None:
    emb, labels = clusters(4, 50)
    report = node_classification(emb, labels, train_ratios=[0.1, 0.5], repeats=3)
    assert isinstance(report, NodeClassificationReport)
    assert [row.ratio for row in report.rows] == [0.1, 0.5]
    assert report.nodes == 200
    assert report.missing == 0
    assert report.classes == 4
    assert not report.multilabel
    assert report.repeats == 3
    best = report.rows[1]
    assert best.micro_mean > 0.9
    assert best.macro_mean > 0.9
    assert 0 <= best.micro_std < 0.1


def test_random_embeddings_score_near_chance() -> None:
    rng = np.random.default_rng(5)
    nodes = [f"n{i}" for i in range(240)]
    labels = {node: (f"c{i % 4}",) for i, node in enumerate(nodes)}
    emb = Embeddings(Vocab(nodes), rng.normal(size=(240, 16)).astype(np.float32))
    report = node_classification(emb, labels, train_ratios=[0.5], repeats=4, seed=3)
    assert 0.1 < report.rows[0].micro_mean < 0.4  # chance is 0.25


def test_same_seed_same_report_other_seed_other_splits() -> None:
    emb, labels = clusters(3, 30, spread=4.0)  # overlapping: scores vary with the split
    first = node_classification(emb, labels, train_ratios=[0.3, 0.6], repeats=3, seed=11)
    again = node_classification(emb, labels, train_ratios=[0.3, 0.6], repeats=3, seed=11)
    other = node_classification(emb, labels, train_ratios=[0.3, 0.6], repeats=3, seed=12)
    assert first == again
    assert first.to_dict() == again.to_dict()
    assert other.rows != first.rows


def test_missing_and_unlabelled_nodes_are_skipped() -> None:
    emb, labels = clusters(2, 20)
    labels = {**labels, "ghost1": ("class0",), "ghost2": ("class1",), "n0": ()}
    report = node_classification(emb, labels, train_ratios=[0.5], repeats=1)
    assert report.missing == 2
    assert report.nodes == 39


def test_normalize_uses_unit_vectors() -> None:
    # Classes differ only in direction; lengths are large noise.
    rng = np.random.default_rng(2)
    angles = np.repeat([0.0, np.pi / 2], 40) + rng.normal(scale=0.1, size=80)
    lengths = rng.uniform(0.1, 100.0, size=80)
    vectors = np.stack([np.cos(angles), np.sin(angles)], axis=1) * lengths[:, None]
    nodes = [str(i) for i in range(80)]
    labels = {node: (("x", "y")[i // 40],) for i, node in enumerate(nodes)}
    emb = Embeddings(Vocab(nodes), vectors.astype(np.float32))
    report = node_classification(emb, labels, train_ratios=[0.5], repeats=2, normalize=True)
    assert report.rows[0].micro_mean > 0.95


def test_report_table_and_dict() -> None:
    emb, labels = clusters(2, 20)
    report = node_classification(emb, labels, train_ratios=[0.25, 0.75], repeats=2)
    table = report.table()
    assert table[0] == ("train ratio", "Micro-F1 (%)", "Macro-F1 (%)")
    assert [row[0] for row in table[1:]] == ["0.25", "0.75"]
    assert " ± " in table[1][1]
    data = report.to_dict()
    assert set(data) == {"nodes", "missing", "classes", "multilabel", "repeats", "seed", "rows"}
    assert data["rows"][1]["ratio"] == 0.75
    assert set(data["rows"][0]) == {"ratio", "micro_mean", "micro_std", "macro_mean", "macro_std"}
    assert DEFAULT_TRAIN_RATIOS == (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@pytest.mark.parametrize(
    ("labels", "options", "pattern"),
    [
        ({"x": ("a",), "y": ("b",)}, {}, r"none of the 2 labelled nodes has a vector"),
        ({"n0": ("a",), "n1": ("a",)}, {}, "at least 2 classes"),
        ({"n0": "a", "n1": ("b",)}, {}, r"labels\['n0'\] must be a sequence of labels"),
        ({}, {}, "no labelled node"),
        (None, {"train_ratios": [0.5, 1.0]}, "strictly between 0 and 1"),
        (None, {"train_ratios": [0]}, "strictly between 0 and 1"),
        (None, {"train_ratios": 0.5}, "must be a sequence"),
        (None, {"train_ratios": []}, "is empty"),
        (None, {"train_ratios": [0.01]}, "leaves an empty training or test set"),
        (None, {"repeats": 0}, "repeats must be an integer >= 1"),
        (None, {"seed": -1}, "seed must be an integer >= 0"),
        (None, {"normalize": 1}, "normalize must be True or False"),
    ],
)
def test_bad_input(
    labels: dict[str, object] | None, options: dict[str, object], pattern: str
) -> None:
    emb, planted = clusters(2, 10)
    with pytest.raises(ConfigError, match=pattern):
        node_classification(emb, planted if labels is None else labels, **options)  # type: ignore[arg-type]


def test_missing_sklearn_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn.linear_model", None)
    emb, labels = clusters(2, 10)
    with pytest.raises(MissingExtraError, match=r"pip install 'firth\[sklearn\]'"):
        node_classification(emb, labels)
