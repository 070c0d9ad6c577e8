"""Similarity matrix: the cosine similarity of every pair of words, as a heat map."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from firth.queries._checks import check_choice
from firth.viz._figure import (
    check_figsize,
    check_path,
    check_plot_words,
    finish,
    get_colormap,
    new_figure,
    require,
    unit_vectors_of,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from firth.embeddings import Embeddings

__all__ = ["VALUE_GID", "similarity_matrix"]

ShowValues = Literal["auto", "show", "hide"]
Order = Literal["given", "cluster"]

#: ``gid`` of the numbers written in the cells.
VALUE_GID = "firth-value"
#: With ``values="auto"``, the numbers are written for at most this many words.
AUTO_VALUES_WORDS = 15


def similarity_matrix(
    embeddings: Embeddings,
    words: Sequence[str],
    *,
    values: ShowValues = "auto",
    order: Order = "given",
    cmap: str = "RdBu_r",
    max_words: int = 40,
    title: str | None = None,
    figsize: tuple[float, float] | None = None,
    path: str | os.PathLike[str] | None = None,
) -> Figure:
    """A heat map of the cosine similarity of every pair of words.

    The colour scale runs from -1 to 1 with 0 in the middle colour of ``cmap``; the
    diagonal is 1 (0 for a zero vector).

    Parameters
    ----------
    embeddings
        The embeddings.
    words
        The words, the rows and columns in this order (unless ``order="cluster"``);
        distinct.
    values
        Write each cell's value in it: ``"show"``, ``"hide"``, or ``"auto"`` (shown for
        up to 15 words).
    order
        ``"given"`` keeps the order of ``words``; ``"cluster"`` reorders them so that
        similar words are next to each other (average-linkage hierarchical clustering of
        the cosine distances with optimal leaf ordering, :mod:`scipy.cluster.hierarchy`).
    cmap
        A diverging matplotlib colour map name.
    max_words
        The most words a readable plot gets; more raise an error.
    title
        The title above the plot; ``None`` for none.
    figsize
        ``(width, height)`` in inches; ``None`` to size it from the number of words.
    path
        If given, the figure is also saved there (``.png`` or ``.svg``).

    Returns
    -------
    matplotlib.figure.Figure
        One axes with the heat map (an ``AxesImage`` of shape ``(n, n)``), the words on
        both axes, the values as texts (``gid`` ``"firth-value"``) and a colour bar.

    Raises
    ------
    UnknownWordError
        If words are unknown (all of them, with suggestions).
    ConfigError
        If an option is invalid, ``words`` is empty, repeats a word or holds more than
        ``max_words`` words, or ``path`` has another suffix than ``.png``/``.svg``.
    MissingExtraError
        If matplotlib is not installed (``pip install 'firth[viz]'``).

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> emb = Embeddings(Vocab(["a", "b", "c"]), [[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    >>> figure = similarity_matrix(emb, ["a", "b", "c"])
    >>> figure.axes[0].images[0].get_array().round(2).tolist()[0]
    [1.0, 0.71, 0.0]
    >>> [t.get_text() for t in figure.axes[0].texts][:3]
    ['1.00', '0.71', '0.00']
    """
    check_choice("values", values, ("auto", "show", "hide"))
    check_choice("order", order, ("given", "cluster"))
    check_path(path)
    colormap = get_colormap(cmap)
    words = check_plot_words(embeddings, words, max_words=max_words, what="similarity_matrix")
    unit = unit_vectors_of(embeddings, words).astype(np.float64)
    similarity = np.clip(unit @ unit.T, -1.0, 1.0)
    if order == "cluster" and len(words) > 2:
        permutation = _cluster_order(similarity)
        similarity = similarity[np.ix_(permutation, permutation)]
        words = [words[i] for i in permutation]

    n = len(words)
    side = 2.5 + 0.42 * n
    figure = new_figure(check_figsize(figsize, (side + 1.2, side)))
    axes = figure.add_subplot()
    colors = require("matplotlib.colors")
    image = axes.imshow(
        similarity,
        cmap=colormap,
        norm=colors.CenteredNorm(vcenter=0.0, halfrange=1.0),
        interpolation="nearest",
    )
    axes.set_xticks(range(n), words, rotation=45, ha="right", rotation_mode="anchor")
    axes.set_yticks(range(n), words)
    if values == "show" or (values == "auto" and n <= AUTO_VALUES_WORDS):
        fontsize = 9.0 if n <= 10 else 7.0
        for i in range(n):
            for j in range(n):
                value = float(similarity[i, j])
                axes.text(
                    j,
                    i,
                    f"{value:.2f}",
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color="white" if abs(value) > 0.6 else "black",
                    gid=VALUE_GID,
                )
    colorbar = figure.colorbar(image, ax=axes, fraction=0.046, pad=0.02)
    colorbar.set_label("cosine similarity")
    if title is not None:
        axes.set_title(title)
    return finish(figure, path)


def _cluster_order(similarity: npt.NDArray[np.float64]) -> list[int]:
    """Leaf order of an average-linkage clustering of the cosine distances."""
    from scipy.cluster import hierarchy
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    distance = (distance + distance.T) / 2
    np.fill_diagonal(distance, 0.0)
    linkage = hierarchy.linkage(squareform(distance, checks=False), method="average")
    order: list[int] = hierarchy.leaves_list(
        hierarchy.optimal_leaf_ordering(linkage, squareform(distance, checks=False))
    ).tolist()
    return order
