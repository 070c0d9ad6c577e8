"""Shared plumbing of the plots: lazy imports, new figures, checks and atomic saving.

Figures are plain :class:`matplotlib.figure.Figure` objects with an Agg canvas, made
without :mod:`matplotlib.pyplot`: no GUI backend is ever chosen or needed (plots render on
a headless machine), no process-wide state changes, and figures are not kept alive by
pyplot's registry (matplotlib's advice for library and web-server code).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError, MissingExtraError
from firth.io.atomic import atomic_write
from firth.queries._checks import check_words

if TYPE_CHECKING:
    from matplotlib.colors import Colormap
    from matplotlib.figure import Figure

    from firth.embeddings import Embeddings

__all__ = ["DEFAULT_DPI", "save_figure"]

#: Resolution of PNG files written by :func:`save_figure` unless told otherwise.
DEFAULT_DPI = 150

#: The file formats :func:`save_figure` writes, by (lower-case) suffix.
_FORMATS: dict[str, Literal["png", "svg"]] = {".png": "png", ".svg": "svg"}

#: Optional packages of the ``viz`` extra, and what each is used for.
_PURPOSES = {
    "matplotlib": "plots",
    "sklearn": "PCA, t-SNE and k-means",
    "umap": "UMAP maps",
    "adjustText": "non-overlapping labels",
    "networkx": "the neighbour graph layout",
}


def require(module: str) -> ModuleType:
    """Import an optional package of the ``viz`` extra, or explain how to install it.

    Raises
    ------
    MissingExtraError
        If the package is not installed (an ``ImportError`` naming ``firth[viz]``).

    Examples
    --------
    >>> require("numpy").__name__
    'numpy'
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        purpose = _PURPOSES.get(top, "plots")
        raise MissingExtraError(
            f"{purpose} need the optional package {top!r}, which is not installed; "
            "install the plotting extra with: pip install 'firth[viz]'"
        ) from exc


def new_figure(figsize: tuple[float, float]) -> Figure:
    """A new figure with an Agg canvas (headless), using the layout engine "constrained"."""
    figure_module = require("matplotlib.figure")
    agg = require("matplotlib.backends.backend_agg")
    figure: Figure = figure_module.Figure(figsize=figsize, layout="constrained")
    agg.FigureCanvasAgg(figure)
    return figure


def get_colormap(name: object) -> Colormap:
    """The registered matplotlib colour map ``name``; a clear error for an unknown one."""
    colormaps = require("matplotlib").colormaps
    if not isinstance(name, str) or name not in colormaps:
        raise ConfigError(
            "cmap must be the name of a matplotlib colour map, such as 'RdBu_r' or "
            f"'coolwarm'; got {name!r}."
        )
    colormap: Colormap = colormaps[name]
    return colormap


def check_figsize(figsize: object, default: tuple[float, float]) -> tuple[float, float]:
    """``figsize`` (width, height in inches, both > 0), or ``default`` when it is None."""
    if figsize is None:
        return default
    if (
        isinstance(figsize, tuple)
        and len(figsize) == 2
        and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v < 1000
            for v in figsize
        )
    ):
        return (float(figsize[0]), float(figsize[1]))
    raise ConfigError(
        f"figsize must be None or a (width, height) tuple of inches, both > 0; got {figsize!r}."
    )


