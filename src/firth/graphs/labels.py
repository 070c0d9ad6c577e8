"""Node labels and the node-classification benchmark of DeepWalk and node2vec.

* :func:`read_labels` reads ``node label [label ...]`` lines (OpenNE's ``*_labels.txt``,
  BlogCatalog's ``group-edges.csv`` with ``delimiter=","``); a node on several lines
  gets the labels of all of them.
* :func:`node_classification` scores embeddings the way the DeepWalk (Perozzi et al.,
  2014) and node2vec (Grover and Leskovec, 2016) papers do: a one-vs-rest L2-regularised
  logistic regression (scikit-learn's ``liblinear`` solver, ``C=1``, as DeepWalk's
  ``scoring.py``) trained on a random fraction of the labelled nodes and tested on the
  rest, Micro-F1 and Macro-F1 averaged over repeated random splits. For each test node the
  classifier predicts as many labels as the node really has (its ``k`` labels of highest
  probability; the argmax when every node has one label).

scikit-learn is the optional extra ``firth[sklearn]``; it is imported on first use.
"""

from __future__ import annotations

import logging
import math
import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError, FormatError, MissingExtraError
from firth.graphs.graph import _check_text_options, _scan

if TYPE_CHECKING:
    from firth.embeddings import Embeddings

__all__ = [
    "DEFAULT_TRAIN_RATIOS",
    "ClassificationScore",
    "NodeClassificationReport",
    "node_classification",
    "read_labels",
]

logger = logging.getLogger(__name__)

#: The training fractions of the DeepWalk and node2vec tables: 10 %, 20 %, ..., 90 %.
DEFAULT_TRAIN_RATIOS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def read_labels(
    path: str | os.PathLike[str],
    *,
    delimiter: str | None = None,
    comments: str = "#",
) -> dict[str, tuple[str, ...]]:
    """Read node labels: lines of a node name followed by one or more labels.

    Parameters
    ----------
    path
        A text file (UTF-8), possibly gzip, bzip2 or xz compressed.
    delimiter
        The field separator; ``None`` (default) splits on runs of ASCII whitespace
        (``","`` for BlogCatalog's ``group-edges.csv``).
    comments
        Text from this marker to the end of a line is ignored (``""``: no comments).
        Blank lines are skipped.

    Returns
    -------
    dict
        Node name to its labels, nodes in order of first appearance, labels in order of
        first appearance for that node (a label repeated for a node is kept once).

    Raises
    ------
    FormatError
        If the file cannot be read, is empty, has no labelled node, a line has a node but
        no label, or a field is not UTF-8 (the message names the file and the line).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "labels.txt"
    >>> _ = path.write_text("1 sports\\n2 music art\\n1 music\\n")
    >>> read_labels(path)
    {'1': ('sports', 'music'), '2': ('music', 'art')}
    """
    _check_text_options(delimiter, comments)
    name = os.fspath(path)
    scan = _scan(
        path,
        delimiter,
        comments,
        names_per_line=1,
        min_width=2,
        max_width=None,
        rule="a label line needs a node name and at least one label",
    )
    if not scan.widths.size:
        raise FormatError(f"{name} holds no label (only blank or comment lines).")
    labels: dict[str, dict[str, None]] = {}
    position = 0
    for node, width, line in zip(
        scan.ids.tolist(), scan.widths.tolist(), scan.lines.tolist(), strict=True
    ):
        fields = scan.extra[position : position + width - 1]
        position += width - 1
        try:
            decoded = [field.decode("utf-8") for field in fields]
        except UnicodeDecodeError:
            raise FormatError(
                f"{name}, line {line}: a label is not valid UTF-8. Re-encode the file "
                "(e.g. iconv -f latin1 -t utf-8)."
            ) from None
        labels.setdefault(scan.names[node], {}).update(dict.fromkeys(decoded))
    return {node: tuple(known) for node, known in labels.items()}


@dataclass(frozen=True)
class ClassificationScore:
    """Scores at one training fraction, over the repeated random splits.

    ``*_std`` are population standard deviations (``ddof=0``) over the repeats.
    """

    ratio: float
    micro_mean: float
    micro_std: float
    macro_mean: float
    macro_std: float

    def to_dict(self) -> dict[str, float]:
        """A JSON-ready dictionary."""
        return {
            "ratio": self.ratio,
            "micro_mean": self.micro_mean,
            "micro_std": self.micro_std,
            "macro_mean": self.macro_mean,
            "macro_std": self.macro_std,
        }


