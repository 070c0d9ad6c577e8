"""Axis projections (as in Word2viz): words placed by their cosine with one or two axes."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError
from firth.queries._checks import check_words
from firth.viz._figure import (
    check_figsize,
    check_limit,
    check_path,
    check_plot_words,
    finish,
    new_figure,
    require,
)
from firth.viz._labels import place_labels

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from firth.embeddings import Embeddings

__all__ = ["ARROW_GID", "POINTS_GID", "AxisSpec", "axis_projection"]

#: An axis: a word (its own direction) or a pair ``(a, b)`` (the direction from a to b).
AxisSpec: TypeAlias = str | tuple[str, str]

#: ``gid`` of the scatter of words in the plots of :mod:`firth.viz`.
POINTS_GID = "firth-points"
#: ``gid`` of the arrows drawn for ``arrows=`` pairs.
ARROW_GID = "firth-arrow"

_ARROW_COLOR = "#d95f02"


def axis_projection(
    embeddings: Embeddings,
    words: Sequence[str],
    *,
    x: AxisSpec,
    y: AxisSpec | None = None,
    arrows: Sequence[tuple[str, str]] = (),
    max_words: int = 100,
    title: str | None = None,
    figsize: tuple[float, float] | None = None,
    path: str | os.PathLike[str] | None = None,
) -> Figure:
    """Words placed by their projections on one or two semantic axes (Word2viz).

    An axis given by a pair ``(a, b)`` is the direction ``b - a`` (of the unit vectors,
    :meth:`Embeddings.axis(b, a) <firth.embeddings.Embeddings.axis>`): it runs from
    ``a`` on the left (or bottom) to ``b`` on the right (or top), so ``x=("he", "she")``
    puts words used like "she" to the right. An axis given by one word is that word's own
    direction (``emb.axis(word)``). A word's coordinate on an axis is its cosine
    similarity with it (:meth:`~firth.embeddings.Embeddings.project`), in ``[-1, 1]``.

    With ``y=None`` the plot is one-dimensional: one row per word, sorted by the
    projection (highest at the top), the word on the row's tick label.

    Parameters
    ----------
    embeddings
        The embeddings.
    words
        The words to place; distinct.
    x
        The horizontal axis: a word or a pair of words.
    y
        The vertical axis (as ``x``), or ``None`` for a one-dimensional plot.
    arrows
        Pairs ``(a, b)`` joined by an arrow from a to b, e.g.
        ``[("man", "woman"), ("king", "queen")]``: parallel arrows show an analogy.
        Their words are added to ``words`` when missing.
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
        One axes: a scatter of the words (``gid`` ``"firth-points"``, one point per word
        in the order of ``words``, at its projections), word labels, and one arrow patch
        (``gid`` ``"firth-arrow"``) per pair of ``arrows``.

    Raises
    ------
    UnknownWordError
        If words (of ``words``, the axes or ``arrows``) are unknown.
    ConfigError
        If an axis or an arrow is not a word or a pair of distinct words, an axis has no
        direction (its two words have the same unit vector), there are no words or more
        than ``max_words``, or ``path`` has another suffix than ``.png``/``.svg``.
    MissingExtraError
        If matplotlib or adjustText is not installed (``pip install 'firth[viz]'``).

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> emb = Embeddings(Vocab(["he", "she", "king", "queen"]),
    ...                  [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    >>> figure = axis_projection(emb, ["king", "queen"], x=("he", "she"), y="king",
    ...                          arrows=[("king", "queen")])
    >>> points = [c for c in figure.axes[0].collections if c.get_gid() == "firth-points"]
    >>> points[0].get_offsets().round(3).tolist()
    [[-0.5, 1.0], [0.5, 0.5]]
    """
    check_path(path)
    x_axis, x_label = _axis(embeddings, x, "x")
    y_axis, y_label = (None, "") if y is None else _axis(embeddings, y, "y")
    pairs = [_pair(pair, "arrows") for pair in _arrow_list(arrows)]
    words = check_words(words)
    extra = [w for pair in pairs for w in pair if w not in words]
    words = words + list(dict.fromkeys(extra))
    limit = check_limit("max_words", max_words)
    words = check_plot_words(embeddings, words, max_words=limit, what="axis_projection")

    if y_axis is None:
        position = embeddings.project(words, x_axis).astype(np.float64)
        rank = np.empty(len(words), dtype=np.float64)
        rank[np.argsort(position, kind="stable")] = np.arange(len(words))
        points = np.column_stack([position, rank])
        default_size = (7.0, 1.2 + 0.28 * len(words))
    else:
        points = embeddings.project_plane(words, x_axis, y_axis).astype(np.float64)
        default_size = (8.0, 7.0)

    figure = new_figure(check_figsize(figsize, default_size))
    axes = figure.add_subplot()
    axes.axvline(0.0, color="0.75", lw=0.8, zorder=0)
    axes.scatter(points[:, 0], points[:, 1], s=24, color="#1b6ca8", zorder=3, gid=POINTS_GID)
    axes.set_xlabel(x_label)
    _pad_limits(axes, points[:, 0], "x")
    if y_axis is None:
        order = np.argsort(points[:, 1])
        axes.set_yticks(points[order, 1], [words[i] for i in order])
        axes.set_ylim(-0.7, len(words) - 0.3)
        axes.grid(axis="y", color="0.92", lw=0.6)
    else:
        axes.axhline(0.0, color="0.75", lw=0.8, zorder=0)
        axes.set_ylabel(y_label)
        _pad_limits(axes, points[:, 1], "y")
    _draw_arrows(axes, points, words, pairs)
    if y_axis is not None:
        place_labels(axes, points, words)
    if title is not None:
        axes.set_title(title)
    return finish(figure, path)


def _arrow_list(arrows: object) -> list[object]:
    if isinstance(arrows, (str, bytes)) or not isinstance(arrows, Sequence):
        raise ConfigError(
            "arrows must be a sequence of (from, to) word pairs, e.g. "
            f"[('man', 'woman'), ('king', 'queen')]; got {arrows!r}."
        )
    return list(arrows)


def _pair(value: object, name: str) -> tuple[str, str]:
    """A pair of two distinct words."""
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(w, str) for w in value)
        and value[0] != value[1]
    ):
        return (value[0], value[1])
    raise ConfigError(
        f"{name} must hold pairs (a, b) of two different words, e.g. ('man', 'woman'); "
        f"got {value!r}."
    )


def _axis(embeddings: Embeddings, spec: object, name: str) -> tuple[npt.NDArray[Any], str]:
    """The unit direction of an axis and its label."""
    if isinstance(spec, str):
        return embeddings.axis(spec), f"cosine with {spec!r}"
    if not isinstance(spec, tuple):
        raise ConfigError(
            f"{name} must be a word or a pair of words (a, b) for the direction from a to b; "
            f"got {spec!r}."
        )
    a, b = _pair(spec, name)
    return embeddings.axis(b, a), f"{a}  \N{LEFTWARDS ARROW}   \N{RIGHTWARDS ARROW}  {b}"


def _pad_limits(axes: Axes, values: npt.NDArray[np.float64], which: str) -> None:
    """Axis limits around ``values`` with room for labels (at least 0.1 wide)."""
    low, high = float(values.min()), float(values.max())
    span = max(high - low, 0.1)
    limits = (low - 0.12 * span, high + 0.12 * span)
    if which == "x":
        axes.set_xlim(*limits)
    else:
        axes.set_ylim(*limits)


def _draw_arrows(
    axes: Axes,
    points: npt.NDArray[np.float64],
    words: list[str],
    pairs: list[tuple[str, str]],
) -> None:
    patches = require("matplotlib.patches")
    row = {word: i for i, word in enumerate(words)}
    for a, b in pairs:
        arrow = patches.FancyArrowPatch(
            tuple(points[row[a]]),
            tuple(points[row[b]]),
            arrowstyle="-|>",
            mutation_scale=12,
            shrinkA=5,
            shrinkB=5,
            color=_ARROW_COLOR,
            lw=1.2,
            zorder=2,
            gid=ARROW_GID,
            label=f"{a} \N{RIGHTWARDS ARROW} {b}",
        )
        axes.add_patch(arrow)
