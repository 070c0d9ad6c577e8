"""Neighbour graph: a word, its nearest neighbours (and theirs), joined by cosine."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Literal

import numpy as np

from firth.errors import ConfigError
from firth.queries._checks import check_k
from firth.viz._figure import (
    check_figsize,
    check_limit,
    check_path,
    finish,
    get_colormap,
    new_figure,
    require,
)
from firth.viz._labels import place_labels
from firth.viz.projection import POINTS_GID

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from firth.embeddings import Embeddings

__all__ = ["EDGES_GID", "neighbour_graph"]

#: ``gid`` of the ``LineCollection`` of edges.
EDGES_GID = "firth-edges"
# Node colours by level: the word, its neighbours, their neighbours.
_LEVEL_COLORS = ("#d95f02", "#1b6ca8", "#7fa7c9")
_LEVEL_SIZES = (160.0, 60.0, 28.0)
# Shortest layout distance of an edge (for neighbours with a cosine close to 1).
_MIN_DISTANCE = 0.05


def neighbour_graph(
    embeddings: Embeddings,
    word: str,
    *,
    k: int = 10,
    depth: Literal[1, 2] = 1,
    restrict: int | None = None,
    cmap: str = "viridis",
    max_words: int = 120,
    title: str | None = None,
    figsize: tuple[float, float] | None = None,
    path: str | os.PathLike[str] | None = None,
) -> Figure:
    """A graph of ``word``, its ``k`` nearest neighbours and, with ``depth=2``, theirs.

    Each word searched (``word``, and its neighbours when ``depth=2``) is joined to its
    ``k`` nearest neighbours (:meth:`~firth.embeddings.Embeddings.most_similar`) by an
    edge whose colour and width show their cosine similarity; a pair found from both
    ends gets one edge. The layout is networkx's Kamada-Kawai layout with ``1 - cosine``
    as the length of each edge, so close neighbours sit close (it is deterministic).

    Parameters
    ----------
    embeddings
        The embeddings.
    word
        The word at the centre.
    k
        The number of neighbours of each word searched (an integer >= 1).
    depth
        1: the word and its neighbours; 2: also the neighbours' neighbours.
    restrict
        Search only the first ``restrict`` words of the vocabulary (the most frequent
        in a trained model), to keep rare words out; ``None`` searches all.
    cmap
        A matplotlib colour map name for the edges.
    max_words
        The most words (nodes) a readable plot gets; more raise an error.
    title
        The title above the plot; ``None`` for none.
    figsize
        ``(width, height)`` in inches; ``None`` for a default size.
    path
        If given, the figure is also saved there (``.png`` or ``.svg``).

    Returns
    -------
    matplotlib.figure.Figure
        One axes: the nodes as a scatter (``gid`` ``"firth-points"``; ``word`` first,
        then the neighbours in the order found), the edges as a ``LineCollection``
        (``gid`` ``"firth-edges"``, its array the cosines), the word labels and a colour
        bar of the cosines.

    Raises
    ------
    UnknownWordError
        If ``word`` is unknown (with suggestions).
    ConfigError
        If ``k``, ``depth``, ``restrict`` or ``max_words`` is invalid, the graph has more
        than ``max_words`` words, or ``path`` has another suffix than ``.png``/``.svg``.
    MissingExtraError
        If a package of the ``viz`` extra is missing (``pip install 'firth[viz]'``).

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> emb = Embeddings(Vocab(["sun", "moon", "star", "rock"]),
    ...                  [[1.0, 0.1, 0.0], [0.9, 0.3, 0.0], [0.8, 0.1, 0.3], [0.0, 0.1, 1.0]])
    >>> figure = neighbour_graph(emb, "sun", k=2)
    >>> edges = [c for c in figure.axes[0].collections if c.get_gid() == "firth-edges"][0]
    >>> len(edges.get_segments()), edges.get_array().round(2).tolist()
    (2, [0.98, 0.94])
    """
    k = check_k(k)
    if depth not in (1, 2) or isinstance(depth, bool):
        raise ConfigError(f"depth must be 1 or 2; got {depth!r}.")
    limit = check_limit("max_words", max_words)
    check_path(path)
    colormap = get_colormap(cmap)
    if not isinstance(word, str):
        raise TypeError(f"word must be a str; got {type(word).__name__}.")

    nodes = [word]
    edges: dict[frozenset[str], tuple[str, str, float]] = {}
    searched = [word]
    for _ in range(depth):
        found: list[str] = []
        for source in searched:
            for neighbour, score in embeddings.most_similar(source, k, restrict=restrict):
                key = frozenset((source, neighbour))
                if key not in edges:
                    edges[key] = (source, neighbour, float(score))
                if neighbour not in nodes:
                    nodes.append(neighbour)
                    found.append(neighbour)
        if len(nodes) > limit:
            raise ConfigError(
                f"the neighbour graph of {word!r} (k={k}, depth={depth}) has {len(nodes)} "
                f"words, more than max_words={limit} makes readable; lower k, use depth=1, "
                f"or raise the limit with max_words={len(nodes)}."
            )
        searched = found

    if not edges:
        raise ConfigError(
            f"{word!r} has no neighbours to draw (the search covers no other word; "
            f"restrict={restrict!r})."
        )
    first = {n for s, n, _ in edges.values() if s == word}
    levels = [0 if n == word else 1 if n in first else 2 for n in nodes]

    networkx = require("networkx")
    graph = networkx.Graph()
    graph.add_nodes_from(nodes)
    for source, neighbour, score in edges.values():
        graph.add_edge(source, neighbour, distance=max(1.0 - score, _MIN_DISTANCE))
    layout = networkx.kamada_kawai_layout(graph, weight="distance")
    points = np.array([layout[node] for node in nodes], dtype=np.float64)

    figure = new_figure(check_figsize(figsize, (8.0, 7.0)))
    axes = figure.add_subplot()
    collections = require("matplotlib.collections")
    colors = require("matplotlib.colors")
    row = {node: i for i, node in enumerate(nodes)}
    ordered = list(edges.values())
    scores = np.array([score for _, _, score in ordered], dtype=np.float64)
    low, high = float(scores.min()), float(scores.max())
    if high - low < 1e-6:
        low, high = low - 0.05, high + 0.05
    lines = collections.LineCollection(
        [(points[row[s]], points[row[n]]) for s, n, _ in ordered],
        array=scores,
        cmap=colormap,
        norm=colors.Normalize(vmin=low, vmax=high),
        linewidths=0.6 + 2.4 * (scores - low) / (high - low),
        zorder=1,
        gid=EDGES_GID,
    )
    axes.add_collection(lines)
    axes.scatter(
        points[:, 0],
        points[:, 1],
        s=[_LEVEL_SIZES[v] for v in levels],
        c=[_LEVEL_COLORS[v] for v in levels],
        edgecolors="white",
        linewidths=0.8,
        zorder=3,
        gid=POINTS_GID,
    )
    axes.margins(0.12)
    axes.set_aspect("equal", adjustable="datalim")
    axes.set_axis_off()
    colorbar = figure.colorbar(lines, ax=axes, fraction=0.04, pad=0.02, shrink=0.6)
    colorbar.set_label("cosine similarity")
    labels = place_labels(axes, points, nodes, fontsize=10.0)
    labels[0].set_fontweight("bold")
    if title is not None:
        axes.set_title(title)
    return finish(figure, path)