def check_limit(name: str, value: object) -> int:
    """A ``max_*`` limit: an integer >= 1."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= 1:
        return int(value)
    raise ConfigError(f"{name} must be an integer >= 1; got {value!r}.")


def check_plot_words(
    embeddings: Embeddings,
    words: Sequence[str],
    *,
    max_words: int,
    minimum: int = 1,
    what: str = "this plot",
) -> list[str]:
    """``words`` as a list of distinct known words, between ``minimum`` and ``max_words``.

    Raises
    ------
    TypeError
        If ``words`` is a single str or holds something else than str.
    ConfigError
        If there are too few or too many words, or a word repeats.
    UnknownWordError
        If words are unknown (all of them, with suggestions).
    """
    words = check_words(words)
    limit = check_limit("max_words", max_words)
    if len(words) < minimum:
        raise ConfigError(
            f"{what} needs at least {minimum} word{'s' if minimum > 1 else ''}; "
            f"got {len(words)}: {words!r}."
        )
    if len(words) > limit:
        raise ConfigError(
            f"{what} is unreadable with {len(words)} words (max_words={limit}); pass fewer "
            f"words, or raise the limit with max_words={len(words)}."
        )
    seen: set[str] = set()
    for word in words:
        if word in seen:
            raise ConfigError(f"words must be distinct; {word!r} appears more than once.")
        seen.add(word)
    embeddings.vectors_of(words)  # UnknownWordError listing every unknown word
    return words


def unit_vectors_of(embeddings: Embeddings, words: Sequence[str]) -> npt.NDArray[np.float32]:
    """The unit vectors of known ``words`` (a new float32 array)."""
    index = embeddings.vocab.index
    rows: npt.NDArray[np.float32] = embeddings.unit_vectors[[index(w) for w in words]]
    return rows


def image_format_of(path: str | os.PathLike[str]) -> Literal["png", "svg"]:
    """The image format named by the suffix of ``path``: ``"png"`` or ``"svg"``.

    Raises
    ------
    ConfigError
        If the suffix is another one.

    Examples
    --------
    >>> image_format_of("figures/strips.SVG")
    'svg'
    """
    target = os.fspath(path)
    stem, suffix = os.path.splitext(target)
    image_format = _FORMATS.get(suffix.lower())
    if image_format is None:
        raise ConfigError(
            "path must end in .png or .svg to choose the image format; "
            f"got {target!r} (rename it, e.g. {stem + '.png'!r})."
        )
    return image_format


def check_path(path: str | os.PathLike[str] | None) -> None:
    """Check the suffix of an optional output path before any work is done."""
    if path is not None:
        image_format_of(path)


def save_figure(figure: Figure, path: str | os.PathLike[str], *, dpi: float = DEFAULT_DPI) -> None:
    """Write a figure to a PNG or SVG file, atomically.

    The format follows the suffix of ``path`` (``.png`` or ``.svg``, any case). The file
    is written to a temporary file next to ``path`` and renamed onto it, so an existing
    file is replaced only by a complete new one. SVG files carry no date and no random
    element ids, so the same plot made twice gives the same file.

    Parameters
    ----------
    figure
        A matplotlib figure (for example one returned by the functions of
        :mod:`firth.viz`).
    path
        The file to write; its directory must exist.
    dpi
        Dots per inch of a PNG file (an SVG is a vector image).

    Raises
    ------
    ConfigError
        If the suffix is not ``.png`` or ``.svg``, or ``dpi`` is not a number > 0.
    OSError
        If the file cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> from firth import Embeddings, Vocab
    >>> from firth.viz import similarity_matrix
    >>> emb = Embeddings(Vocab(["a", "b"]), [[1.0, 0.0], [1.0, 1.0]])
    >>> figure = similarity_matrix(emb, ["a", "b"])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     save_figure(figure, os.path.join(tmp, "sim.svg"))
    ...     sorted(os.listdir(tmp))
    ['sim.svg']
    >>> save_figure(figure, "sim.jpg")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    firth.errors.ConfigError: path must end in .png or .svg ...; got 'sim.jpg' (rename ...
    """
    target = os.fspath(path)
    image_format = image_format_of(target)
    if (
        not isinstance(dpi, (int, float, np.integer, np.floating))
        or isinstance(dpi, bool)
        or not np.isfinite(dpi)
        or dpi <= 0
    ):
        raise ConfigError(f"dpi must be a finite number > 0; got {dpi!r}.")
    metadata: dict[str, Any] = {"Date": None} if image_format == "svg" else {}
    # A fixed salt for the ids of SVG elements (a random one by default).
    settings = {"svg.hashsalt": "firth"} if image_format == "svg" else {}
    with require("matplotlib").rc_context(settings), atomic_write(target) as file:
        figure.savefig(file, format=image_format, dpi=float(dpi), metadata=metadata)


def finish(figure: Figure, path: str | os.PathLike[str] | None) -> Figure:
    """Save ``figure`` to ``path`` when one is given; return the figure."""
    if path is not None:
        save_figure(figure, path)
    return figure
