"""Graphs in CSR form: edge lists, adjacency lists, scipy matrices and Python edges."""

from __future__ import annotations

import bz2
import gzip
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

import firth.graphs.graph as graph_module
from firth.errors import ConfigError, FormatError, UnknownWordError
from firth.graphs import (
    Graph,
    UnknownNodeError,
    from_edges,
    from_scipy,
    read_adjlist,
    read_edgelist,
)


def write(tmp_path: Path, text: str, name: str = "g.edgelist") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def dense(graph: Graph) -> np.ndarray:
    return graph.to_scipy().toarray()


def reference(edges: list[tuple[int, int, float]], n: int, *, directed: bool) -> np.ndarray:
    """The adjacency matrix of ``edges`` built one edge at a time (weights summed)."""
    matrix = np.zeros((n, n))
    for u, v, w in edges:
        matrix[u, v] += w
        if not directed and u != v:
            matrix[v, u] += w
    return matrix


# -- edge lists --------------------------------------------------------------------------


def test_unweighted_undirected_edgelist(tmp_path: Path) -> None:
    g = read_edgelist(write(tmp_path, "0 1\n1 2\n2 0\n2 3\n"))
    assert g.nodes == ("0", "1", "2", "3")
    assert not g.directed
    assert not g.is_weighted
    assert g.weights is None
    assert g.indptr.dtype == np.int64
    assert g.indices.dtype == np.int32
    assert g.indptr.tolist() == [0, 2, 4, 7, 8]
    assert g.indices.tolist() == [1, 2, 0, 2, 0, 1, 3, 2]
    assert g.n_nodes == 4
    assert g.n_edges == 4
    assert g.degrees().tolist() == [2, 2, 3, 1]
    assert g.neighbors("2") == ["0", "1", "3"]
    assert repr(g) == "Graph(4 nodes, 4 edges, undirected, unweighted: '0', '1', '2', '3')"


def test_weighted_edgelist_sums_duplicates_in_both_directions(tmp_path: Path) -> None:
    g = read_edgelist(write(tmp_path, "a b 1.5\nb c 2\nb a 0.5\na b 1\n"))
    assert g.is_weighted
    assert g.nodes == ("a", "b", "c")
    assert g.weights is not None
    assert g.weights.dtype == np.float32
    expected = np.array([[0, 3.0, 0], [3.0, 0, 2], [0, 2, 0]])
    np.testing.assert_allclose(dense(g), expected)
    assert g.n_edges == 2


def test_directed_edgelist_keeps_one_direction(tmp_path: Path) -> None:
    g = read_edgelist(write(tmp_path, "a b\nb a\nb c\nb c\n"), directed=True)
    assert g.directed
    assert g.n_edges == 3
    assert g.neighbors("a") == ["b"]
    assert g.neighbors("b") == ["a", "c"]
    assert g.neighbors("c") == []
    assert repr(g).startswith("Graph(3 nodes, 3 edges, directed, unweighted")


