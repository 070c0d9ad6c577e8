"""Co-occurrence counting against a dense Python count, and its random options."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import firth
from firth._kernels.cooccur import merge_runs, sum_keys
from firth.config import CountConfig
from firth.cooccurrence import Cooccurrence, _merge_all, count_cooccurrences, distance_weights
from firth.corpus import CorpusStats, EncodedCorpus


def _random_corpus(sentences: int, seed: int = 0) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(40)]
    p = 1.0 / np.arange(1, 41)
    p /= p.sum()
    return [
        [words[i] for i in rng.choice(40, size=int(rng.integers(1, 15)), p=p)]
        for _ in range(sentences)
    ]


def _dense(corpus: list[list[str]], words: list[str], config: CountConfig) -> np.ndarray:
    index = {w: i for i, w in enumerate(words)}
    weights = distance_weights(config)
    out = np.zeros((len(words), len(words)))
    for sentence in corpus:
        ids = [index[w] for w in sentence if w in index]
        for i, w in enumerate(ids):
            for j in range(max(0, i - config.window), min(len(ids), i + config.window + 1)):
                if j != i:
                    out[w, ids[j]] += weights[abs(i - j) - 1]
    return out


@pytest.mark.parametrize("weighting", ["uniform", "harmonic", "linear"])
@pytest.mark.parametrize("threads", [1, 2])
def test_counts_match_a_dense_count(weighting: str, threads: int) -> None:
    # 4,000 sentences make ~300k pairs: a 1 MB buffer (131,072 keys) fills several times,
    # so runs are summed, merged across buffers and across threads.
    corpus = _random_corpus(4000)
    config = CountConfig(window=4, weighting=weighting, min_count=200, threads=threads, buffer_mb=1)  # type: ignore[arg-type]
    cooc = count_cooccurrences(corpus, config)
    assert len(cooc.vocab) < 40  # min_count dropped the rarest words (and their tokens)
    expected = _dense(corpus, cooc.vocab.words, config)
    np.testing.assert_allclose(cooc.matrix.toarray(), expected, rtol=1e-6)
    assert cooc.matrix.dtype == np.float32
    assert cooc.metadata["pairs"] == np.count_nonzero(expected)
    if weighting != "linear":  # symmetric weights give a symmetric matrix
        np.testing.assert_allclose(cooc.matrix.toarray(), cooc.matrix.toarray().T, rtol=1e-6)


def test_windows_stop_at_sentence_ends() -> None:
    cooc = count_cooccurrences([["a", "b"], ["c", "d"]], CountConfig(window=5, min_count=1))
    m = cooc.matrix.toarray()
    a, b, c, d = (cooc.vocab.index(w) for w in "abcd")
    assert m[a, b] == m[c, d] == 1
    assert m[a, c] == m[b, c] == m[a, d] == 0


def test_shrinking_windows_count_on_average_what_linear_weights_count() -> None:
    corpus = _random_corpus(3000, seed=1)
    shrink = count_cooccurrences(corpus, CountConfig(window=5, min_count=1, shrink_windows=True))
    linear = count_cooccurrences(corpus, CountConfig(window=5, min_count=1, weighting="linear"))
    uniform = count_cooccurrences(corpus, CountConfig(window=5, min_count=1))
    total = float(shrink.matrix.sum())
    assert total == pytest.approx(float(linear.matrix.sum()), rel=0.02)
    assert total < 0.9 * float(uniform.matrix.sum())
    top = slice(0, 5)  # frequent pairs: the random windows average out
    np.testing.assert_allclose(
        shrink.matrix[top, top].toarray(), linear.matrix[top, top].toarray(), rtol=0.1
    )


def test_random_options_are_reproducible_whatever_the_thread_count() -> None:
    corpus = _random_corpus(3000, seed=2)
    base = dict(window=3, min_count=1, shrink_windows=True, sample=1e-2, buffer_mb=1)
    one = count_cooccurrences(corpus, CountConfig(threads=1, **base))  # type: ignore[arg-type]
    two = count_cooccurrences(corpus, CountConfig(threads=2, **base))  # type: ignore[arg-type]
    other = count_cooccurrences(corpus, CountConfig(threads=2, seed=9, **base))  # type: ignore[arg-type]
    np.testing.assert_array_equal(one.matrix.toarray(), two.matrix.toarray())
    assert not np.array_equal(one.matrix.toarray(), other.matrix.toarray())


def test_subsampling_thins_the_most_frequent_words() -> None:
    corpus = _random_corpus(3000, seed=3)
    plain = count_cooccurrences(corpus, CountConfig(window=3, min_count=1))
    thinned = count_cooccurrences(corpus, CountConfig(window=3, min_count=1, sample=1e-3))
    rows_plain = np.asarray(plain.matrix.sum(axis=1)).ravel()
    rows_thin = np.asarray(thinned.matrix.sum(axis=1)).ravel()
    kept = rows_thin / rows_plain
    assert kept[0] < 0.5  # the most frequent word loses most of its pairs
    assert kept[0] < 0.6 * kept[-1]  # the rarest word keeps more (only its contexts thin)


def test_an_encoded_corpus_counts_like_the_corpus() -> None:
    corpus = _random_corpus(500, seed=4)
    data = firth.encode_corpus(corpus, min_count=2)
    a = count_cooccurrences(data, CountConfig(window=2))
    b = count_cooccurrences(corpus, CountConfig(window=2, min_count=2))
    assert a.vocab.words == b.vocab.words
    np.testing.assert_array_equal(a.matrix.toarray(), b.matrix.toarray())
    assert "distinct pairs" in repr(a)


def test_sum_keys_and_merge_runs_match_numpy() -> None:
    rng = np.random.default_rng(5)
    window = 4
    weights = np.array([1.0, 0.5, 0.25, 0.125])
    runs = []
    for size in (1, 1000, 5000, 300):
        keys = rng.integers(0, 200 * window, size).astype(np.int64)
        pairs, inverse = np.unique(keys // window, return_inverse=True)
        expected = np.bincount(inverse, weights=weights[keys % window])
        got_pairs, got_values = sum_keys(keys.copy(), size, window, weights)
        np.testing.assert_array_equal(got_pairs, pairs)
        np.testing.assert_allclose(got_values, expected, rtol=1e-6)
        runs.append((got_pairs, got_values))
    a, b = runs[1], runs[2]
    pairs, values = merge_runs(*a, *b)
    union = np.union1d(a[0], b[0])
    dense = np.zeros(200)
    np.add.at(dense, a[0], a[1])
    np.add.at(dense, b[0], b[1])
    np.testing.assert_array_equal(pairs, union)
    np.testing.assert_allclose(values, dense[union], rtol=1e-6)
    all_pairs, all_values = _merge_all(runs)
    for run in runs[:1] + runs[3:]:
        np.add.at(dense, run[0], run[1])
    np.testing.assert_array_equal(all_pairs, np.flatnonzero(dense))
    np.testing.assert_allclose(all_values, dense[all_pairs], rtol=1e-6)


def test_bad_options_name_the_option() -> None:
    with pytest.raises(firth.ConfigError, match=r"CountConfig\.window must be an integer >= 1"):
        CountConfig(window=0)
    with pytest.raises(firth.ConfigError, match=r"CountConfig\.shrink_windows must be True"):
        CountConfig(shrink_windows=1)  # type: ignore[arg-type]
    with pytest.raises(firth.EmptyCorpusError):
        count_cooccurrences([["a"]], CountConfig(min_count=2))


def test_a_count_saves_and_loads_in_the_native_format(tmp_path: Path) -> None:
    cooc = count_cooccurrences(_random_corpus(300), CountConfig(window=3, min_count=2))
    cooc.save(tmp_path / "counts")
    back = Cooccurrence.load(tmp_path / "counts")
    assert back.vocab.words == cooc.vocab.words
    np.testing.assert_array_equal(back.vocab.counts, cooc.vocab.counts)
    np.testing.assert_array_equal(back.matrix.toarray(), cooc.matrix.toarray())
    assert back.metadata == json.loads(json.dumps(cooc.metadata))
    embeddings = firth.train_svd(back, firth.SVDConfig(dim=2))  # a loaded count is a count
    embeddings.save(tmp_path / "embeddings")
    with pytest.raises(firth.FormatError, match="not co-occurrence counts"):
        Cooccurrence.load(tmp_path / "embeddings")
    (indptr,) = (tmp_path / "counts").glob("indptr.*.npy")
    broken = np.load(indptr)
    broken[1] = 10**6  # rows pointing past the data
    with open(indptr, "wb") as out:
        np.save(out, broken)
    with pytest.raises(firth.FormatError):
        Cooccurrence.load(tmp_path / "counts")


def test_ctrl_c_stops_counting_promptly() -> None:
    rng = np.random.default_rng(0)
    tokens = 20_000_000
    ids = rng.integers(0, 1000, tokens, dtype=np.int32)
    ends = np.arange(1000, tokens + 1, 1000, dtype=np.int64)
    vocab = firth.Vocab([f"w{i}" for i in range(1000)], np.full(1000, tokens // 1000))
    stats = CorpusStats(tokens, tokens, len(ends), 1000, False, 0, 1)
    data = EncodedCorpus(ids, ends, vocab, stats)
    count_cooccurrences([["a", "b"]], CountConfig(min_count=1))  # compiled beforehand
    before = signal.getsignal(signal.SIGINT)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    clock = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            count_cooccurrences(data, CountConfig(window=5, threads=2))
    finally:
        timer.cancel()
    assert time.perf_counter() - clock < 5.0  # a full count takes about 20 s
    assert signal.getsignal(signal.SIGINT) is before
