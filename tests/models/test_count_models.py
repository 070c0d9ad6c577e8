"""PPMI, SVD and LSA against dense NumPy computations, and on planted structure."""

from __future__ import annotations

import numpy as np
import pytest

import firth
from firth.config import CountConfig, LSAConfig, PPMIConfig, SVDConfig
from firth.cooccurrence import Cooccurrence, count_cooccurrences
from firth.models.lsa import tfidf_matrix
from firth.models.ppmi import ppmi_matrix
from planted import analogy_accuracy, planted_corpus


@pytest.fixture(scope="module")
def planted() -> list[list[str]]:
    return planted_corpus()


@pytest.fixture(scope="module")
def cooc(planted: list[list[str]]) -> Cooccurrence:
    return count_cooccurrences(planted, CountConfig(window=5, min_count=1))


def _dense_ppmi(counts: np.ndarray, cds: float, shift: float) -> np.ndarray:
    context = counts.sum(axis=0) ** cds
    with np.errstate(divide="ignore"):
        pmi = np.log(counts / counts.sum(axis=1, keepdims=True) / (context / context.sum()))
    pmi -= np.log(shift)
    pmi[counts == 0] = 0.0
    return np.maximum(pmi, 0.0)


def _signed(u: np.ndarray) -> np.ndarray:
    """Columns with their largest-magnitude entry positive (the SVD's sign convention)."""
    return u * np.sign(u[np.abs(u).argmax(axis=0), np.arange(u.shape[1])])


@pytest.mark.parametrize(("cds", "shift"), [(1.0, 1.0), (0.75, 1.0), (0.75, 5.0)])
def test_ppmi_matches_a_dense_computation(cooc: Cooccurrence, cds: float, shift: float) -> None:
    expected = _dense_ppmi(cooc.matrix.toarray().astype(np.float64), cds, shift)
    got = ppmi_matrix(cooc, PPMIConfig(cds=cds, shift=shift))
    np.testing.assert_allclose(got.toarray(), expected, rtol=1e-5, atol=1e-6)
    assert got.nnz == np.count_nonzero(expected)  # zeros are not stored
    emb = firth.train_ppmi(cooc, PPMIConfig(cds=cds, shift=shift, max_contexts=10))
    np.testing.assert_allclose(emb.vectors, expected[:, :10], rtol=1e-5, atol=1e-6)
    assert emb.metadata["method"] == "ppmi"


@pytest.mark.parametrize("eig", [0.0, 0.5, 1.0])
@pytest.mark.parametrize("output", ["w", "c", "w+c"])
def test_svd_matches_numpy(cooc: Cooccurrence, eig: float, output: str) -> None:
    ppmi = _dense_ppmi(cooc.matrix.toarray().astype(np.float64), 0.75, 1.0)
    u, s, vt = np.linalg.svd(ppmi)
    u, s, vt = u[:, :8], s[:8], vt[:8]
    flip = np.sign(u[np.abs(u).argmax(axis=0), np.arange(8)])
    u, v = u * flip, vt.T * flip
    expected = {"w": u, "c": v, "w+c": u + v}[output] * s**eig
    emb = firth.train_svd(cooc, SVDConfig(dim=8, eig=eig, output=output))  # type: ignore[arg-type]
    np.testing.assert_allclose(emb.vectors, expected, atol=2e-4 * max(1.0, s[0] ** eig))
    np.testing.assert_allclose(emb.metadata["singular_values"], s, rtol=1e-5)


@pytest.mark.parametrize("solver", ["propack", "randomized"])
def test_every_solver_finds_the_same_factors(cooc: Cooccurrence, solver: str) -> None:
    arpack = firth.train_svd(cooc, SVDConfig(dim=8, eig=1.0))
    other = firth.train_svd(cooc, SVDConfig(dim=8, eig=1.0, solver=solver))  # type: ignore[arg-type]
    np.testing.assert_allclose(other.metadata["singular_values"][:4],
                               arpack.metadata["singular_values"][:4], rtol=1e-3)  # fmt: skip
    np.testing.assert_allclose(np.abs(other.vectors[:, :4]), np.abs(arpack.vectors[:, :4]),
                               atol=1e-2)  # fmt: skip


