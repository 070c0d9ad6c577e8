"""Vector strips: one heat-map row per word, to compare vectors at a glance."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np

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

__all__ = ["vector_strips"]

SortDimensions = Literal["none", "first", "mean"]
Scale = Literal["raw", "unit"]

_SORTS = ("none", "first", "mean")
_SCALES = ("raw", "unit")


def vector_strips(
    embeddings: Embeddings,
    words: Sequence[str],
    *,
    sort_dimensions: SortDimensions = "none",
    scale: Scale = "raw",
    cmap: str = "RdBu_r",
    max_words: int = 50,
    title: str | None = None,
    figsize: tuple[float, float] | None = None,
    path: str | os.PathLike[str] | None = None,
) -> Figure:
    """A heat map with one row per word and one cell per dimension.

    Words with similar meanings show similar patterns of colours: compare
    ``["king", "man", "woman", "queen", "water"]``. The colour scale is symmetric around
    0 (from ``-m`` to ``m``, ``m`` the largest absolute value shown), so 0 is the middle
    colour of ``cmap`` (white for ``"RdBu_r"``) and the sign of a value is its hue.

    Parameters
    ----------
    embeddings
        The embeddings to read the vectors from.
    words
        The words, one row each, top to bottom; distinct.
    sort_dimensions
        The order of the columns: ``"none"``, the stored order; ``"first"``, ascending
        values of the first word (its row becomes a smooth ramp, and the other rows show
        how they differ from it); ``"mean"``, ascending mean over the words.
    scale
        ``"raw"`` shows the stored vectors; ``"unit"`` the vectors scaled to length 1
        (what cosine similarity compares).
    cmap
        A diverging matplotlib colour map name.
    max_words
        The most rows a readable plot gets; more words raise an error.
    title
        The title above the plot; ``None`` for none.
    figsize
        ``(width, height)`` in inches; ``None`` to size it from the number of words.
    path
        If given, the figure is also saved there (``.png`` or ``.svg``; see
        :func:`~firth.viz.save_figure`).

    Returns
    -------
    matplotlib.figure.Figure
        The figure: one axes with the heat map (an ``AxesImage`` of shape
        ``(len(words), dim)``) and its colour bar.

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
    >>> emb = Embeddings(Vocab(["hot", "cold"]), [[1.0, -0.5, 0.0], [-1.0, 0.5, 0.2]])
    >>> figure = vector_strips(emb, ["hot", "cold"], sort_dimensions="first")
    >>> image = figure.axes[0].images[0]
    >>> image.get_array().shape, image.norm.vmin, image.norm.vmax
    ((2, 3), -1.0, 1.0)
    >>> [label.get_text() for label in figure.axes[0].get_yticklabels()]
    ['hot', 'cold']
    """
    check_choice("sort_dimensions", sort_dimensions, _SORTS)
    check_choice("scale", scale, _SCALES)
    check_path(path)
    colors = require("matplotlib.colors")
    colormap = get_colormap(cmap)
    words = check_plot_words(embeddings, words, max_words=max_words, what="vector_strips")
    if scale == "unit":
        values = unit_vectors_of(embeddings, words).astype(np.float64)
    else:
        values = np.asarray(embeddings.vectors_of(words), dtype=np.float64)
    order = np.arange(values.shape[1])
    if sort_dimensions == "first":
        order = np.argsort(values[0], kind="stable")
    elif sort_dimensions == "mean":
        order = np.argsort(values.mean(axis=0), kind="stable")
    values = values[:, order]
    limit = float(np.abs(values).max())
    limit = limit if limit > 0 else 1.0

    n, dim = values.shape
    figure = new_figure(check_figsize(figsize, (min(12.0, 4.0 + 0.03 * dim), 1.0 + 0.4 * n)))
    axes = figure.add_subplot()
    image = axes.imshow(
        values,
        cmap=colormap,
        norm=colors.CenteredNorm(vcenter=0.0, halfrange=limit),
        aspect="auto",
        interpolation="nearest",
    )
    axes.set_yticks(range(n), words)
    sorted_by = {"none": "", "first": f" (sorted by {words[0]!r})", "mean": " (sorted by mean)"}
    axes.set_xlabel(f"dimension{sorted_by[sort_dimensions]}")
    if sort_dimensions != "none":
        axes.set_xticks([])
    colorbar = figure.colorbar(image, ax=axes, pad=0.01, fraction=0.05)
    colorbar.set_label("unit-vector value" if scale == "unit" else "value")
    if title is not None:
        axes.set_title(title)
    return finish(figure, path)
