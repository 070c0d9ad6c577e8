"""2-D maps of a set of words: PCA, t-SNE (scikit-learn) or UMAP (umap-learn).

Every method works on the words' unit vectors, so that distances on the map follow cosine
similarity (for unit vectors, ``|u - v|² = 2 - 2 cos(u, v)``); t-SNE and UMAP use the
cosine metric. Only the given words are mapped: their layout says how they relate to each
other, not to the rest of the vocabulary.

Reproducibility: PCA is deterministic; t-SNE and UMAP (single-threaded when seeded) give
the same map for the same words, vectors and ``seed`` on the same machine and library
versions; k-means clusters too.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError
from firth.queries._checks import check_choice, check_seed
from firth.viz._figure import (
    check_figsize,
    check_path,
    check_plot_words,
    finish,
    new_figure,
    require,
    unit_vectors_of,
)
from firth.viz._labels import place_labels
from firth.viz.projection import POINTS_GID

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from firth.embeddings import Embeddings

__all__ = ["MapMethod", "map_coordinates", "word_map"]

MapMethod = Literal["pca", "tsne", "umap"]

_METHODS = ("pca", "tsne", "umap")
#: The fewest words each method can map.
MIN_WORDS = {"pca": 3, "tsne": 4, "umap": 4}
_NAMES = {"pca": "PCA", "tsne": "t-SNE", "umap": "UMAP"}
#: Distinct colours available for groups (matplotlib's "tab10", then "tab20").
_MAX_GROUPS = 20
_PLAIN_COLOR = "#1b6ca8"


def map_coordinates(
    embeddings: Embeddings,
    words: Sequence[str],
    *,
    method: MapMethod = "pca",
    seed: int = 1,
    perplexity: float | None = None,
    n_neighbors: int | None = None,
    max_words: int = 150,
) -> npt.NDArray[np.float64]:
    """2-D coordinates of words by PCA, t-SNE or UMAP of their unit vectors.

    Parameters
    ----------
    embeddings
        The embeddings.
    words
        The words to map; distinct; at least 3 for PCA, 4 for t-SNE and UMAP.
    method
        ``"pca"`` (scikit-learn's ``PCA``, deterministic), ``"tsne"`` (scikit-learn's
        ``TSNE``, PCA initialisation, cosine metric) or ``"umap"`` (umap-learn's ``UMAP``,
        cosine metric).
    seed
        The random seed of t-SNE and UMAP (an integer >= 0).
    perplexity
        t-SNE only: the effective number of neighbours, below the number of words;
        ``None`` picks ``min(30, max(2, (n - 1) / 3))`` for ``n`` words.
    n_neighbors
        UMAP only: the size of the neighbourhoods, from 2 to ``n - 1``; ``None`` picks
        ``min(15, n - 1)``.
    max_words
        The most words accepted.

    Returns
    -------
    numpy.ndarray
        A new float64 array of shape ``(len(words), 2)``.

    Raises
    ------
    UnknownWordError
        If words are unknown (all of them, with suggestions).
    ConfigError
        If ``method`` is unknown, there are too few words for it (or more than
        ``max_words``), a word repeats, the vectors have one dimension only, or
        ``perplexity`` / ``n_neighbors`` is out of range or given to another method.
    MissingExtraError
        If scikit-learn (PCA, t-SNE) or umap-learn (UMAP) is not installed.

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> emb = Embeddings(Vocab(["a", "b", "c"]), [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1, 1, 0]])
    >>> map_coordinates(emb, ["a", "b", "c"], method="pca").shape
    (3, 2)
    >>> map_coordinates(emb, ["a", "b", "c"], method="tsne")
    Traceback (most recent call last):
    ...
    firth.errors.ConfigError: a t-SNE map needs at least 4 words; got 3: ['a', 'b', 'c'].
    """
    check_choice("method", method, _METHODS)
    seed = check_seed(seed)
    if perplexity is not None and method != "tsne":
        raise ConfigError(f"perplexity is an option of method='tsne'; got method={method!r}.")
    if n_neighbors is not None and method != "umap":
        raise ConfigError(f"n_neighbors is an option of method='umap'; got method={method!r}.")
    words = check_plot_words(
        embeddings,
        words,
        max_words=max_words,
        minimum=MIN_WORDS[method],
        what=f"a {_NAMES[method]} map",
    )
    if embeddings.dim < 2:
        raise ConfigError(
            f"a 2-D map needs vectors of at least 2 dimensions; these have {embeddings.dim}."
        )
    data = unit_vectors_of(embeddings, words).astype(np.float64)
    n = len(words)
    if method == "pca":
        decomposition = require("sklearn.decomposition")
        pca = decomposition.PCA(n_components=2, svd_solver="full")
        result = pca.fit_transform(data)
    elif method == "tsne":
        chosen = _perplexity(perplexity, n)
        manifold = require("sklearn.manifold")
        tsne = manifold.TSNE(
            n_components=2, perplexity=chosen, init="pca", metric="cosine", random_state=seed
        )
        result = tsne.fit_transform(data)
    else:
        neighbours = _neighbours(n_neighbors, n)
        umap = require("umap")
        reducer = umap.UMAP(
            n_components=2, n_neighbors=neighbours, metric="cosine", random_state=seed, n_jobs=1
        )
        with warnings.catch_warnings():
            # Small word sets: umap-learn notes that it cannot be parallel or exact.
            warnings.filterwarnings("ignore", category=UserWarning, module=r"umap\.")
            result = reducer.fit_transform(data)
    coordinates: npt.NDArray[np.float64] = np.asarray(result, dtype=np.float64)
    return coordinates


def word_map(
    embeddings: Embeddings,
    words: Sequence[str],
    *,
    method: MapMethod = "pca",
    clusters: int | Mapping[str, int | str] | None = None,
    seed: int = 1,
    perplexity: float | None = None,
    n_neighbors: int | None = None,
    max_words: int = 150,
    title: str | None = None,
    figsize: tuple[float, float] | None = None,
    path: str | os.PathLike[str] | None = None,
) -> Figure:
    """A 2-D map of words (PCA, t-SNE or UMAP), labelled, optionally coloured by group.

    The coordinates are :func:`map_coordinates`'s. The labels are moved apart so that
    they do not overlap (adjustText; a thin line joins a moved label to its point).

    Parameters
    ----------
    embeddings
        The embeddings.
    words
        The words to map; distinct; at least 3 for PCA, 4 for t-SNE and UMAP.
    method
        ``"pca"``, ``"tsne"`` or ``"umap"`` (see :func:`map_coordinates`).
    clusters
        How to colour the points: ``None``, one colour; an integer ``k``, k-means
        clusters of the unit vectors (scikit-learn's ``KMeans``, seeded); a mapping from
        each word to a group name or number, one colour per group. Groups are numbered
        in the order their first word appears in ``words``, and listed in a legend. At
        most 20 groups.
    seed
        The random seed of t-SNE, UMAP and k-means (an integer >= 0).
    perplexity, n_neighbors
        Options of t-SNE and UMAP (see :func:`map_coordinates`).
    max_words
        The most words a readable plot gets; more raise an error.
    title
        The title above the plot; ``None`` for none.
    figsize
        ``(width, height)`` in inches; ``None`` for a default size.
    path
        If given, the figure is also saved there (``.png`` or ``.svg``).

    Returns
    -------
    matplotlib.figure.Figure
        One axes: a scatter (``gid`` ``"firth-points"``, one point per word in the order
        of ``words``, coloured by group), word labels and, with ``clusters``, a legend.

    Raises
    ------
    UnknownWordError
        If words are unknown (all of them, with suggestions).
    ConfigError
        As :func:`map_coordinates`; also if ``clusters`` is not an integer from 1 to
        ``len(words)`` or a mapping covering every word, with at most 20 groups, or
        ``path`` has another suffix than ``.png``/``.svg``.
    MissingExtraError
        If a package of the ``viz`` extra is missing (``pip install 'firth[viz]'``).

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> emb = Embeddings(Vocab(["one", "two", "cat", "dog"]),
    ...                  [[1.0, 0.1, 0.0], [1.0, 0.2, 0.0], [0.0, 0.1, 1.0], [0.0, 0.2, 1.0]])
    >>> groups = {"one": "number", "two": "number", "cat": "animal", "dog": "animal"}
    >>> figure = word_map(emb, ["one", "two", "cat", "dog"], clusters=groups)
    >>> [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    ['number', 'animal']
    """
    check_path(path)
    coordinates = map_coordinates(
        embeddings,
        words,
        method=method,
        seed=seed,
        perplexity=perplexity,
        n_neighbors=n_neighbors,
        max_words=max_words,
    )
    words = list(words)
    groups, names = _groups(embeddings, words, clusters, seed)

    figure = new_figure(check_figsize(figsize, (8.0, 7.0)))
    axes = figure.add_subplot()
    if groups is None:
        colors: Any = _PLAIN_COLOR
    else:
        palette = require("matplotlib").colormaps["tab10" if len(names) <= 10 else "tab20"]
        colors = [palette(g) for g in groups.tolist()]
    axes.scatter(coordinates[:, 0], coordinates[:, 1], s=30, c=colors, zorder=3, gid=POINTS_GID)
    if groups is not None:
        lines = require("matplotlib.lines")
        handles = [
            lines.Line2D([], [], marker="o", ls="", color=palette(g), label=name)
            for g, name in enumerate(names)
        ]
        axes.legend(handles=handles, title="cluster" if isinstance(clusters, int) else None)
    label = _NAMES[method]
    axes.set_xlabel(f"{label} 1")
    axes.set_ylabel(f"{label} 2")
    if method != "pca":  # the coordinates of t-SNE and UMAP have no meaning of their own
        axes.set_xticks([])
        axes.set_yticks([])
    span = np.ptp(coordinates, axis=0)
    span = np.where(span > 0, span, 1.0)
    axes.set_xlim(coordinates[:, 0].min() - 0.1 * span[0], coordinates[:, 0].max() + 0.1 * span[0])
    axes.set_ylim(coordinates[:, 1].min() - 0.1 * span[1], coordinates[:, 1].max() + 0.1 * span[1])
    place_labels(axes, coordinates, words)
    if title is not None:
        axes.set_title(title)
    return finish(figure, path)


def _perplexity(perplexity: float | None, n: int) -> float:
    if perplexity is None:
        return min(30.0, max(2.0, (n - 1) / 3))
    if (
        isinstance(perplexity, (int, float, np.integer, np.floating))
        and not isinstance(perplexity, bool)
        and 0 < perplexity < n
    ):
        return float(perplexity)
    raise ConfigError(
        f"perplexity must be a number > 0 and below the number of words ({n}); "
        f"got {perplexity!r} (pass None to choose it from the number of words)."
    )


def _neighbours(n_neighbors: int | None, n: int) -> int:
    if n_neighbors is None:
        return min(15, n - 1)
    if (
        isinstance(n_neighbors, (int, np.integer))
        and not isinstance(n_neighbors, bool)
        and 2 <= n_neighbors < n
    ):
        return int(n_neighbors)
    raise ConfigError(
        f"n_neighbors must be an integer from 2 to the number of words minus 1 ({n - 1}); "
        f"got {n_neighbors!r} (pass None to choose it from the number of words)."
    )


def _groups(
    embeddings: Embeddings,
    words: list[str],
    clusters: object,
    seed: int,
) -> tuple[npt.NDArray[np.intp] | None, list[str]]:
    """Each word's group number (in order of first appearance) and the group names."""
    if clusters is None:
        return None, []
    if isinstance(clusters, (int, np.integer)) and not isinstance(clusters, bool):
        k = int(clusters)
        if not 1 <= k <= min(len(words), _MAX_GROUPS):
            raise ConfigError(
                f"clusters must be from 1 to the number of words ({len(words)}) and at most "
                f"{_MAX_GROUPS}; got {clusters!r}."
            )
        cluster = require("sklearn.cluster")
        kmeans = cluster.KMeans(n_clusters=k, n_init=10, random_state=seed)
        raw: list[object] = kmeans.fit_predict(unit_vectors_of(embeddings, words)).tolist()
        labels = None
    elif isinstance(clusters, Mapping):
        missing = [w for w in words if w not in clusters]
        if missing:
            raise ConfigError(
                f"clusters must give a group to every word; missing for {missing!r} "
                "(add them to the mapping)."
            )
        raw = [clusters[w] for w in words]
        labels = raw
    else:
        raise ConfigError(
            "clusters must be None, a number of k-means clusters, or a mapping from each "
            f"word to its group; got {type(clusters).__name__}."
        )
    order = list(dict.fromkeys(raw))
    if len(order) > _MAX_GROUPS:
        raise ConfigError(
            f"clusters name {len(order)} groups; at most {_MAX_GROUPS} get distinct "
            "colours (merge some groups)."
        )
    number = {group: i for i, group in enumerate(order)}
    groups = np.array([number[g] for g in raw], dtype=np.intp)
    names = (
        [str(g) for g in order] if labels is not None else [f"{i + 1}" for i in range(len(order))]
    )
    return groups, names
