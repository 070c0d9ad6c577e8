"""The Numba kernels against their NumPy twins on tiny random inputs."""

from __future__ import annotations

import heapq

import numpy as np
import pytest
from reference import reference_job

from firth._kernels.cbow import cbow_job
from firth._kernels.huffman import huffman_tree
from firth._kernels.skipgram import skipgram_job
from firth._kernels.steps import draw_noise, sigmoid
from firth._kernels.window import skipgram_window_job
from firth.config import TrainConfig
from firth.models.word2vec import noise_log_kq
from firth.training.tables import RAND_DOMAIN, keep_thresholds, noise_buckets, noise_table


def _huffman_cost(counts: np.ndarray) -> int:
    heap = [int(c) for c in counts]
    heapq.heapify(heap)
    cost = 0
    while len(heap) > 1:
        merged = heapq.heappop(heap) + heapq.heappop(heap)
        cost += merged
        heapq.heappush(heap, merged)
    return cost


@pytest.mark.parametrize("size", [2, 3, 7, 50])
def test_huffman_codes_are_optimal_prefix_free_paths(size: int) -> None:
    rng = np.random.default_rng(size)
    counts = np.sort(rng.integers(1, 1000, size))[::-1].astype(np.int64)
    codes, points, lengths = huffman_tree(counts)
    words = ["".join(str(b) for b in codes[w, : lengths[w]]) for w in range(size)]
    # prefix-free: no code is a prefix of another
    for a in words:
        assert a
        assert sum(b.startswith(a) for b in words) == 1
    # optimal: total weighted length equals the classic heap construction's cost
    assert int((counts * lengths).sum()) == _huffman_cost(counts)
    # paths start at the root (V-2) and stay among the V-1 inner nodes
    for w in range(size):
        assert points[w, 0] == size - 2
        assert points[w, : lengths[w]].min() >= 0
        assert points[w, : lengths[w]].max() <= size - 2
    # two words share a node on their paths exactly up to where their codes diverge
    for a in range(size):
        for b in range(size):
            common = 0
            while common < min(lengths[a], lengths[b]) and codes[a, common] == codes[b, common]:
                assert points[a, common] == points[b, common]
                common += 1


def test_huffman_single_word_has_no_path() -> None:
    _, _, lengths = huffman_tree(np.array([5], dtype=np.int64))
    assert lengths.tolist() == [0]


def test_keep_thresholds_follow_word2vec_formula() -> None:
    counts = np.array([10_000, 1_000, 100, 10, 1], dtype=np.int64)
    sample = 1e-3
    t = sample * counts.sum()
    expected = np.minimum((np.sqrt(counts / t) + 1) * t / counts, 1.0)
    np.testing.assert_allclose(keep_thresholds(counts, sample) / RAND_DOMAIN, expected, atol=1e-9)
    assert (keep_thresholds(counts, 0.0) == RAND_DOMAIN).all()


def test_noise_table_matches_unigram_power() -> None:
    counts = np.array([100, 50, 10, 1], dtype=np.int64)
    table = noise_table(counts, 0.75)
    probabilities = np.diff(np.concatenate(([0], table))) / RAND_DOMAIN
    expected = counts**0.75 / (counts**0.75).sum()
    np.testing.assert_allclose(probabilities, expected, atol=1e-8)
    assert table[-1] == RAND_DOMAIN


def _problem(seed: int, vocab: int = 12, dim: int = 6, sentences: int = 6):
    rng = np.random.default_rng(seed)
    counts = np.sort(rng.integers(1, 60, vocab))[::-1].astype(np.int64)
    lengths = rng.integers(1, 12, sentences)
    ids = rng.integers(0, vocab, lengths.sum()).astype(np.int32)
    ends = np.cumsum(lengths).astype(np.int64)
    weights = [
        (rng.random((rows, dim), dtype=np.float32) - 0.5) for rows in (vocab, vocab, vocab - 1)
    ]
    return counts, ids, ends, weights


