"""Plots of embeddings (extra ``firth[viz]``): strips, axis projections, maps, matrices, graphs.

Every function takes an :class:`~firth.embeddings.Embeddings` first, options by keyword,
and returns a :class:`matplotlib.figure.Figure`; ``path=`` also saves it (PNG or SVG, by
suffix, atomically), as :func:`save_figure` does.

- :func:`vector_strips`: one heat-map row per word, colours centred at 0;
- :func:`axis_projection`: words placed on one or two semantic axes (Word2viz), with
  arrows for analogy pairs;
- :func:`word_map`: a 2-D map by PCA, t-SNE (scikit-learn) or UMAP (umap-learn), with
  non-overlapping labels (adjustText) and optional cluster colours;
  :func:`map_coordinates` gives its coordinates alone;
- :func:`similarity_matrix`: the cosine similarity of every pair of words;
- :func:`neighbour_graph`: a word and its nearest neighbours (networkx layout).

Figures are made without :mod:`matplotlib.pyplot` (an Agg canvas of their own), so they
render on a headless machine and change no global state; matplotlib and the other
packages of the extra are imported on the first call, not with this module. A plot of
more words than it can show readably raises :class:`~firth.errors.ConfigError` naming the
``max_words`` option; unknown words raise :class:`~firth.errors.UnknownWordError` with
suggestions.
"""

from __future__ import annotations

from firth.viz._figure import save_figure
from firth.viz.graph import neighbour_graph
from firth.viz.maps import map_coordinates, word_map
from firth.viz.matrix import similarity_matrix
from firth.viz.projection import axis_projection
from firth.viz.strips import vector_strips

__all__ = [
    "axis_projection",
    "map_coordinates",
    "neighbour_graph",
    "save_figure",
    "similarity_matrix",
    "vector_strips",
    "word_map",
]
