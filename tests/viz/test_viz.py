"""Image tests of firth.viz: every plot renders headless to PNG and SVG and shows what it should.

The embeddings are generated here with NumPy, with planted structure: three groups of
five words around orthogonal centres (numbers, animals, colours) and hand-made vectors for
he/she, man/woman, king/queen and water. Expected values are computed with plain NumPy or
with firth's own query methods that the plots are documented to reuse.
"""

from __future__ import annotations

import importlib
import itertools
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from firth.embeddings import Embeddings
from firth.errors import ConfigError, MissingExtraError, UnknownWordError
from firth.vocab import Vocab

pytest.importorskip("matplotlib")
pytest.importorskip("sklearn")
pytest.importorskip("adjustText")
pytest.importorskip("networkx")

import matplotlib
import matplotlib.image
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

from firth import viz
from firth.viz._figure import require

GROUPS = {
    "number": ["one", "two", "three", "four", "five"],
    "animal": ["cat", "dog", "horse", "cow", "sheep"],
    "colour": ["red", "blue", "green", "white", "black"],
}
PLANTED = [w for words in GROUPS.values() for w in words]
PEOPLE = ["he", "she", "man", "woman", "king", "queen", "water"]
DIM = 12
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _make_embeddings() -> Embeddings:
    rng = np.random.default_rng(7)
    rows = []
    for group in range(len(GROUPS)):
        centre = np.zeros(DIM)
        centre[group] = 3.0
        rows += [centre + rng.normal(scale=0.3, size=DIM) for _ in range(5)]
    people = np.zeros((len(PEOPLE), DIM))
    people[:, 3] = [0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0]  # person
    people[:, 4] = [1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 0.0]  # he ... she
    people[:, 5] = [0.1, 0.1, 0.0, 0.0, 1.0, 1.0, 0.0]  # royal
    people[:, 6] = [0.0, 0.0, 0.1, 0.2, 0.0, 0.1, 2.0]  # water
    people[:, 7:] = rng.normal(scale=0.05, size=(len(PEOPLE), DIM - 7))
    vectors = np.vstack([np.array(rows), people]).astype(np.float32)
    return Embeddings(Vocab(PLANTED + PEOPLE), vectors)


@pytest.fixture(scope="module")
def emb() -> Embeddings:
    return _make_embeddings()


# -- helpers ---------------------------------------------------------------------------


def _check_files(figure: Figure, folder: Path, name: str) -> None:
    """The figure saves to a PNG that is not blank and to an SVG."""
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    viz.save_figure(figure, png, dpi=60)
    viz.save_figure(figure, svg)
    assert png.read_bytes()[:8] == PNG_MAGIC
    pixels = matplotlib.image.imread(png)
    assert pixels.ndim == 3
    assert pixels.shape[0] > 50
    assert pixels.shape[1] > 50
    assert float(pixels[..., :3].std()) > 0.05  # not a blank image
    head = svg.read_text(encoding="utf-8")[:400]
    assert head.startswith("<?xml")
    assert "<svg" in head
    assert not [f for f in os.listdir(folder) if f.endswith(".tmp")]


def _texts(figure: Figure) -> set[str]:
    """Every text of the figure: labels, tick labels, titles, legend entries."""
    return {t.get_text() for t in figure.findobj(Text) if t.get_text()}


def _points(figure: Figure) -> np.ndarray:
    (scatter,) = [c for c in figure.axes[0].collections if c.get_gid() == "firth-points"]
    assert isinstance(scatter, PathCollection)
    return np.asarray(scatter.get_offsets(), dtype=np.float64)


def _point_colours(figure: Figure) -> list[tuple[float, ...]]:
    (scatter,) = [c for c in figure.axes[0].collections if c.get_gid() == "firth-points"]
    return [tuple(np.round(c, 6)) for c in scatter.get_facecolors()]


def _arrows(figure: Figure) -> list[FancyArrowPatch]:
    return [p for p in figure.axes[0].patches if p.get_gid() == "firth-arrow"]