@pytest.mark.parametrize("directed", [False, True])
def test_random_edgelist_matches_an_edge_by_edge_reference(tmp_path: Path, directed: bool) -> None:
    rng = np.random.default_rng(7)
    n, m = 30, 400  # many duplicates and a few self-loops
    edges = [
        (int(u), int(v), float(w))
        for u, v, w in zip(
            rng.integers(0, n, m), rng.integers(0, n, m), rng.integers(1, 5, m), strict=True
        )
    ]
    text = "".join(f"{u} {v} {w:g}\n" for u, v, w in edges)
    g = read_edgelist(write(tmp_path, text), directed=directed)
    present = sorted({u for u, _, _ in edges} | {v for _, v, _ in edges})
    assert g.nodes == tuple(str(i) for i in present)
    full = reference(edges, n, directed=directed)[np.ix_(present, present)]
    np.testing.assert_allclose(dense(g), full)
    for row in range(g.n_nodes):
        cells = g.indices[g.indptr[row] : g.indptr[row + 1]]
        assert np.all(np.diff(cells) > 0)  # sorted ascending, no repeats
    loops = int(np.count_nonzero(np.diag(full)))
    stored = int(np.count_nonzero(full))
    assert g.n_edges == (stored if directed else (stored + loops) // 2)
    assert g == from_edges(edges, directed=directed)


def test_self_loop_is_stored_once(tmp_path: Path) -> None:
    g = read_edgelist(write(tmp_path, "a a 2\na b 1\na a 1\n"))
    assert g.neighbors("a") == ["a", "b"]
    assert g.weights is not None
    assert g.weights.tolist() == [3.0, 1.0, 1.0]
    assert g.n_edges == 2
    assert g.degrees().tolist() == [2, 1]


def test_gzip_and_bzip2_are_recognised_by_magic_bytes(tmp_path: Path) -> None:
    text = "# header\n1 2 0.5\n2 3 1\n3 1 2\n"
    plain = read_edgelist(write(tmp_path, text))
    gz = tmp_path / "g.edgelist.gz"
    gz.write_bytes(gzip.compress(text.encode()))
    disguised = tmp_path / "g.txt"  # no suffix: the magic bytes decide
    disguised.write_bytes(gzip.compress(text.encode()))
    bz = tmp_path / "g.bz2"
    bz.write_bytes(bz2.compress(text.encode()))
    for path in (gz, disguised, bz):
        assert read_edgelist(path) == plain


def test_comments_blank_lines_crlf_and_bom(tmp_path: Path) -> None:
    text = "\ufeff# a comment\r\n\r\nx y  # trailing comment\r\n   \n\ty\tz\t\n"
    g = read_edgelist(write(tmp_path, text))
    assert g.nodes == ("x", "y", "z")
    assert g.n_edges == 2
    g = read_edgelist(write(tmp_path, "% mtx-style\nx y\n"), comments="%")
    assert g.nodes == ("x", "y")
    with pytest.raises(FormatError, match="line 1"):  # no comment marker: '#' is a name
        read_edgelist(write(tmp_path, "# a b c d\n"), comments="")


@pytest.mark.parametrize("delimiter", [None, " "])
def test_last_line_without_newline(tmp_path: Path, delimiter: str | None) -> None:
    g = read_edgelist(write(tmp_path, "a b 1\nb c 2"), delimiter=delimiter)
    assert g.n_edges == 2
    assert g.weights is not None
    assert g.weights.sum() == 6
    with pytest.raises(FormatError, match="line 2: "):
        read_edgelist(write(tmp_path, "a b\nc"), delimiter=delimiter)


def test_explicit_delimiter(tmp_path: Path) -> None:
    g = read_edgelist(write(tmp_path, "new york,boston,2\nboston , miami,1\n"), delimiter=",")
    assert g.nodes == ("new york", "boston", "miami")
    assert g.neighbors("boston") == ["new york", "miami"]
    assert g == read_edgelist(
        write(tmp_path, "new york\tboston\t2\nboston\tmiami\t1\n"), delimiter="\t"
    )
    with pytest.raises(FormatError, match=r"line 2: .*empty field"):
        read_edgelist(write(tmp_path, "a,b\na,,c\n"), delimiter=",")


def test_numeric_names_are_sorted_numerically(tmp_path: Path) -> None:
    g = read_edgelist(write(tmp_path, "10 2\n2 1\n0 10\n"))
    assert g.nodes == ("0", "1", "2", "10")
    assert g.index("10") == 3
    assert g.neighbors("10") == ["0", "2"]


def test_names_keep_first_appearance_order_unless_all_numeric(tmp_path: Path) -> None:
    g = read_edgelist(write(tmp_path, "10 2\n2 b\na 10\n"))
    assert g.nodes == ("10", "2", "b", "a")
    # "007" and "7" are different names; all digits, so numeric order, ties as strings
    g = read_edgelist(write(tmp_path, "7 12\n007 3\n"))
    assert g.nodes == ("3", "007", "7", "12")
    assert g.neighbors("7") == ["12"]
    assert g.neighbors("007") == ["3"]


def test_names_switching_from_numbers_across_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "5 3\n3 1\n1 5\n# comment\n9 4 \n4 x\nx 5\n\n12 13\n"
    whole = read_edgelist(write(tmp_path, text))
    assert whole.nodes == ("5", "3", "1", "9", "4", "x", "12", "13")
    monkeypatch.setattr(graph_module, "_CHUNK_BYTES", 4)  # one or two lines per block
    assert read_edgelist(write(tmp_path, text)) == whole
    with pytest.raises(FormatError, match="line 7"):
        read_edgelist(write(tmp_path, text.replace("x 5", "x 5 7 9")))


@pytest.mark.parametrize("delimiter", [None, ","])
def test_small_blocks_give_the_same_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, delimiter: str | None
) -> None:
    rng = np.random.default_rng(11)
    names = ["a", "b", "7", "x" * 60, "δ", "12"]  # a long name: the dictionary path
    sep = delimiter or " "
    lines = [
        f"{names[u]}{sep}{names[v]}{sep}{w}"
        for u, v, w in zip(
            rng.integers(0, 6, 50), rng.integers(0, 6, 50), rng.integers(1, 9, 50), strict=True
        )
    ]
    path = write(tmp_path, "\n".join(lines) + "\n")
    whole = read_edgelist(path, delimiter=delimiter)
    monkeypatch.setattr(graph_module, "_CHUNK_BYTES", 7)
    assert read_edgelist(path, delimiter=delimiter) == whole
    assert whole.is_weighted
    assert whole.weights is not None
    assert whole.weights.sum() == pytest.approx(
        2 * sum(int(x.split(sep)[2]) for x in lines if x.split(sep)[0] != x.split(sep)[1])
        + sum(int(x.split(sep)[2]) for x in lines if x.split(sep)[0] == x.split(sep)[1])
    )


