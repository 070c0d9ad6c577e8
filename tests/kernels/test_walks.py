"""The walk kernels against exact distributions computed with NumPy."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from firth._kernels.walks import (
    alias_tables,
    count_visits,
    draw_neighbour,
    edge_slot,
    node2vec_step,
    walk_batch,
    walk_state,
)


def csr(n: int, edges: list[tuple[int, int, float]], *, directed: bool = False):
    """CSR arrays (sorted rows) of a small weighted graph."""
    rows: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for a, b, w in edges:
        rows[a][b] = rows[a].get(b, 0.0) + w
        if not directed and a != b:
            rows[b][a] = rows[b].get(a, 0.0) + w
    indptr = np.zeros(n + 1, dtype=np.int64)
    indices, weights = [], []
    for i in range(n):
        for j in sorted(rows[i]):
            indices.append(j)
            weights.append(rows[i][j])
        indptr[i + 1] = len(indices)
    weights_arr = np.array(weights, dtype=np.float32)
    sums = np.array([weights_arr[indptr[i] : indptr[i + 1]].sum() for i in range(n)], np.float64)
    return indptr, np.array(indices, dtype=np.int32), weights_arr, sums


# A weighted graph with a triangle (0, 1, 2), a tail and a self-loop.
EDGES = [(0, 1, 1.0), (1, 2, 2.0), (0, 2, 0.5), (2, 3, 3.0), (3, 4, 1.0), (2, 5, 1.5), (5, 5, 1.0)]


def node2vec_distribution(indptr, indices, weights, prev, cur, p, q, weighted):
    """node2vec's transition probabilities from ``cur`` after ``prev`` (the definition)."""
    out = {}
    for slot in range(indptr[cur], indptr[cur + 1]):
        x = int(indices[slot])
        w = float(weights[slot]) if weighted else 1.0
        if x == prev:
            bias = 1.0 / p
        elif x in indices[indptr[prev] : indptr[prev + 1]]:
            bias = 1.0
        else:
            bias = 1.0 / q
        out[x] = w * bias
    total = sum(out.values())
    return {x: v / total for x, v in out.items()}


def test_alias_tables_draw_neighbours_by_weight() -> None:
    indptr, indices, weights, _ = csr(6, EDGES)
    prob, alias = alias_tables(indptr, weights)
    state = walk_state(np.uint64(3), 0)
    for node in (0, 2, 5):
        draws = np.zeros(6)
        for _ in range(60_000):
            state, slot = draw_neighbour(indptr, prob, alias, True, node, np.uint64(state))
            draws[indices[slot]] += 1
        row = slice(indptr[node], indptr[node + 1])
        expected = np.zeros(6)
        expected[indices[row]] = weights[row] / weights[row].sum()
        np.testing.assert_allclose(draws / draws.sum(), expected, atol=0.01)


def test_edge_slot_finds_edges_by_binary_search() -> None:
    indptr, indices, _, _ = csr(6, EDGES)
    for a in range(6):
        for b in range(6):
            slot = edge_slot(indptr, indices, a, b)
            row = list(indices[indptr[a] : indptr[a + 1]])
            assert (slot >= 0) == (b in row)
            if slot >= 0:
                assert indices[slot] == b


@pytest.mark.parametrize(
    ("p", "q", "weighted"),
    [(1.0, 1.0, True), (0.25, 4.0, True), (4.0, 0.25, True), (0.5, 2.0, False), (2.0, 0.5, False)],
)
@pytest.mark.parametrize(("prev", "cur"), [(0, 2), (3, 2), (1, 2), (2, 5), (5, 2)])
def test_node2vec_step_samples_the_exact_distribution(
    p: float, q: float, weighted: bool, prev: int, cur: int
) -> None:
    indptr, indices, weights, sums = csr(6, EDGES)
    if not weighted:
        sums = np.diff(indptr).astype(np.float64)
    prob, alias = alias_tables(indptr, weights)
    state = walk_state(np.uint64(7), 1)
    draws = np.zeros(6)
    n = 40_000
    for _ in range(n):
        state, x = node2vec_step(
            indptr,
            indices,
            weights,
            sums,
            prob,
            alias,
            weighted,
            prev,
            cur,
            1 / p,
            1 / q,
            np.uint64(state),
        )
        draws[x] += 1
    exact = node2vec_distribution(indptr, indices, weights, prev, cur, p, q, weighted)
    expected = np.zeros(6)
    for x, v in exact.items():
        expected[x] = v
    np.testing.assert_allclose(draws / n, expected, atol=0.012)