@dataclass(frozen=True)
class NodeClassificationReport:
    """The result of :func:`node_classification`.

    Parameters
    ----------
    rows
        One score per training fraction, in the order asked for.
    nodes
        Labelled nodes evaluated (present in the embeddings, with at least one label).
    missing
        Labelled nodes skipped because the embeddings have no vector for them.
    classes
        The distinct labels (classes).
    multilabel
        Whether some node has several labels (top-k prediction) or none has (argmax).
    repeats
        Random splits per training fraction.
    seed
        The seed of the splits and of the solver.
    """

    rows: tuple[ClassificationScore, ...]
    nodes: int
    missing: int
    classes: int
    multilabel: bool
    repeats: int
    seed: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "nodes": self.nodes,
            "missing": self.missing,
            "classes": self.classes,
            "multilabel": self.multilabel,
            "repeats": self.repeats,
            "seed": self.seed,
            "rows": [row.to_dict() for row in self.rows],
        }

    def table(self) -> list[tuple[str, ...]]:
        """The scores as text cells, a header first (F1 in percent, mean ± std)."""
        header = ("train ratio", "Micro-F1 (%)", "Macro-F1 (%)")
        cells = [
            (
                f"{row.ratio:g}",
                f"{100 * row.micro_mean:.2f} ± {100 * row.micro_std:.2f}",
                f"{100 * row.macro_mean:.2f} ± {100 * row.macro_std:.2f}",
            )
            for row in self.rows
        ]
        return [header, *cells]


def _sklearn() -> tuple[Any, Any, Any]:
    try:
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import f1_score
        from sklearn.multiclass import OneVsRestClassifier
    except ImportError as exc:
        raise MissingExtraError(
            "node classification needs scikit-learn, which is not installed; install it "
            "with: pip install 'firth[sklearn]'"
        ) from exc
    return LogisticRegression, OneVsRestClassifier, f1_score


def _check_ratios(train_ratios: object) -> tuple[float, ...]:
    if isinstance(train_ratios, (str, bytes)) or not isinstance(train_ratios, Sequence):
        raise ConfigError(
            f"train_ratios must be a sequence of fractions in (0, 1); got {train_ratios!r}."
        )
    ratios = []
    for ratio in train_ratios:
        ok = isinstance(ratio, (int, float)) and not isinstance(ratio, bool)
        if not (ok and math.isfinite(ratio) and 0 < ratio < 1):
            raise ConfigError(
                f"train_ratios must hold fractions strictly between 0 and 1; got {ratio!r}."
            )
        ratios.append(float(ratio))
    if not ratios:
        raise ConfigError("train_ratios is empty; give at least one training fraction.")
    return tuple(ratios)


def _check_int(name: str, value: object, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"{name} must be an integer >= {minimum}; got {value!r}.")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name} must be an integer <= {maximum}; got {value!r}.")
    return value


def _indicator(
    embeddings: Embeddings, labels: Mapping[str, Sequence[str]]
) -> tuple[list[int], npt.NDArray[np.int8], list[str], int]:
    """Rows of the labelled nodes in the embeddings, their label indicator matrix, the
    sorted class names and the number of labelled nodes missing from the embeddings."""
    if not isinstance(labels, Mapping):
        raise ConfigError(
            f"labels must map node names to sequences of labels; got {type(labels).__name__}."
        )
    vocab = embeddings.vocab
    rows: list[int] = []
    node_labels: list[Sequence[str]] = []
    missing: list[str] = []
    for node, names in labels.items():
        if isinstance(names, str) or not isinstance(names, Sequence):
            raise ConfigError(
                f"labels[{node!r}] must be a sequence of labels, e.g. ({names!r},); got {names!r}."
            )
        if not names:
            continue
        row = vocab.get_index(node) if isinstance(node, str) else -1
        if row < 0:
            missing.append(str(node))
            continue
        rows.append(row)
        node_labels.append(names)
    if not rows:
        shown = ", ".join(repr(n) for n in missing[:3])
        raise ConfigError(
            f"none of the {len(missing)} labelled nodes has a vector in the embeddings "
            f"(e.g. {shown}); the label file and the embeddings must use the same node "
            "names."
            if missing
            else "labels holds no labelled node."
        )
    if missing:
        logger.warning(
            "%d of %d labelled nodes have no vector and are skipped (e.g. %r)",
            len(missing),
            len(missing) + len(rows),
            missing[0],
        )
    classes = sorted({label for names in node_labels for label in names})
    column = {label: j for j, label in enumerate(classes)}
    truth = np.zeros((len(rows), len(classes)), dtype=np.int8)
    for i, names in enumerate(node_labels):
        truth[i, [column[label] for label in names]] = 1
    return rows, truth, classes, len(missing)


def _top_k_predictions(
    scores: npt.NDArray[np.floating[Any]], k: npt.NDArray[np.int64]
) -> npt.NDArray[np.int8]:
    """The indicator of the ``k[i]`` highest scores of each row ``i`` (ties: lower column)."""
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(scores.shape[1])[None, :], axis=1)
    return (ranks < k[:, None]).astype(np.int8)