def test_long_and_non_ascii_names(tmp_path: Path) -> None:
    long = "n" * 100  # past the NumPy byte-string path
    g = read_edgelist(write(tmp_path, f"café {long}\n{long} 東京\n"))
    assert g.nodes == ("café", long, "東京")
    assert g.neighbors(long) == ["café", "東京"]


# -- malformed files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("a b\n# c\nlonely\n", r"g.edgelist, line 3: an edge line needs two node names.*1 field"),
        ("a b\nc d 1 2\n", r"line 2: .*4 field"),
        ("a b 1\nc d heavy\n", r"line 2: the weight must be a number; got 'heavy'"),
        ("a b 1\n\nc d 0\n", r"line 3: the weight must be a finite number > 0; got 0.0"),
        ("a b -1\n", r"line 1: the weight must be a finite number > 0"),
        ("a b nan\n", r"line 1: the weight must be a finite number > 0; got nan"),
        ("a b 1\nc d inf\n", r"line 2: the weight must be a finite number > 0; got inf"),
        ("a b 1\nb c\n", r"line 1 has a weight .* but line 2 has none"),
        ("", r"is empty"),
        ("# only a comment\n\n", r"holds no edge"),
    ],
)
def test_malformed_edgelists(tmp_path: Path, text: str, pattern: str) -> None:
    with pytest.raises(FormatError, match=pattern):
        read_edgelist(write(tmp_path, text))


def test_weighted_options(tmp_path: Path) -> None:
    path = write(tmp_path, "a b 2\nb c\n")
    g = read_edgelist(path, weighted=False)  # third columns ignored
    assert not g.is_weighted
    assert g.n_edges == 2
    with pytest.raises(FormatError, match="line 2: weighted=True, but the line has no weight"):
        read_edgelist(path, weighted=True)
    assert read_edgelist(write(tmp_path, "a b x\n"), weighted=False).nodes == ("a", "b")


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="cannot read"):
        read_edgelist(tmp_path / "missing.edgelist")
    broken = tmp_path / "broken.gz"
    broken.write_bytes(gzip.compress(b"a b\n" * 1000)[:40])
    with pytest.raises(FormatError, match="cannot read"):
        read_edgelist(broken)
    latin = tmp_path / "latin.edgelist"
    latin.write_bytes(b"a b\ncaf\xe9 b\n")
    with pytest.raises(FormatError, match=r"line 2: node name .* not valid UTF-8"):
        read_edgelist(latin)


def test_bad_options(tmp_path: Path) -> None:
    path = write(tmp_path, "a b\n")
    with pytest.raises(ConfigError, match="directed must be True or False"):
        read_edgelist(path, directed=1)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="weighted must be True, False or None"):
        read_edgelist(path, weighted="yes")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="delimiter"):
        read_edgelist(path, delimiter="")


# -- adjacency lists ---------------------------------------------------------------------