def _run_both(architecture, loss, *, shrink=True, mean=True, sample=0.05, seed=7, hot=(0, 1)):
    """Run the kernel and its NumPy twin on the same problem; return both outcomes."""
    counts, ids, ends, weights = _problem(seed)
    keep = keep_thresholds(counts, sample)  # with 0.05 some words are subsampled away
    cum = noise_table(counts, 0.75)
    codes, points, code_lens = huffman_tree(counts)
    use_ns, use_hs = loss in ("ns", "both", "nce"), loss in ("hs", "both")
    nce = loss == "nce"
    log_kq = noise_log_kq(counts, TrainConfig(loss="nce", negative=3))
    # job = sentences 1.., negative 3, window 3, alpha 0.05 -> 0.001, offset 40 of 300
    settings = (use_ns, use_hs, 3, 3, shrink, 0.05, 0.001, 40, 300, 12345)
    ref = [w.copy() for w in weights]
    expected = reference_job(
        architecture,
        ids,
        ends,
        1,
        len(ends),
        *ref,
        keep,
        cum,
        codes,
        points,
        code_lens,
        *settings,
        mean=mean,
        log_kq=log_kq if nce else None,
    )
    out = [w.copy() for w in weights]
    typed = (
        use_ns,
        use_hs,
        nce,
        np.int64(3),
        np.int64(3),
        shrink,
        np.float32(0.05),
        np.float32(0.001),
        np.int64(40),
        np.int64(300),
        np.uint64(12345),
        True,
        np.int64(20),
    )
    kernel_args = (
        ids,
        ends,
        np.int64(1),
        np.int64(len(ends)),
        *out,
        keep,
        cum,
        noise_buckets(cum),
        log_kq,
        codes,
        points,
        code_lens,
        np.int64(hot[0]),
        np.int64(hot[1]),
        *typed,
    )
    if architecture == "cbow":
        got = cbow_job(*kernel_args, mean)
    else:
        kernel = skipgram_window_job if architecture == "skipgram-window" else skipgram_job
        got = kernel(*kernel_args)
    return got, expected, out, ref, weights


@pytest.mark.parametrize("architecture", ["skipgram", "skipgram-window", "cbow"])
@pytest.mark.parametrize("loss", ["ns", "hs", "both", "nce"])
@pytest.mark.parametrize("shrink", [True, False])
def test_kernel_matches_numpy_reference(architecture: str, loss: str, shrink: bool) -> None:
    got, expected, out, ref, before = _run_both(architecture, loss, shrink=shrink)
    assert got[0] == expected[0] > 0  # effective words: identical random draws
    assert got[2] == expected[2] > 0  # predictions made
    assert got[1] == pytest.approx(expected[1], rel=1e-4)
    for mine, theirs in zip(out, ref, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-4, atol=1e-6)
    changed = [not np.array_equal(a, b) for a, b in zip(out, before, strict=True)]
    assert changed == [True, loss in ("ns", "both", "nce"), loss in ("hs", "both")]


@pytest.mark.parametrize("architecture", ["skipgram", "skipgram-window", "cbow"])
@pytest.mark.parametrize("hot", [(4, 1), (4, 7), (1000, 3)])
def test_private_top_nodes_match_the_reference(architecture: str, hot: tuple[int, int]) -> None:
    # One job alone: updating private copies of the top nodes and merging them every few
    # words must give what updating the shared rows does (up to rounding), including
    # "every node private" and the final merge.
    got, expected, out, ref, before = _run_both(architecture, "both", hot=hot)
    assert got[:3:2] == expected[:3:2]
    assert got[1] == pytest.approx(expected[1], rel=1e-4)
    for mine, theirs in zip(out, ref, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-4, atol=1e-6)
    top = slice(len(before[2]) - min(hot[0], len(before[2])), None)
    assert not np.array_equal(out[2][top], before[2][top])  # the merges reached syn1


def test_cbow_sum_differs_from_mean_and_matches_reference() -> None:
    results = {}
    for mean in (True, False):
        _, _, out, ref, _ = _run_both("cbow", "ns", mean=mean, sample=0.0, seed=3)
        np.testing.assert_allclose(out[0], ref[0], rtol=1e-4, atol=1e-6)
        results[mean] = out[0]
    assert not np.allclose(results[True], results[False])


def test_noise_buckets_draw_exactly_what_bisection_draws() -> None:
    counts = np.sort(np.random.default_rng(1).zipf(1.3, 5000))[::-1].astype(np.int64)
    table = noise_table(counts, 0.75)
    buckets = noise_buckets(table)
    draws = np.random.default_rng(2).integers(0, RAND_DOMAIN, 20_000)
    draws = np.concatenate((draws, [0, RAND_DOMAIN - 1], table[:-1], table[:-1] - 1))
    expected = np.searchsorted(table, draws, side="right")
    got = [draw_noise(table, buckets, np.int64(r)) for r in draws]
    np.testing.assert_array_equal(got, expected)


def test_sigmoid_table_is_close_to_the_logistic_function() -> None:
    xs = np.linspace(-6.0, 6.0, 100_003, dtype=np.float32)
    got = np.array([sigmoid(x) for x in xs])
    exact = 1.0 / (1.0 + np.exp(-xs.astype(np.float64)))
    assert np.abs(got - exact).max() < 3e-6
    assert sigmoid(np.float32(0.0)) == 0.5
    assert np.isnan(sigmoid(np.float32(np.nan)))  # the index is clamped: no stray read