def test_directed_step_without_a_way_back() -> None:
    # 0 -> 1 -> {2, 3}, 3 -> 0: from 1 after 0 there is no edge back to 0.
    indptr, indices, weights, sums = csr(
        4, [(0, 1, 1), (1, 2, 1), (1, 3, 1), (3, 0, 1)], directed=True
    )
    prob, alias = alias_tables(indptr, weights)
    state = walk_state(np.uint64(1), 0)
    draws = np.zeros(4)
    for _ in range(20_000):
        state, x = node2vec_step(
            indptr, indices, weights, sums, prob, alias, False, 0, 1, 4.0, 0.5, np.uint64(state)
        )
        draws[x] += 1
    # Neither 2 nor 3 is an out-neighbour of 0's row except 1: both get 1/q, equally.
    assert draws[0] == 0
    assert draws[1] == 0
    assert abs(draws[2] / draws.sum() - 0.5) < 0.02


def _walks(
    indptr, indices, weights, sums, *, second_order, begin, end, length=12, seed=5, remap=None
):
    n = len(indptr) - 1
    prob, alias = alias_tables(indptr, weights)
    starts = np.tile(np.arange(n, dtype=np.int32), 20)
    remap = np.arange(n, dtype=np.int32) if remap is None else remap
    ids = np.empty((end - begin) * length, dtype=np.int32)
    ends = np.empty(end - begin, dtype=np.int64)
    count, written = walk_batch(
        indptr,
        indices,
        weights,
        sums,
        prob,
        alias,
        True,
        second_order,
        2.0,
        0.5,
        starts,
        begin,
        end,
        length,
        np.uint64(seed),
        remap,
        ids,
        ends,
    )
    return ids[:written], ends[:count], starts


def test_walks_follow_edges_and_do_not_depend_on_batches() -> None:
    indptr, indices, weights, sums = csr(6, EDGES)
    ids, ends, starts = _walks(indptr, indices, weights, sums, second_order=True, begin=0, end=60)
    assert len(ends) == 60
    assert ends[-1] == 60 * 12
    for walk, start in zip(np.split(ids, ends[:-1]), starts[:60], strict=True):
        assert walk[0] == start
        assert all(edge_slot(indptr, indices, a, b) >= 0 for a, b in itertools.pairwise(walk))
    first, _first_ends, _ = _walks(
        indptr, indices, weights, sums, second_order=True, begin=0, end=25
    )
    rest, _, _ = _walks(indptr, indices, weights, sums, second_order=True, begin=25, end=60)
    np.testing.assert_array_equal(np.concatenate([first, rest]), ids)
    other, _, _ = _walks(indptr, indices, weights, sums, second_order=True, begin=0, end=60, seed=6)
    assert not np.array_equal(other, ids)


def test_walks_stop_at_dead_ends_and_drop_unmapped_nodes() -> None:
    indptr, indices, weights, sums = csr(4, [(0, 1, 1), (1, 2, 1), (2, 3, 1)], directed=True)
    ids, ends, _ = _walks(indptr, indices, weights, sums, second_order=False, begin=0, end=4)
    assert np.diff(ends, prepend=0).tolist() == [4, 3, 2, 1]
    assert ids[:4].tolist() == [0, 1, 2, 3]
    remap = np.array([-1, 0, 1, -1], dtype=np.int32)  # nodes 0 and 3 left out
    ids, ends, _ = _walks(
        indptr, indices, weights, sums, second_order=False, begin=0, end=4, remap=remap
    )
    assert np.diff(ends, prepend=0).tolist() == [2, 2, 1]  # node 3's walk is dropped
    assert ids.tolist() == [0, 1, 0, 1, 1]


def test_count_visits_counts_the_walks_batch_writes() -> None:
    indptr, indices, weights, sums = csr(6, EDGES)
    ids, _, starts = _walks(indptr, indices, weights, sums, second_order=True, begin=0, end=90)
    prob, alias = alias_tables(indptr, weights)
    counts = np.zeros(6, dtype=np.int64)
    tokens = count_visits(
        indptr,
        indices,
        weights,
        sums,
        prob,
        alias,
        True,
        True,
        2.0,
        0.5,
        starts,
        0,
        90,
        12,
        np.uint64(5),
        counts,
    )
    assert tokens == len(ids)
    np.testing.assert_array_equal(counts, np.bincount(ids, minlength=6))