def _unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float64)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


# -- import and packaging --------------------------------------------------------------


def test_importing_firth_and_viz_imports_no_plotting_package() -> None:
    code = (
        "import sys, firth, firth.viz; "
        "bad = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'matplotlib', 'sklearn', 'umap', 'adjustText', 'networkx'}); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("module", ["matplotlib.figure", "adjustText", "umap", "networkx"])
def test_missing_package_names_the_extra(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    with pytest.raises(MissingExtraError, match=r"pip install 'firth\[viz\]'") as info:
        require(module)
    assert isinstance(info.value, ImportError)


def test_plot_without_matplotlib_raises_missing_extra(
    monkeypatch: pytest.MonkeyPatch, emb: Embeddings
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(MissingExtraError, match="firth\\[viz\\]"):
        viz.similarity_matrix(emb, ["one", "two"])


def test_figures_use_no_pyplot_registry(emb: Embeddings) -> None:
    pyplot = importlib.import_module("matplotlib.pyplot")
    before = pyplot.get_fignums()
    viz.similarity_matrix(emb, ["one", "two"])
    assert pyplot.get_fignums() == before


# -- save_figure -----------------------------------------------------------------------


def test_save_figure_formats_by_suffix_and_replaces_atomically(
    tmp_path: Path, emb: Embeddings
) -> None:
    figure = viz.similarity_matrix(emb, ["one", "cat"])
    target = tmp_path / "plot.PNG"
    target.write_bytes(b"old")
    viz.save_figure(figure, target)
    assert target.read_bytes()[:8] == PNG_MAGIC
    assert os.listdir(tmp_path) == ["plot.PNG"]
    viz.save_figure(figure, str(tmp_path / "plot.svg"))
    assert (tmp_path / "plot.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_svg_files_are_reproducible(tmp_path: Path, emb: Embeddings) -> None:
    # The same plot made twice gives the same bytes (no date, no random element ids).
    viz.save_figure(viz.similarity_matrix(emb, ["one", "cat"]), tmp_path / "a.svg")
    viz.save_figure(viz.similarity_matrix(emb, ["one", "cat"]), tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


@pytest.mark.parametrize("name", ["plot.jpg", "plot", "plot.pdf", "plot.png.txt"])
def test_save_figure_refuses_other_suffixes(tmp_path: Path, emb: Embeddings, name: str) -> None:
    figure = viz.similarity_matrix(emb, ["one", "cat"])
    with pytest.raises(ConfigError, match=r"\.png or \.svg"):
        viz.save_figure(figure, tmp_path / name)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("dpi", [0, -5, float("nan"), "high", True])
def test_save_figure_refuses_bad_dpi(tmp_path: Path, emb: Embeddings, dpi: Any) -> None:
    figure = viz.similarity_matrix(emb, ["one", "cat"])
    with pytest.raises(ConfigError, match="dpi"):
        viz.save_figure(figure, tmp_path / "a.png", dpi=dpi)


def test_bad_path_is_refused_before_any_work(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, emb: Embeddings
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the plot was computed before the path was checked")

    monkeypatch.setattr("firth.viz.maps.map_coordinates", fail)
    with pytest.raises(ConfigError, match=r"\.png or \.svg"):
        viz.word_map(emb, PLANTED, method="tsne", path=tmp_path / "map.gif")


def test_path_option_saves_the_returned_figure(tmp_path: Path, emb: Embeddings) -> None:
    figure = viz.vector_strips(emb, ["one", "cat"], path=tmp_path / "strips.svg")
    assert isinstance(figure, Figure)
    assert (tmp_path / "strips.svg").stat().st_size > 1000


# -- vector_strips -----------------------------------------------------------------------


def test_vector_strips_renders_one_row_per_word(tmp_path: Path, emb: Embeddings) -> None:
    words = ["king", "man", "woman", "queen", "water"]
    figure = viz.vector_strips(emb, words, title="strips")
    _check_files(figure, tmp_path, "strips")
    axes = figure.axes[0]
    (image,) = axes.images
    assert image.get_array().shape == (len(words), emb.dim)  # cells = words × dim
    np.testing.assert_allclose(image.get_array(), emb.vectors_of(words), rtol=1e-6)
    assert [t.get_text() for t in axes.get_yticklabels()] == words
    assert {"strips", "value"} <= _texts(figure)
    assert image.colorbar is not None  # colour bar present
    assert len(figure.axes) == 2


@pytest.mark.parametrize("cmap", ["RdBu_r", "coolwarm", "PiYG"])
def test_vector_strips_colour_scale_is_centred_at_zero(emb: Embeddings, cmap: str) -> None:
    figure = viz.vector_strips(emb, ["king", "water"], cmap=cmap)
    (image,) = figure.axes[0].images
    assert float(image.norm(0.0)) == pytest.approx(0.5)
    np.testing.assert_allclose(image.cmap(image.norm(0.0)), matplotlib.colormaps[cmap](0.5))
    values = emb.vectors_of(["king", "water"])
    largest = float(np.abs(values).max())
    assert image.norm.vmin == pytest.approx(-largest)
    assert image.norm.vmax == pytest.approx(largest)


def test_vector_strips_sorts_dimensions(emb: Embeddings) -> None:
    words = ["king", "queen", "water"]
    values = np.asarray(emb.vectors_of(words), dtype=np.float64)
    first = viz.vector_strips(emb, words, sort_dimensions="first").axes[0].images[0]
    np.testing.assert_allclose(first.get_array(), values[:, np.argsort(values[0], kind="stable")])
    assert np.all(np.diff(first.get_array()[0]) >= 0)
    mean = viz.vector_strips(emb, words, sort_dimensions="mean").axes[0].images[0]
    assert np.all(np.diff(np.asarray(mean.get_array()).mean(axis=0)) >= -1e-12)
    unit = viz.vector_strips(emb, words, scale="unit").axes[0].images[0]
    np.testing.assert_allclose(np.linalg.norm(unit.get_array(), axis=1), 1.0, rtol=1e-5)


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"sort_dimensions": True}, "sort_dimensions"),
        ({"sort_dimensions": "size"}, "sort_dimensions"),
        ({"scale": "norm"}, "scale"),
        ({"cmap": "no-such-map"}, "cmap"),
        ({"figsize": (0, 3)}, "figsize"),
        ({"max_words": 0}, "max_words"),
    ],
)
def test_vector_strips_refuses_bad_options(
    emb: Embeddings, options: dict[str, Any], match: str
) -> None:
    with pytest.raises(ConfigError, match=match):
        viz.vector_strips(emb, ["king", "queen"], **options)


# -- word lists shared by every plot --------------------------------------------------------


def test_unknown_words_raise_with_suggestions(emb: Embeddings) -> None:
    with pytest.raises(UnknownWordError, match="did you mean 'king'") as info:
        viz.vector_strips(emb, ["King", "queen", "zzz"])
    assert info.value.words == ["King", "zzz"]
    with pytest.raises(UnknownWordError):
        viz.similarity_matrix(emb, ["kingg", "queen"])
    with pytest.raises(UnknownWordError):
        viz.word_map(emb, [*PLANTED, "nowhere"])
    with pytest.raises(UnknownWordError):
        viz.axis_projection(emb, ["king"], x=("he", "shee"))
    with pytest.raises(UnknownWordError):
        viz.neighbour_graph(emb, "kign")


def test_too_many_words_name_the_limit_option(emb: Embeddings) -> None:
    with pytest.raises(ConfigError, match=r"max_words=4.*max_words=5"):
        viz.vector_strips(emb, PLANTED[:5], max_words=4)
    with pytest.raises(ConfigError, match="max_words"):
        viz.similarity_matrix(emb, PLANTED, max_words=10)
    with pytest.raises(ConfigError, match="max_words"):
        viz.word_map(emb, PLANTED, max_words=10)
    with pytest.raises(ConfigError, match="max_words"):
        viz.axis_projection(emb, PLANTED, x="one", max_words=10)
    assert viz.similarity_matrix(emb, PLANTED, max_words=15) is not None


def test_word_lists_must_be_distinct_non_empty_sequences(emb: Embeddings) -> None:
    with pytest.raises(ConfigError, match="'one' appears more than once"):
        viz.vector_strips(emb, ["one", "two", "one"])
    with pytest.raises(ConfigError, match="at least 1 word"):
        viz.similarity_matrix(emb, [])
    with pytest.raises(TypeError, match="single str"):
        viz.vector_strips(emb, "king")


# -- axis_projection ---------------------------------------------------------------------


def test_axis_projection_places_words_by_projection(tmp_path: Path, emb: Embeddings) -> None:
    words = ["man", "woman", "king", "queen", "water"]
    figure = viz.axis_projection(emb, words, x=("he", "she"), y="queen", title="w2v")
    _check_files(figure, tmp_path, "axes")
    expected = np.column_stack(
        [emb.project(words, emb.axis("she", "he")), emb.project(words, emb.axis("queen"))]
    )
    np.testing.assert_allclose(_points(figure), expected, atol=1e-6)
    np.testing.assert_allclose(
        _points(figure),
        emb.project_plane(words, emb.axis("she", "he"), emb.axis("queen")),
        atol=1e-6,
    )
    # The pair (a, b) runs from a (left) to b (right): she-like words are on the right.
    points = dict(zip(words, _points(figure)[:, 0].tolist(), strict=True))
    assert points["woman"] > 0 > points["man"]
    assert points["queen"] > points["king"]
    texts = _texts(figure)
    assert set(words) <= texts
    assert "w2v" in texts
    assert any("he" in t and "she" in t for t in texts)  # the x-axis label names the pair
    assert _arrows(figure) == []


def test_axis_projection_draws_one_arrow_per_pair(tmp_path: Path, emb: Embeddings) -> None:
    pairs = [("man", "woman"), ("king", "queen")]
    figure = viz.axis_projection(emb, ["water"], x=("he", "she"), y="king", arrows=pairs)
    _check_files(figure, tmp_path, "arrows")
    arrows = _arrows(figure)
    assert len(arrows) == len(pairs)
    # The words of the arrows are plotted too (appended after `words`).
    assert {"water", "man", "woman", "king", "queen"} <= _texts(figure)
    assert len(_points(figure)) == 5
    points = _points(figure)
    order = ["water", "man", "woman", "king", "queen"]
    for arrow, (a, b) in zip(arrows, pairs, strict=True):
        start, end = arrow._posA_posB  # the arrow's two ends, in data coordinates
        np.testing.assert_allclose(start, points[order.index(a)])
        np.testing.assert_allclose(end, points[order.index(b)])
        assert arrow.get_label() == f"{a} → {b}"


def test_axis_projection_one_dimensional(tmp_path: Path, emb: Embeddings) -> None:
    words = ["man", "woman", "king", "queen", "water"]
    figure = viz.axis_projection(emb, words, x=("he", "she"), arrows=[("man", "woman")])
    _check_files(figure, tmp_path, "axis1d")
    points = _points(figure)
    projection = emb.project(words, emb.axis("she", "he"))
    np.testing.assert_allclose(points[:, 0], projection, atol=1e-6)
    # One row per word, sorted by projection (highest at the top), the word as tick label.
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert ticks == [words[i] for i in np.argsort(projection)]
    assert sorted(points[:, 1].tolist()) == list(range(len(words)))
    assert len(_arrows(figure)) == 1


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"x": ("he", "he")}, ConfigError, "two different words"),
        ({"x": ("he", "she", "man")}, ConfigError, "pairs"),
        ({"x": ["he", "she"]}, ConfigError, "a word or a pair"),
        ({"x": "he", "y": 3}, ConfigError, "a word or a pair"),
        ({"x": "he", "arrows": [("man",)]}, ConfigError, "pairs"),
        ({"x": "he", "arrows": ("man", "woman")}, ConfigError, "pairs"),
        ({"x": "he", "arrows": "man"}, ConfigError, "arrows"),
    ],
)
def test_axis_projection_refuses_bad_axes(
    emb: Embeddings, options: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        viz.axis_projection(emb, ["king", "queen"], **options)


# -- word_map ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["pca", "tsne"])
def test_word_map_renders_and_is_deterministic(
    tmp_path: Path, emb: Embeddings, method: str
) -> None:
    figure = viz.word_map(emb, PLANTED, method=method, seed=3, title="map")
    _check_files(figure, tmp_path, f"map-{method}")
    points = _points(figure)
    assert points.shape == (len(PLANTED), 2)  # one point per word
    assert set(PLANTED) <= _texts(figure)
    again = viz.map_coordinates(emb, PLANTED, method=method, seed=3)
    np.testing.assert_array_equal(points, again)
    # The planted groups stay apart: every word is closer to its own group's centroid.
    _assert_groups_separate(points)


def _assert_groups_separate(points: np.ndarray) -> None:
    centroids = points.reshape(3, 5, 2).mean(axis=1)
    distances = np.linalg.norm(points[:, None, :] - centroids[None, :, :], axis=2)
    assert (np.argmin(distances, axis=1) == np.repeat(np.arange(3), 5)).all()


def test_pca_map_matches_a_numpy_pca(emb: Embeddings) -> None:
    points = viz.map_coordinates(emb, PLANTED, method="pca")
    data = _unit(emb.vectors_of(PLANTED))
    centred = data - data.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    expected = centred @ vt[:2].T
    np.testing.assert_allclose(np.abs(points), np.abs(expected), atol=1e-6)  # up to sign


@pytest.mark.slow
def test_umap_map_renders_and_is_deterministic(tmp_path: Path, emb: Embeddings) -> None:
    pytest.importorskip("umap")
    figure = viz.word_map(emb, PLANTED, method="umap", seed=2, clusters=3)
    _check_files(figure, tmp_path, "map-umap")
    points = _points(figure)
    assert points.shape == (len(PLANTED), 2)
    np.testing.assert_array_equal(points, viz.map_coordinates(emb, PLANTED, method="umap", seed=2))
    _assert_groups_separate(points)
    assert set(PLANTED) <= _texts(figure)


def test_word_map_colours_given_groups(tmp_path: Path, emb: Embeddings) -> None:
    groups: dict[str, int | str] = {w: g for g, words in GROUPS.items() for w in words}
    groups["extra word ignored"] = "other"
    figure = viz.word_map(emb, PLANTED, clusters=groups)
    _check_files(figure, tmp_path, "map-groups")
    colours = _point_colours(figure)
    for g in range(3):
        assert len(set(colours[5 * g : 5 * g + 5])) == 1  # a group shares a colour
    assert len({colours[0], colours[5], colours[10]}) == 3  # groups differ
    legend = figure.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == list(GROUPS)


def test_word_map_kmeans_clusters_recover_planted_groups(emb: Embeddings) -> None:
    figure = viz.word_map(emb, PLANTED, clusters=3, seed=1)
    colours = _point_colours(figure)
    for g in range(3):
        assert len(set(colours[5 * g : 5 * g + 5])) == 1
    assert len(set(colours)) == 3
    legend = figure.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["1", "2", "3"]
    assert legend.get_title().get_text() == "cluster"
    assert _point_colours(viz.word_map(emb, PLANTED, clusters=3, seed=1)) == colours


def test_word_map_labels_do_not_overlap(emb: Embeddings) -> None:
    # Ten words almost on top of each other: the labels are moved apart.
    figure = viz.word_map(emb, GROUPS["number"] + GROUPS["animal"], method="pca")
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    labels = [t for t in figure.axes[0].texts if t.get_gid() == "firth-label"]
    assert len(labels) == 10
    boxes = [t.get_window_extent(renderer) for t in labels]
    overlaps = sum(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert overlaps == 0


@pytest.mark.parametrize(
    ("words", "options", "match"),
    [
        (PLANTED, {"method": "mds"}, "method must be one of"),
        (PLANTED[:3], {"method": "tsne"}, "t-SNE map needs at least 4 words"),
        (PLANTED[:3], {"method": "umap"}, "UMAP map needs at least 4 words"),
        (PLANTED[:2], {"method": "pca"}, "PCA map needs at least 3 words"),
        (PLANTED, {"method": "tsne", "perplexity": 15}, "perplexity must be"),
        (PLANTED, {"method": "pca", "perplexity": 5}, "perplexity is an option"),
        (PLANTED, {"method": "umap", "n_neighbors": 15}, "n_neighbors must be"),
        (PLANTED, {"method": "tsne", "n_neighbors": 5}, "n_neighbors is an option"),
        (PLANTED, {"seed": -1}, "seed"),
        (PLANTED, {"clusters": 0}, "clusters must be from 1"),
        (PLANTED, {"clusters": True}, "clusters must be None"),
        (PLANTED, {"clusters": {"one": 1}}, "missing for"),
    ],
)
def test_word_map_refuses_bad_options(
    emb: Embeddings, words: list[str], options: dict[str, Any], match: str
) -> None:
    with pytest.raises(ConfigError, match=match):
        viz.word_map(emb, words, **options)


def test_word_map_has_colours_for_20_groups_at_most(emb: Embeddings) -> None:
    figure = viz.word_map(emb, PLANTED, clusters={w: w for w in PLANTED})
    assert len(set(_point_colours(figure))) == len(PLANTED)
    words = PLANTED + PEOPLE[:6]
    with pytest.raises(ConfigError, match="21 groups; at most 20"):
        viz.word_map(emb, words, clusters={w: w for w in words})


def test_tsne_perplexity_adapts_to_few_words(emb: Embeddings) -> None:
    points = viz.map_coordinates(emb, PLANTED[:4], method="tsne")
    assert points.shape == (4, 2)
    assert np.isfinite(points).all()


# -- similarity_matrix -------------------------------------------------------------------


def test_similarity_matrix_shows_cosines(tmp_path: Path, emb: Embeddings) -> None:
    words = ["king", "queen", "man", "woman", "water"]
    figure = viz.similarity_matrix(emb, words, title="cosines")
    _check_files(figure, tmp_path, "matrix")
    axes = figure.axes[0]
    (image,) = axes.images
    unit = _unit(emb.vectors_of(words))
    np.testing.assert_allclose(image.get_array(), unit @ unit.T, atol=1e-6)
    assert image.get_array()[0, 1] == pytest.approx(emb.similarity("king", "queen"), abs=1e-6)
    assert [t.get_text() for t in axes.get_xticklabels()] == words
    assert [t.get_text() for t in axes.get_yticklabels()] == words
    values = [t for t in axes.texts if t.get_gid() == "firth-value"]
    assert len(values) == len(words) ** 2
    assert values[1].get_text() == f"{emb.similarity('king', 'queen'):.2f}"
    assert image.colorbar is not None
    assert (image.norm.vmin, image.norm.vmax) == (-1.0, 1.0)
    assert {"cosines", "cosine similarity"} <= _texts(figure)


def test_similarity_matrix_values_option(emb: Embeddings) -> None:
    def count(figure: Figure) -> int:
        return sum(t.get_gid() == "firth-value" for t in figure.axes[0].texts)

    assert count(viz.similarity_matrix(emb, PLANTED[:4], values="hide")) == 0
    assert count(viz.similarity_matrix(emb, PLANTED + PEOPLE[:1])) == 0  # auto: 16 words
    assert count(viz.similarity_matrix(emb, PLANTED + PEOPLE[:1], values="show")) == 16**2
    with pytest.raises(ConfigError, match="values"):
        viz.similarity_matrix(emb, PLANTED[:4], values=True)  # type: ignore[arg-type]


def test_similarity_matrix_cluster_order_groups_similar_words(emb: Embeddings) -> None:
    shuffled = [PLANTED[i] for i in np.random.default_rng(0).permutation(len(PLANTED))]
    figure = viz.similarity_matrix(emb, shuffled, order="cluster")
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert sorted(ticks) == sorted(PLANTED)
    group_of = {w: g for g, words in GROUPS.items() for w in words}
    runs = [group_of[w] for w in ticks]
    changes = sum(a != b for a, b in itertools.pairwise(runs))
    assert changes == 2  # three contiguous blocks
    (image,) = figure.axes[0].images
    unit = _unit(emb.vectors_of(ticks))
    np.testing.assert_allclose(image.get_array(), unit @ unit.T, atol=1e-6)


# -- neighbour_graph ---------------------------------------------------------------------


def _edges(figure: Figure) -> LineCollection:
    (edges,) = [c for c in figure.axes[0].collections if c.get_gid() == "firth-edges"]
    assert isinstance(edges, LineCollection)
    return edges


def test_neighbour_graph_depth_one(tmp_path: Path, emb: Embeddings) -> None:
    figure = viz.neighbour_graph(emb, "one", k=4, title="graph")
    _check_files(figure, tmp_path, "graph")
    neighbours = emb.most_similar("one", k=4)
    nodes = ["one"] + [w for w, _ in neighbours]
    assert set(nodes) <= _texts(figure)
    points = _points(figure)
    assert len(points) == 5
    edges = _edges(figure)
    assert len(edges.get_segments()) == 4
    np.testing.assert_allclose(edges.get_array(), [s for _, s in neighbours], atol=1e-6)
    for segment, (word, _) in zip(edges.get_segments(), neighbours, strict=True):
        np.testing.assert_allclose(segment, [points[0], points[nodes.index(word)]])
    assert edges.colorbar is not None
    assert {"graph", "cosine similarity"} <= _texts(figure)


def test_neighbour_graph_depth_two(emb: Embeddings) -> None:
    figure = viz.neighbour_graph(emb, "one", k=3, depth=2)
    expected_nodes = ["one"]
    expected_edges: set[frozenset[str]] = set()
    level = ["one"]
    for _ in range(2):
        found = []
        for source in level:
            for word, _ in emb.most_similar(source, k=3):
                expected_edges.add(frozenset((source, word)))
                if word not in expected_nodes:
                    expected_nodes.append(word)
                    found.append(word)
        level = found
    assert len(_points(figure)) == len(expected_nodes)
    assert set(expected_nodes) <= _texts(figure)
    assert len(_edges(figure).get_segments()) == len(expected_edges)
    # Deterministic layout.
    np.testing.assert_array_equal(
        _points(figure), _points(viz.neighbour_graph(emb, "one", k=3, depth=2))
    )


def test_neighbour_graph_restrict_and_limits(emb: Embeddings) -> None:
    figure = viz.neighbour_graph(emb, "one", k=3, restrict=5)
    assert {t.get_text() for t in figure.axes[0].texts} <= set(PLANTED[:5])
    with pytest.raises(ConfigError, match=r"has \d+ words, more than max_words=4"):
        viz.neighbour_graph(emb, "one", k=3, depth=2, max_words=4)
    with pytest.raises(ConfigError, match="depth must be 1 or 2"):
        viz.neighbour_graph(emb, "one", depth=3)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="k must be"):
        viz.neighbour_graph(emb, "one", k=0)
    with pytest.raises(ConfigError, match="restrict"):
        viz.neighbour_graph(emb, "one", restrict=0)
    with pytest.raises(ConfigError, match="no neighbours"):
        viz.neighbour_graph(emb, "one", restrict=1)