def test_adjlist_merges_repeated_edges_and_keeps_isolated_nodes(tmp_path: Path) -> None:
    text = "# karate-style\n1 2 3 4\n2 1 3\n3 1 2\n4 1\n5\n"
    g = read_adjlist(write(tmp_path, text, "g.adjlist"))
    assert g.nodes == ("1", "2", "3", "4", "5")
    assert g.n_edges == 4
    assert not g.is_weighted
    assert g.degrees().tolist() == [3, 2, 2, 1, 0]
    assert g.neighbors("5") == []
    core = from_edges([(1, 2), (1, 3), (1, 4), (2, 3)])
    np.testing.assert_array_equal(dense(g)[:4, :4], dense(core))


def test_directed_adjlist(tmp_path: Path) -> None:
    g = read_adjlist(write(tmp_path, "b a c\nc\na b b\n", "g.adjlist"), directed=True)
    assert g.nodes == ("b", "a", "c")
    assert g.neighbors("b") == ["a", "c"]
    assert g.neighbors("a") == ["b"]
    assert g.neighbors("c") == []
    assert g.n_edges == 3


def test_empty_adjlist(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="names no node"):
        read_adjlist(write(tmp_path, "# nothing\n", "g.adjlist"))


# -- scipy -------------------------------------------------------------------------------


def test_scipy_round_trip_undirected_weighted() -> None:
    g = from_edges([("a", "b", 2.0), ("b", "c", 0.5), ("c", "c", 1.0)])
    matrix = g.to_scipy()
    assert isinstance(matrix, sp.csr_array)
    assert matrix.dtype == np.float32
    np.testing.assert_allclose(matrix.toarray(), [[0, 2, 0], [2, 0, 0.5], [0, 0.5, 1]])
    back = from_scipy(matrix, nodes=g.nodes)
    assert back == g
    assert not back.directed
    assert back.is_weighted


def test_scipy_round_trip_directed_unweighted() -> None:
    rng = np.random.default_rng(3)
    matrix = sp.random_array((20, 20), density=0.2, random_state=rng, format="coo")
    matrix.data[:] = 1.0
    g = from_scipy(matrix)
    assert g.directed
    assert not g.is_weighted
    assert g.nodes == tuple(str(i) for i in range(20))
    np.testing.assert_array_equal(dense(g), matrix.toarray())
    assert from_scipy(g.to_scipy(), directed=True) == g


def test_from_scipy_options_and_cleaning() -> None:
    coo = sp.coo_array(([1.0, 1.0, 0.0, 1.0], ([0, 0, 1, 1], [1, 1, 2, 0])), shape=(3, 3))
    g = from_scipy(coo)  # duplicates summed to 2, the explicit zero is no edge
    assert g.directed
    assert g.is_weighted
    np.testing.assert_array_equal(dense(g), [[0, 2, 0], [1, 0, 0], [0, 0, 0]])
    assert from_scipy(coo, weighted=False).weights is None
    dense_input = from_scipy(np.array([[0, 1], [1, 0]]), nodes=["x", "y"])
    assert not dense_input.directed
    assert dense_input.neighbors("x") == ["y"]
    symmetric = from_scipy(np.array([[0, 1], [1, 0]]), directed=True)
    assert symmetric.directed
    assert symmetric.n_edges == 2


@pytest.mark.parametrize(
    ("matrix", "options", "pattern"),
    [
        (np.zeros((2, 3)), {}, "must be square"),
        (np.array([[0, -1], [-1, 0]]), {}, "finite and >= 0"),
        (np.array([[0, np.inf], [0, 0]]), {}, "finite and >= 0"),
        (np.array([[0, 1], [0, 0]]), {"directed": False}, "needs a symmetric matrix"),
        (np.eye(2), {"nodes": ["a"]}, "a sequence of 2 names"),
        (np.eye(2), {"nodes": ["a", "a"]}, "must be unique"),
        ("not a matrix", {}, "must be a 2-D"),
    ],
)
def test_from_scipy_errors(matrix: object, options: dict[str, object], pattern: str) -> None:
    with pytest.raises(ConfigError, match=pattern):
        from_scipy(matrix, **options)  # type: ignore[arg-type]