def node_classification(
    embeddings: Embeddings,
    labels: Mapping[str, Sequence[str]],
    *,
    train_ratios: Sequence[float] = DEFAULT_TRAIN_RATIOS,
    repeats: int = 10,
    seed: int = 0,
    normalize: bool = False,
) -> NodeClassificationReport:
    """Score node embeddings by classifying nodes (the DeepWalk / node2vec protocol).

    For each of ``repeats`` random orders of the labelled nodes and each training
    fraction ``r``, the first ``int(r * n)`` nodes train a one-vs-rest logistic regression
    (scikit-learn, ``solver="liblinear"``, ``C=1``, L2 penalty: DeepWalk's ``scoring.py``)
    and the rest are predicted: each test node gets its ``k`` most probable labels, ``k``
    being its true number of labels (so a single-label task is scored by the argmax).
    Micro-F1 and Macro-F1 (scikit-learn's ``f1_score``; a class never true nor predicted
    in a test set counts 0 towards Macro-F1) are averaged over the repeats.

    Parameters
    ----------
    embeddings
        Node vectors, the node names being the words.
    labels
        Node name to its labels (e.g. :func:`read_labels`). Nodes without a vector are
        counted (:attr:`NodeClassificationReport.missing`) and skipped; nodes with an
        empty label list are skipped.
    train_ratios
        Training fractions, each strictly between 0 and 1 (default 0.1, 0.2, ..., 0.9).
    repeats
        Random splits per fraction (the same ``repeats`` node orders serve every fraction).
    seed
        Seeds the splits (NumPy ``default_rng(seed)``) and the solver; the report is
        reproducible for a given seed, scikit-learn version and BLAS.
    normalize
        Scale vectors to unit length first. ``False`` (default) is the papers' protocol.

    Returns
    -------
    NodeClassificationReport
        One :class:`ClassificationScore` per training fraction.

    Raises
    ------
    ConfigError
        If no labelled node has a vector, there are fewer than 2 classes, a fraction
        leaves an empty training or test set, or an option is invalid.
    MissingExtraError
        If scikit-learn is not installed (``pip install 'firth[sklearn]'``).

    Examples
    --------
    >>> import numpy as np
    >>> from firth import Embeddings, Vocab
    >>> rng = np.random.default_rng(0)
    >>> centres = np.array([[4.0, 0.0], [0.0, 4.0]])
    >>> nodes = [str(i) for i in range(40)]
    >>> vectors = centres[np.arange(40) % 2] + rng.normal(size=(40, 2))
    >>> labels = {node: (("a", "b")[i % 2],) for i, node in enumerate(nodes)}
    >>> report = node_classification(Embeddings(Vocab(nodes), vectors), labels,
    ...                              train_ratios=[0.5], repeats=3)
    >>> report.rows[0].micro_mean
    1.0
    >>> report.table()[0]
    ('train ratio', 'Micro-F1 (%)', 'Macro-F1 (%)')
    """
    ratios = _check_ratios(train_ratios)
    repeats = _check_int("repeats", repeats, 1)
    seed = _check_int("seed", seed, 0, 2**32 - 1)
    if not isinstance(normalize, bool):
        raise ConfigError(f"normalize must be True or False; got {normalize!r}.")
    logistic_regression, one_vs_rest, f1_score = _sklearn()
    rows, truth, classes, missing = _indicator(embeddings, labels)
    if len(classes) < 2:
        raise ConfigError(
            f"node classification needs at least 2 classes; every node is labelled {classes[0]!r}."
        )
    n = len(rows)
    source = embeddings.unit_vectors if normalize else embeddings.vectors
    features = np.asarray(source[np.asarray(rows)], dtype=np.float64)
    counts = truth.sum(axis=1).astype(np.int64)
    for ratio in ratios:
        size = int(ratio * n)
        if size < 1 or size >= n:
            raise ConfigError(
                f"train_ratios: {ratio!r} of {n} labelled nodes leaves an empty training or "
                "test set; use a fraction that keeps at least one node on each side."
            )
    rng = np.random.default_rng(seed)
    orders = [rng.permutation(n) for _ in range(repeats)]
    scores = []
    for ratio in ratios:
        size = int(ratio * n)
        micro, macro = [], []
        for order in orders:
            train, test = order[:size], order[size:]
            model = one_vs_rest(logistic_regression(solver="liblinear", C=1.0, random_state=seed))
            with warnings.catch_warnings():
                # A class absent from a training set is predicted constant (scored 0).
                warnings.filterwarnings("ignore", message="Label .* is present in all")
                warnings.filterwarnings("ignore", message="Label not .* present in all")
                model.fit(features[train], truth[train])
                probabilities = model.predict_proba(features[test])
            predicted = _top_k_predictions(np.asarray(probabilities), counts[test])
            micro.append(f1_score(truth[test], predicted, average="micro", zero_division=0))
            macro.append(f1_score(truth[test], predicted, average="macro", zero_division=0))
        scores.append(
            ClassificationScore(
                ratio=ratio,
                micro_mean=float(np.mean(micro)),
                micro_std=float(np.std(micro)),
                macro_mean=float(np.mean(macro)),
                macro_std=float(np.std(macro)),
            )
        )
        logger.info(
            "train ratio %g: Micro-F1 %.4f, Macro-F1 %.4f",
            ratio,
            scores[-1].micro_mean,
            scores[-1].macro_mean,
        )
    return NodeClassificationReport(
        rows=tuple(scores),
        nodes=n,
        missing=missing,
        classes=len(classes),
        multilabel=bool((counts > 1).any()),
        repeats=repeats,
        seed=seed,
    )