def test_ppmi_and_svd_recover_planted_analogies(cooc: Cooccurrence) -> None:
    assert analogy_accuracy(firth.train_ppmi(cooc)) >= 0.9
    assert analogy_accuracy(firth.train_svd(cooc, SVDConfig(dim=24))) >= 0.9


def test_count_models_fail_when_the_structure_is_destroyed(planted: list[list[str]]) -> None:
    rng = np.random.default_rng(1)
    tokens = [w for sentence in planted for w in sentence]
    rng.shuffle(tokens)
    shuffled = [tokens[i : i + 9] for i in range(0, len(tokens), 9)]
    cooc = count_cooccurrences(shuffled, CountConfig(window=5, min_count=1))
    assert analogy_accuracy(firth.train_svd(cooc, SVDConfig(dim=24))) < 0.1


def test_counting_options_reach_the_counts(planted: list[list[str]]) -> None:
    a = firth.train_svd(planted, SVDConfig(dim=4), counting=CountConfig(window=2, min_count=1))
    b = firth.train_svd(planted, SVDConfig(dim=4), counting=CountConfig(window=5, min_count=1))
    assert a.metadata["cooccurrence"]["config"]["window"] == 2
    assert not np.allclose(np.abs(a.vectors), np.abs(b.vectors), atol=1e-3)
    cooc = count_cooccurrences(planted, CountConfig(min_count=1))
    with pytest.raises(firth.ConfigError, match="already counted"):
        firth.train_ppmi(cooc, counting=CountConfig())


def test_dense_ppmi_too_large_and_svd_too_wide_are_refused(
    cooc: Cooccurrence, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("firth.models.ppmi.MAX_DENSE_CELLS", 100)
    with pytest.raises(firth.ConfigError, match="max_contexts"):
        firth.train_ppmi(cooc)
    with pytest.raises(firth.ConfigError, match="dim=500 must be smaller"):
        firth.train_svd(cooc, SVDConfig(dim=500))


def test_tfidf_matches_scikit_learn() -> None:
    text = pytest.importorskip("sklearn.feature_extraction.text")
    docs = [["a", "b", "b", "c"], ["a", "d"], ["c", "c", "d", "e"], ["e"]]
    data = firth.encode_corpus(docs, min_count=1)
    for sublinear in (True, False):
        vectorizer = text.TfidfVectorizer(sublinear_tf=sublinear, token_pattern=r"\S+")
        expected = vectorizer.fit_transform([" ".join(d) for d in docs]).toarray()
        columns = [data.vocab.index(w) for w in vectorizer.get_feature_names_out()]
        got = tfidf_matrix(data, LSAConfig(sublinear_tf=sublinear)).toarray()[:, columns]
        np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_lsa_factorises_the_tfidf_matrix_and_groups_topics() -> None:
    rng = np.random.default_rng(0)
    topics = [[f"t{t}_{i}" for i in range(8)] for t in range(4)]
    docs = [list(rng.choice(topics[t % 4], size=6)) for t in range(400)]
    config = LSAConfig(dim=4, eig=1.0, min_count=1)
    emb = firth.train_lsa(docs, config)
    data = firth.encode_corpus(docs, min_count=1)
    s = np.linalg.svd(tfidf_matrix(data, config).toarray(), compute_uv=False)
    np.testing.assert_allclose(emb.metadata["singular_values"], s[:4], rtol=1e-4)
    for topic in topics:
        neighbours = [w for w, _ in emb.most_similar(topic[0], k=7)]
        assert all(w.split("_")[0] == topic[0].split("_")[0] for w in neighbours)
    pieces = firth.train_lsa(docs, LSAConfig(dim=4, min_count=1, document_tokens=12))
    assert pieces.metadata["documents"] == 200  # 2,400 tokens in runs of 12


def test_count_models_save_and_load_like_word2vec(cooc: Cooccurrence, tmp_path) -> None:  # type: ignore[no-untyped-def]
    emb = firth.train_svd(cooc, SVDConfig(dim=8))
    emb.save(tmp_path / "svd")
    back = firth.load(tmp_path / "svd")
    np.testing.assert_array_equal(back.vectors, emb.vectors)
    assert back.metadata["method"] == "svd"
    assert back.most_similar("t0_1", k=3) == emb.most_similar("t0_1", k=3)
