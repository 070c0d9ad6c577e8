"""Tests of the query API of Embeddings (firth.queries): neighbours, analogies, arithmetic, axes.

Expected values are computed here with plain NumPy (float64), or taken from gensim's
KeyedVectors on the same vectors; never through firth's own code paths.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from gensim.models import KeyedVectors

import firth.queries.topk as topk_module
from firth.embeddings import Embeddings
from firth.errors import ConfigError, UnknownWordError
from firth.queries import Neighbours, WordVector, reject_vector
from firth.queries.topk import top_k_rows
from firth.vocab import Vocab
from toy import VECTORS, WORDS, toy_embeddings


@pytest.fixture
def emb() -> Embeddings:
    return toy_embeddings()


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors.astype(np.float64), axis=1, keepdims=True)
    unit = np.zeros(vectors.shape, dtype=np.float64)
    np.divide(vectors, norms, out=unit, where=norms > 0)
    return unit


def _ranking(
    scores: np.ndarray, words: list[str], exclude: set[int] = frozenset(), limit: int | None = None
) -> list[tuple[str, float]]:
    """Reference ranking: decreasing score, ties by index; ``limit`` = restrict."""
    end = len(scores) if limit is None else limit
    pairs = [(i, float(scores[i])) for i in range(end) if i not in exclude]
    pairs.sort(key=lambda pair: (-pair[1], pair[0]))
    return [(words[i], s) for i, s in pairs]


def _assert_same(got: list[tuple[str, float]], want: list[tuple[str, float]]) -> None:
    assert [w for w, _ in got] == [w for w, _ in want]
    np.testing.assert_allclose([s for _, s in got], [s for _, s in want], rtol=2e-6, atol=2e-6)


def _random(n: int = 500, dim: int = 20, seed: int = 1) -> tuple[list[str], np.ndarray]:
    vectors = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return [f"w{i}" for i in range(n)], vectors


@pytest.fixture(scope="module")
def big() -> Embeddings:
    words, vectors = _random()
    return Embeddings(Vocab(words), vectors)


@pytest.fixture(scope="module")
def pair() -> tuple[Embeddings, KeyedVectors]:
    words, vectors = _random(300, 16, seed=7)
    kv = KeyedVectors(16)
    kv.add_vectors(words, vectors)
    return Embeddings(Vocab(words), vectors), kv


# -- top-k selection -----------------------------------------------------------------------


def test_top_k_rows_matches_a_sort_with_many_ties() -> None:
    rng = np.random.default_rng(0)
    scores = rng.integers(0, 4, size=(50, 40)).astype(np.float32)  # lots of ties
    scores[rng.random(scores.shape) < 0.2] = -np.inf
    for k in (1, 3, 10, 39, 40, 100):
        indices, values = top_k_rows(scores, k)
        assert indices.shape == values.shape == (50, min(k, 40))
        for row in range(50):
            ranked = sorted(
                (c for c in range(40) if scores[row, c] > -np.inf),
                key=lambda c, row=row: (-scores[row, c], c),
            )[:k]
            width = min(k, 40)
            want = ranked + [-1] * (width - len(ranked))
            assert indices[row].tolist() == want
            assert values[row].tolist() == [scores[row, c] if c >= 0 else -np.inf for c in want]


def test_top_k_rows_on_long_rows_with_ties_and_exclusions() -> None:
    # Long rows take the two-level (chunked) selection; check it against a full sort,
    # including rows whose chunk maxima tie and rows with few finite entries.
    rng = np.random.default_rng(1)
    scores = rng.normal(size=(12, 5000)).astype(np.float32)
    scores[0] = np.round(scores[0])  # many ties everywhere
    scores[1] = 0.0  # every entry tied
    scores[2, :] = -np.inf
    scores[2, [4999, 7, 300]] = [1.0, 2.0, 1.0]  # fewer finite entries than k
    scores[3, 256:512] = 5.0  # the answer inside one chunk
    scores[4, -1] = 9.0  # the answer in the short last chunk
    for k in (1, 4):
        indices, values = top_k_rows(scores, k)
        for row in range(len(scores)):
            finite = np.flatnonzero(scores[row] > -np.inf)
            ranked = sorted(finite, key=lambda c, row=row: (-scores[row, c], c))[:k]
            want = ranked + [-1] * (k - len(ranked))
            assert indices[row].tolist() == want, row
            np.testing.assert_array_equal(
                values[row], [scores[row, c] if c >= 0 else -np.inf for c in want]
            )


def test_top_k_rows_does_not_modify_scores() -> None:
    scores = np.array([[3.0, 1.0, 2.0]], dtype=np.float32)
    top_k_rows(scores, 1)
    assert scores.tolist() == [[3.0, 1.0, 2.0]]


# -- most_similar --------------------------------------------------------------------------


def test_most_similar_word_query(emb: Embeddings) -> None:
    unit = _unit(VECTORS)
    want = _ranking(unit @ unit[2], WORDS, {2})
    _assert_same(emb.most_similar("king", k=4), want[:4])
    _assert_same(emb.most_similar("king", k=100), want)  # k larger than the vocabulary
    _assert_same(
        emb.most_similar("king", k=3, exclude_self=False), _ranking(unit @ unit[2], WORDS)[:3]
    )


def test_most_similar_vector_query_excludes_nothing(emb: Embeddings) -> None:
    unit = _unit(VECTORS)
    query = 3.0 * VECTORS[3]  # the direction of "queen", another length
    result = emb.most_similar(query, k=3)
    assert result[0][0] == "queen"
    assert result[0][1] == pytest.approx(1.0, abs=1e-6)
    _assert_same(result, _ranking(unit @ unit[3], WORDS)[:3])
    assert emb.most_similar(query.tolist(), k=3) == result  # any sequence of numbers
    assert emb.most_similar(query.astype(np.float64), k=3) == result
    assert emb.similar_by_vector(query, k=3) == result


def test_most_similar_exclude_and_restrict(emb: Embeddings) -> None:
    unit = _unit(VECTORS)
    scores = unit @ unit[0]
    _assert_same(
        emb.most_similar("man", exclude=["woman", "king"]), _ranking(scores, WORDS, {0, 1, 2})
    )
    # restrict=4: only man, woman, king, queen are searched.
    _assert_same(emb.most_similar("man", restrict=4), _ranking(scores, WORDS, {0}, limit=4))
    _assert_same(emb.most_similar("paris", restrict=2), _ranking(unit @ unit[6], WORDS, limit=2))
    assert emb.most_similar("man", restrict=1) == []
    assert len(emb.most_similar("man", restrict=100)) == 6  # more than the vocabulary: all
    _assert_same(
        emb.similar_by_vector(VECTORS[1], exclude=["woman"], restrict=3),
        _ranking(unit @ unit[1], WORDS, {1}, limit=3),
    )


def test_most_similar_zero_vector_scores_zero(emb: Embeddings) -> None:
    result = emb.most_similar(np.zeros(4), k=3)
    assert [s for _, s in result] == [0.0, 0.0, 0.0]
    assert [w for w, _ in result] == ["man", "woman", "king"]  # ties: earlier word first
    assert all(s == 0.0 for _, s in emb.most_similar("zero"))


@pytest.mark.parametrize(
    ("query", "error", "message"),
    [
        ([1.0, 2.0], ConfigError, r"query must be a 1-D vector of length 4.*got shape \(2,\)"),
        (np.zeros((1, 4)), ConfigError, r"got shape \(1, 4\)"),
        ([1.0, np.nan, 0.0, 0.0], ConfigError, "finite"),
        ([1.0, np.inf, 0.0, 0.0], ConfigError, "finite"),
        (np.array(["a", "b", "c", "d"]), ConfigError, "real numbers"),
        ("kingg", UnknownWordError, "did you mean 'king'"),
    ],
)
def test_most_similar_bad_queries(emb: Embeddings, query: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        emb.most_similar(query)


@pytest.mark.parametrize("restrict", [0, -1, 1.5, True, "3"])
def test_restrict_is_validated(emb: Embeddings, restrict: Any) -> None:
    for call in (
        lambda: emb.most_similar("king", restrict=restrict),
        lambda: emb.most_similar_batch(["king"], restrict=restrict),
        lambda: emb.analogy("man", "woman", "king", restrict=restrict),
    ):
        with pytest.raises(ConfigError, match=r"restrict must be an integer >= 1 or None"):
            call()


@pytest.mark.parametrize("k", [0, -1, 1.5, True, "3", None])
def test_k_is_validated_everywhere(emb: Embeddings, k: Any) -> None:
    for call in (
        lambda: emb.similar_by_vector(VECTORS[0], k=k),
        lambda: emb.most_similar_batch(["king"], k=k),
        lambda: emb.analogy("man", "woman", "king", k=k, method="3cosmul"),
        lambda: emb.analogy_batch([("man", "woman", "king")], k=k),
    ):
        with pytest.raises(ConfigError, match=r"k must be an integer >= 1"):
            call()


def test_exclude_is_validated(emb: Embeddings) -> None:
    with pytest.raises(UnknownWordError, match="'nope'"):
        emb.most_similar("king", exclude=["nope"])
    with pytest.raises(TypeError, match="not a single str"):
        emb.most_similar("king", exclude="queen")


def test_most_similar_matches_gensim(pair: tuple[Embeddings, KeyedVectors]) -> None:
    emb, kv = pair
    for word in ("w0", "w17", "w299"):
        _assert_same(emb.most_similar(word, k=7), kv.most_similar(word, topn=7))
    vector = np.random.default_rng(3).normal(size=16).astype(np.float32)
    _assert_same(
        emb.most_similar(vector, k=5, restrict=100),
        kv.similar_by_vector(vector, topn=5, restrict_vocab=100),
    )


# -- batches -------------------------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [1, 7, 64, 499, 500, 1000, None])
def test_batch_equals_single_queries(big: Embeddings, batch_size: int | None) -> None:
    words = [f"w{i}" for i in range(0, 500, 3)]
    result = big.most_similar_batch(words, k=8, batch_size=batch_size)
    assert isinstance(result, Neighbours)
    assert len(result) == len(words)
    for word, answers in zip(words, result, strict=True):
        _assert_same(answers, big.most_similar(word, k=8))
    vectors = np.random.default_rng(5).normal(size=(40, 20))
    result = big.most_similar_batch(vectors, k=5, batch_size=batch_size, restrict=300)
    for vector, answers in zip(vectors, result, strict=True):
        _assert_same(answers, big.most_similar(vector, k=5, restrict=300))


def test_long_vocabulary_search_matches_numpy() -> None:
    # 6000 words: the top-5 selection takes the chunked path.
    words, vectors = _random(6000, 8, seed=9)
    emb = Embeddings(Vocab(words), vectors)
    unit = _unit(vectors)
    queries = [f"w{i}" for i in range(0, 6000, 250)]
    batch = emb.most_similar_batch(queries, k=5, batch_size=10)
    for word, answers in zip(queries, batch, strict=True):
        i = emb.vocab.index(word)
        scores = unit @ unit[i]
        scores[i] = -np.inf
        best = np.argsort(-scores, kind="stable")[:5]
        assert [w for w, _ in answers] == [words[j] for j in best]
        _assert_same(answers, emb.most_similar(word, k=5))


def test_batch_result_arrays(big: Embeddings) -> None:
    unit = _unit(big.vectors)
    result = big.most_similar_batch(["w3", "w10"], k=4, exclude=["w1"])
    assert result.indices.shape == result.scores.shape == (2, 4)
    assert result.scores.dtype == np.float32
    for row, index in enumerate((3, 10)):
        want = _ranking(unit @ unit[index], big.words, {index, 1})[:4]
        assert result.words[row] == [w for w, _ in want]
        assert result.indices[row].tolist() == [big.vocab.index(w) for w, _ in want]
        np.testing.assert_allclose(result.scores[row], [s for _, s in want], atol=2e-6)
    for array in (result.indices, result.scores):
        assert not array.flags.writeable
    assert result.to_list() == [result[0], result[1]]
    assert result[-1] == result[1]
    assert repr(result) == "Neighbours(2 queries, up to 4 answers each)"


def test_batch_pads_short_answer_lists(emb: Embeddings) -> None:
    result = emb.most_similar_batch(["man", "apple"], k=10, restrict=3)
    assert result.indices.shape == (2, 3)
    assert result.indices[0, -1] == -1  # "man" is left out of its own answers
    assert result.scores[0, -1] == -np.inf
    assert (result.indices[1] >= 0).all()  # "apple" is outside the first 3 words
    assert [w for w, _ in result[0]] == [w for w, _ in emb.most_similar("man", restrict=3)]
    assert len(emb.most_similar_batch([], k=3)) == 0
    assert emb.most_similar_batch(np.zeros((0, 4))).indices.shape == (0, 7)


def test_batch_exclude_self_and_errors(emb: Embeddings) -> None:
    assert emb.most_similar_batch(["king"], k=1, exclude_self=False)[0][0][0] == "king"
    with pytest.raises(UnknownWordError) as info:
        emb.most_similar_batch(["kingg", "man", "Queen"])
    assert info.value.words == ["kingg", "Queen"]
    with pytest.raises(TypeError, match="not a single str"):
        emb.most_similar_batch("king")
    with pytest.raises(ConfigError, match=r"shape \(n, 4\).*got shape \(2, 3\)"):
        emb.most_similar_batch(np.ones((2, 3)))
    with pytest.raises(ConfigError, match="row 1 holds NaN"):
        emb.most_similar_batch([[1.0, 0, 0, 0], [np.nan, 0, 0, 0]])
    for bad in (0, -2, 1.5, True):
        with pytest.raises(ConfigError, match="batch_size must be an integer >= 1"):
            emb.most_similar_batch(["king"], batch_size=bad)


def test_batch_memory_is_bounded(big: Embeddings, monkeypatch: pytest.MonkeyPatch) -> None:
    shapes: list[tuple[int, ...]] = []
    real = topk_module.top_k_rows

    def spy(scores: np.ndarray, k: int) -> Any:
        shapes.append(scores.shape)
        return real(scores, k)

    monkeypatch.setattr(topk_module, "top_k_rows", spy)
    queries = [f"w{i}" for i in range(100)]
    big.most_similar_batch(queries, k=3, batch_size=16)
    assert shapes == [(16, 500)] * 6 + [(4, 500)]
    # Automatic size: as many queries as fit the byte budget (9 bytes per score).
    shapes.clear()
    monkeypatch.setattr(topk_module, "BLOCK_BYTES", 9 * 500 * 30)
    big.most_similar_batch(queries, k=3)
    assert shapes == [(30, 500)] * 3 + [(10, 500)]
    shapes.clear()
    monkeypatch.setattr(topk_module, "BLOCK_BYTES", 1)
    big.most_similar_batch(queries[:3], k=3, restrict=50)
    assert shapes == [(1, 50)] * 3


# -- ranks, odd one out, set similarity ----------------------------------------------------


def test_rank(emb: Embeddings) -> None:
    unit = _unit(VECTORS)
    order = [w for w, _ in _ranking(unit @ unit[2], WORDS, {2})]
    for position, word in enumerate(order, start=1):
        assert emb.rank("king", word) == position
    assert emb.rank("king", "king") == 1
    tied = Embeddings(Vocab(["q", "a", "b", "c"]), [[1.0, 0.0], [0.0, 1.0], [0.0, 2.0], [1, 1]])
    assert tied.rank("q", "b") == tied.rank("q", "a") == 2  # ties share the better rank
    with pytest.raises(UnknownWordError) as info:
        emb.rank("kng", "quen")
    assert info.value.words == ["kng", "quen"]


def test_rank_doesnt_match_n_similarity_match_gensim(pair: tuple[Embeddings, KeyedVectors]) -> None:
    emb, kv = pair
    for w1, w2 in [("w0", "w1"), ("w5", "w200"), ("w42", "w43"), ("w7", "w7")]:
        assert emb.rank(w1, w2) == kv.rank(w1, w2)
    rng = np.random.default_rng(11)
    for _ in range(20):
        words = [f"w{i}" for i in rng.choice(300, size=5, replace=False)]
        assert emb.doesnt_match(words) == kv.doesnt_match(words)
    # gensim averages the original vectors: compare on vectors of equal length.
    unit_kv = KeyedVectors(16)
    unit_kv.add_vectors(emb.words, np.asarray(emb.unit_vectors) * 3.0)
    for _ in range(10):
        first = [f"w{i}" for i in rng.choice(300, size=3)]
        second = [f"w{i}" for i in rng.choice(300, size=4)]
        assert emb.n_similarity(first, second) == pytest.approx(
            float(unit_kv.n_similarity(first, second)), abs=1e-6
        )


def test_doesnt_match_and_n_similarity_by_hand(emb: Embeddings) -> None:
    unit = _unit(VECTORS)
    words = ["man", "woman", "king", "apple"]
    mean = unit[[0, 1, 2, 4]].mean(axis=0)
    mean /= np.linalg.norm(mean)
    assert emb.doesnt_match(words) == words[int(np.argmin(unit[[0, 1, 2, 4]] @ mean))] == "apple"
    m1 = unit[[0, 1]].mean(axis=0)
    m2 = unit[[2, 3, 6]].mean(axis=0)
    expected = m1 @ m2 / np.linalg.norm(m1) / np.linalg.norm(m2)
    assert emb.n_similarity(["man", "woman"], ["king", "queen", "paris"]) == pytest.approx(
        expected, abs=1e-6
    )
    with pytest.raises(ConfigError, match="at least two words"):
        emb.doesnt_match(["man"])
    with pytest.raises(ConfigError, match="words1 must hold at least one word"):
        emb.n_similarity([], ["man"])
    with pytest.raises(UnknownWordError) as info:
        emb.n_similarity(["mann"], ["kingg"])
    assert info.value.words == ["mann", "kingg"]
    with pytest.raises(TypeError, match="not a single str"):
        emb.doesnt_match("man woman")


# -- analogies -----------------------------------------------------------------------------


def _cosadd(unit: np.ndarray, a: int, b: int, c: int) -> np.ndarray:
    target = unit[b] - unit[a] + unit[c]
    return unit @ (target / np.linalg.norm(target))


def _cosmul(unit: np.ndarray, a: int, b: int, c: int, eps: float = 1e-3) -> np.ndarray:
    shifted = (1 + unit @ unit.T) / 2
    return shifted[:, b] * shifted[:, c] / (shifted[:, a] + eps)


def test_analogy_3cosadd_and_3cosmul_by_hand(emb: Embeddings) -> None:
    unit = _unit(VECTORS)
    _assert_same(
        emb.analogy("man", "woman", "king", k=4),
        _ranking(_cosadd(unit, 0, 1, 2), WORDS, {0, 1, 2})[:4],
    )
    cosmul = emb.analogy("man", "woman", "king", k=4, method="3cosmul")
    assert cosmul[0][0] == "queen"
    _assert_same(cosmul, _ranking(_cosmul(unit, 0, 1, 2), WORDS, {0, 1, 2})[:4])
    gensim_eps = emb.analogy("man", "woman", "king", k=4, method="3cosmul", epsilon=1e-6)
    _assert_same(gensim_eps, _ranking(_cosmul(unit, 0, 1, 2, 1e-6), WORDS, {0, 1, 2})[:4])


def test_analogy_allow_inputs_and_restrict(emb: Embeddings) -> None:
    unit = _unit(VECTORS)
    for method, reference in (("3cosadd", _cosadd), ("3cosmul", _cosmul)):
        scores = reference(unit, 0, 1, 2)
        _assert_same(
            emb.analogy("man", "woman", "king", k=7, method=method, allow_inputs=True),
            _ranking(scores, WORDS),
        )
        _assert_same(
            emb.analogy("man", "woman", "king", k=7, method=method, restrict=5),
            _ranking(scores, WORDS, {0, 1, 2}, limit=5),
        )


@pytest.mark.filterwarnings("ignore::DeprecationWarning:gensim")
def test_analogies_match_gensim(pair: tuple[Embeddings, KeyedVectors]) -> None:
    emb, kv = pair
    rng = np.random.default_rng(2)
    questions = [tuple(f"w{i}" for i in rng.choice(300, size=3, replace=False)) for _ in range(25)]
    batch_add = emb.analogy_batch(questions, k=5)
    # gensim hard-codes epsilon = 1e-6 in most_similar_cosmul.
    batch_mul = emb.analogy_batch(questions, k=5, method="3cosmul", epsilon=1e-6, batch_size=4)
    for number, (a, b, c) in enumerate(questions):
        want_add = kv.most_similar(positive=[b, c], negative=[a], topn=5)
        want_mul = kv.most_similar_cosmul(positive=[b, c], negative=[a], topn=5)
        _assert_same(emb.analogy(a, b, c, k=5), want_add)
        _assert_same(emb.analogy(a, b, c, k=5, method="3cosmul", epsilon=1e-6), want_mul)
        _assert_same(batch_add[number], want_add)
        _assert_same(batch_mul[number], want_mul)


def test_analogy_errors(emb: Embeddings) -> None:
    with pytest.raises(UnknownWordError) as info:
        emb.analogy("Man", "king", "quene", method="3cosmul")
    assert info.value.words == ["Man", "quene"]
    assert "'Man' (did you mean 'man'?)" in str(info.value)
    with pytest.raises(UnknownWordError) as info:
        emb.analogy_batch([("man", "woman", "king"), ("kingg", "man", "zzz")])
    assert info.value.words == ["kingg", "zzz"]
    with pytest.raises(ConfigError, match=r"method must be one of '3cosadd', '3cosmul'; got 'add'"):
        emb.analogy("man", "woman", "king", method="add")  # type: ignore[arg-type]
    for bad in (0, -1.0, np.inf, "1e-3"):
        with pytest.raises(ConfigError, match="epsilon must be a finite number > 0"):
            emb.analogy("man", "woman", "king", method="3cosmul", epsilon=bad)
    with pytest.raises(ConfigError, match="question 1 is \\('man', 'woman'\\)"):
        emb.analogy_batch([("man", "woman", "king"), ("man", "woman")])


# -- word arithmetic -----------------------------------------------------------------------


def test_word_vector_arithmetic(emb: Embeddings) -> None:
    unit = _unit(VECTORS)
    query = emb.w("king") - emb.w("man") + emb.w("woman")
    assert isinstance(query, WordVector)
    assert repr(query) == "WordVector(king - man + woman)"
    assert query.words == ["king", "man", "woman"]
    assert query.terms == [("king", 1.0), ("man", -1.0), ("woman", 1.0)]
    np.testing.assert_allclose(query.vector, unit[2] - unit[0] + unit[1], atol=1e-6)
    np.testing.assert_allclose(np.asarray(query), query.vector)
    scaled = 2 * emb.w("king") - emb.w("queen") * 0.5 + emb.w("king") / 4
    assert scaled.terms == [("king", 2.25), ("queen", -0.5)]
    assert repr(-scaled) == "WordVector(-2.25*king + 0.5*queen)"
    np.testing.assert_allclose(scaled.vector, 2.25 * unit[2] - 0.5 * unit[3], atol=1e-6)
    assert (emb.w("man") - emb.w("man")).words == []
    assert repr(emb.w("man") - emb.w("man")) == "WordVector(0)"
    # Immutable values: combining returns new objects and leaves the operands alone.
    king = emb.w("king")
    _ = king + emb.w("man")
    assert king.terms == [("king", 1.0)]
    assert king == emb.w("king")
    assert hash(king) == hash(emb.w("king"))
    assert king != emb.w("man")
    assert +king is king


def test_word_vector_as_query(emb: Embeddings) -> None:
    unit = _unit(VECTORS)
    query = emb.w("king") - emb.w("man") + emb.w("woman")
    result = emb.most_similar(query, k=3)
    _assert_same(result, _ranking(_cosadd(unit, 0, 1, 2), WORDS, {0, 1, 2})[:3])
    assert result == emb.analogy("man", "woman", "king", k=3)
    with_inputs = emb.most_similar(query, k=7, exclude_self=False)
    _assert_same(with_inputs, _ranking(_cosadd(unit, 0, 1, 2), WORDS))
    # Words whose coefficients cancel are no longer part of the query.
    assert "man" in [w for w, _ in emb.most_similar(emb.w("woman") + emb.w("man") - emb.w("man"))]


def test_word_vector_errors(emb: Embeddings) -> None:
    other = Embeddings(Vocab(WORDS), VECTORS)
    with pytest.raises(ConfigError, match="different embeddings"):
        emb.w("king") + other.w("man")
    with pytest.raises(ConfigError, match="other embeddings"):
        emb.most_similar(other.w("king"))
    with pytest.raises(UnknownWordError, match="'kingg'"):
        emb.w("kingg")
    with pytest.raises(TypeError):
        emb.w("king") + VECTORS[0]  # type: ignore[operator]
    with pytest.raises(TypeError):
        VECTORS[0] + emb.w("king")
    with pytest.raises(TypeError):
        emb.w("king") * emb.w("man")  # type: ignore[operator]
    with pytest.raises(TypeError):
        emb.w("king") * np.nan
    with pytest.raises(ZeroDivisionError):
        emb.w("king") / 0


# -- mean vectors, axes, projections, rejection --------------------------------------------


def test_mean_vector(emb: Embeddings) -> None:
    unit = _unit(VECTORS)
    mean = (unit[0] + unit[3]) / 2
    np.testing.assert_allclose(emb.mean_vector(["man", "queen"], normalize=False), mean, atol=1e-6)
    np.testing.assert_allclose(
        emb.mean_vector(["man", "queen"]), mean / np.linalg.norm(mean), atol=1e-6
    )
    weighted = (2 * unit[0] - 1 * unit[3]) / 3
    np.testing.assert_allclose(
        emb.mean_vector(["man", "queen"], weights=[2, -1], normalize=False), weighted, atol=1e-6
    )
    assert emb.mean_vector(["man"]).dtype == np.float32
    with pytest.raises(ConfigError, match="one weight per word"):
        emb.mean_vector(["man", "queen"], weights=[1.0])
    with pytest.raises(ConfigError, match="not all zero"):
        emb.mean_vector(["man"], weights=[0.0])
    with pytest.raises(ConfigError, match="at least one word"):
        emb.mean_vector([])
    with pytest.raises(UnknownWordError) as info:
        emb.mean_vector(["a1", "man", "a2"])
    assert info.value.words == ["a1", "a2"]


def test_axis(emb: Embeddings) -> None:
    unit = _unit(VECTORS)
    gender = unit[1] - unit[0]
    np.testing.assert_allclose(emb.axis("woman", "man"), gender / np.linalg.norm(gender), atol=1e-6)
    np.testing.assert_allclose(emb.axis("king"), unit[2], atol=1e-6)
    poles = (unit[1] + unit[3]) / 2 - (unit[0] + unit[2]) / 2
    np.testing.assert_allclose(
        emb.axis(["woman", "queen"], ["man", "king"]), poles / np.linalg.norm(poles), atol=1e-6
    )
    assert np.linalg.norm(emb.axis(["woman", "queen"], "man")) == pytest.approx(1.0, abs=1e-6)
    with pytest.raises(ConfigError, match="has length 0"):
        emb.axis("man", "man")
    with pytest.raises(ConfigError, match="has length 0"):
        emb.axis("zero")
    with pytest.raises(UnknownWordError) as info:
        emb.axis(["he", "man"], "she")
    assert info.value.words == ["he", "she"]


def test_project_and_plane(emb: Embeddings) -> None:
    unit = _unit(VECTORS)
    axis = np.array([2.0, -1.0, 0.5, 0.0])
    words = ["queen", "apple", "zero", "queen"]
    expected = unit[[3, 4, 5, 3]] @ (axis / np.linalg.norm(axis))
    np.testing.assert_allclose(emb.project(words, axis), expected, atol=1e-6)
    np.testing.assert_allclose(emb.project(words, 10 * axis), expected, atol=1e-6)
    gender = emb.w("woman") - emb.w("man")
    np.testing.assert_allclose(
        emb.project(["queen", "king"], gender),
        emb.project(["queen", "king"], emb.axis("woman", "man")),
        atol=1e-6,
    )
    y = np.array([0.0, 0.0, 0.0, 1.0])
    plane = emb.project_plane(words, axis, y)
    assert plane.shape == (4, 2)
    np.testing.assert_allclose(plane[:, 0], expected, atol=1e-6)
    np.testing.assert_allclose(plane[:, 1], unit[[3, 4, 5, 3], 3], atol=1e-6)
    with pytest.raises(ConfigError, match="axis has length 0"):
        emb.project(["man"], np.zeros(4))
    with pytest.raises(ConfigError, match="y_axis must be a 1-D vector of length 4"):
        emb.project_plane(["man"], axis, [1.0, 2.0])
    with pytest.raises(TypeError, match="not a word"):
        emb.project(["man"], "king")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_reject_removes_the_direction(dtype: type) -> None:
    words, vectors = _random(60, 10, seed=4)
    emb = Embeddings(Vocab(words), vectors.astype(dtype))
    direction = emb.axis("w0", "w1")
    neutral = emb.reject(direction)
    assert isinstance(neutral, Embeddings)
    assert neutral.vectors.dtype == dtype
    assert neutral.words == emb.words
    # Projections on the removed direction vanish...
    np.testing.assert_allclose(neutral.project(words[2:], direction), 0.0, atol=1e-5)
    # ...and the rest of each vector is unchanged: v = v_rejected + (v·d)d.
    d = direction.astype(np.float64)
    original = vectors.astype(np.float64)
    expected = original - np.outer(original @ d, d)
    np.testing.assert_allclose(neutral.vectors, expected, atol=1e-5)
    # These embeddings are not changed.
    np.testing.assert_array_equal(emb.vectors, vectors.astype(dtype))
    # A WordVector and an unnormalised array give the same result.
    np.testing.assert_allclose(
        emb.reject(emb.w("w0") - emb.w("w1")).vectors, neutral.vectors, atol=1e-5
    )


def test_reject_subspace_and_reject_vector(emb: Embeddings) -> None:
    directions = np.array([[1.0, 0.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0]])
    neutral = emb.reject(directions)
    np.testing.assert_allclose(neutral.vectors[:, :2], 0.0, atol=1e-6)
    np.testing.assert_allclose(neutral.vectors[:, 2:], VECTORS[:, 2:], atol=1e-6)
    assert neutral.vocab.counts is not None
    vector = np.array([3.0, 4.0, 1.0])
    direction = np.array([0.0, 2.0, 0.0])
    assert reject_vector(vector, direction).tolist() == [3.0, 0.0, 1.0]
    assert reject_vector(vector, direction).dtype == np.float64
    assert reject_vector(vector.astype(np.float32), direction).dtype == np.float32
    many = np.arange(12.0).reshape(4, 3)
    np.testing.assert_allclose(reject_vector(many, direction)[:, 1], 0.0)
    np.testing.assert_allclose(reject_vector(many, direction)[:, [0, 2]], many[:, [0, 2]])
    with pytest.raises(ConfigError, match="nothing to remove"):
        reject_vector(vector, np.zeros(3))
    with pytest.raises(ConfigError, match="length 3"):
        reject_vector(vector, [1.0, 0.0])
    with pytest.raises(ConfigError, match="nothing to remove"):
        emb.reject(np.zeros(4))
    with pytest.raises(ConfigError, match="finite"):
        emb.reject([np.nan, 0, 0, 0])