# -- Python edges ------------------------------------------------------------------------


def test_from_edges_converts_int_names_and_sorts_numeric_graphs() -> None:
    g = from_edges([(3, 1), (1, 2), (2, 3), (3, 1)])
    assert g.nodes == ("1", "2", "3")
    assert g.n_edges == 3
    assert g.index("3") == 2
    mixed = from_edges([("b", 1), (1, "a")])
    assert mixed.nodes == ("b", "1", "a")


@pytest.mark.parametrize(
    ("edges", "options", "pattern"),
    [
        ([], {}, "edges is empty"),
        ([("a",)], {}, r"edge 0 must be a tuple"),
        ([("a", "b"), ("a", "b", "c", "d")], {}, r"edge 1 must be a tuple"),
        ([("a", 1.5)], {}, r"node names must be str or int"),
        ([("a", "b", 1.0), ("b", "c")], {}, "some edges have a weight"),
        ([("a", "b", "2")], {}, r"edge 0: the weight must be a number"),
        ([("a", "b", 1.0), ("b", "c", 0.0)], {}, r"edge 1: the weight must be a finite"),
        ([("a", "b")], {"weighted": True}, r"edge 0 has no weight"),
    ],
)
def test_from_edges_errors(
    edges: list[tuple[object, ...]], options: dict[str, object], pattern: str
) -> None:
    with pytest.raises(ConfigError, match=pattern):
        from_edges(edges, **options)  # type: ignore[arg-type]


def test_from_edges_accepts_numpy_rows_and_integers() -> None:
    edges = np.array([[0, 1, 2], [1, 2, 1]])
    g = from_edges(list(edges))
    assert g.nodes == ("0", "1", "2")
    assert g.weights is not None
    assert g.weights.tolist() == [2.0, 2.0, 1.0, 1.0]


def test_from_edges_ignores_weights_when_told() -> None:
    g = from_edges([("a", "b", 1.0), ("b", "c")], weighted=False)
    assert not g.is_weighted
    assert g.n_edges == 2


# -- the Graph class ---------------------------------------------------------------------


def test_unknown_node_is_a_key_error_with_suggestions() -> None:
    g = from_edges([("Paris", "London"), ("London", "Berlin")])
    with pytest.raises(UnknownNodeError, match=r"'paris' is not a node .*'Paris'") as info:
        g.index("paris")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, UnknownWordError)
    with pytest.raises(KeyError, match="'3' is not a node"):
        g.neighbors("3")
    assert "Paris" in g
    assert "paris" not in g


def test_graph_checks_its_arrays() -> None:
    nodes = ("a", "b", "c")
    Graph(np.array([0, 1, 2, 2]), np.array([1, 0]), None, nodes, directed=True)
    with pytest.raises(ConfigError, match="len\\(nodes\\) \\+ 1"):
        Graph(np.array([0, 1, 2]), np.array([1, 0]), None, nodes, directed=True)
    with pytest.raises(ConfigError, match="row 0 \\('a'\\)"):
        Graph(np.array([0, 2, 2, 2]), np.array([2, 1]), None, nodes, directed=True)
    with pytest.raises(ConfigError, match="row 1 \\('b'\\)"):
        Graph(np.array([0, 1, 3, 3]), np.array([1, 2, 2]), None, nodes, directed=True)
    with pytest.raises(ConfigError, match="lie in \\[0, 3\\)"):
        Graph(np.array([0, 1, 1, 1]), np.array([3]), None, nodes, directed=True)
    with pytest.raises(ConfigError, match="weights must be finite and > 0"):
        Graph(np.array([0, 1, 1, 1]), np.array([1]), np.array([0.0]), nodes, directed=True)
    with pytest.raises(ConfigError, match="'a' appears twice"):
        Graph(np.array([0, 0, 0, 0]), np.array([], int), None, ("a", "b", "a"), directed=True)
    with pytest.raises(ConfigError, match="non-decreasing"):
        Graph(np.array([0, 2, 1, 2]), np.array([1, 0]), None, nodes, directed=True)


def test_importing_graphs_does_not_import_scipy_or_sklearn() -> None:
    code = (
        "import sys, firth.graphs.graph, firth.graphs.labels; "
        "print(sorted(m for m in ('scipy', 'sklearn') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
