"""End to end: training recovers planted structure in every mode; untrained vectors do not."""

from __future__ import annotations

import numpy as np
import pytest

import firth
from planted import analogy_accuracy, planted_corpus

# (architecture, loss, CBOW context or skip-gram update)
MODES = [
    ("skipgram", "ns", "window"),
    ("skipgram", "hs", "window"),
    ("skipgram", "both", "window"),
    ("skipgram", "ns", "pair"),
    ("skipgram", "hs", "pair"),
    ("skipgram", "both", "pair"),
    ("skipgram", "nce", "window"),
    ("skipgram", "nce", "pair"),
    ("cbow", "ns", "mean"),
    ("cbow", "ns", "sum"),
    ("cbow", "hs", "mean"),
    ("cbow", "both", "sum"),
    ("cbow", "nce", "mean"),
]


@pytest.fixture(scope="module")
def corpus() -> list[list[str]]:
    return planted_corpus()


def _config(architecture: str, loss: str, variant: str, **extra: object) -> firth.TrainConfig:
    options: dict[str, object] = dict(
        architecture=architecture,
        loss=loss,
        dim=24,
        window=5,
        min_count=1,
        epochs=10,
        sample=0.0,
        threads=2,
        seed=1,
    )
    options["cbow_context" if architecture == "cbow" else "skipgram_update"] = variant
    options.update(extra)
    return firth.TrainConfig(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize(("architecture", "loss", "variant"), MODES)
def test_every_mode_learns_planted_analogies(
    corpus: list[list[str]], architecture: str, loss: str, variant: str
) -> None:
    model = firth.train(corpus, _config(architecture, loss, variant))
    assert analogy_accuracy(model.embeddings) >= 0.7
    losses = [h.mean_loss for h in model.history]
    assert all(np.isfinite(losses))
    assert losses[-1] < losses[0]


def test_untrained_vectors_fail_the_same_test(corpus: list[list[str]]) -> None:
    frozen = _config("skipgram", "ns", "window", epochs=1, alpha=1e-9, min_alpha=1e-9)
    model = firth.train(corpus, frozen)
    assert analogy_accuracy(model.embeddings) < 0.1


def test_skipgram_clusters_words_of_the_same_role(corpus: list[list[str]]) -> None:
    emb = firth.train(corpus, _config("skipgram", "ns", "window")).embeddings
    shares = []
    for role in range(8):
        for i in range(6):
            neighbours = [w for w, _ in emb.most_similar(f"r{role}_{i}", k=5)]
            shares.append(np.mean([w.startswith(f"r{role}_") for w in neighbours]))
    assert np.mean(shares) >= 0.8


def test_context_vectors_are_trained_and_hs_only_has_none(corpus: list[list[str]]) -> None:
    model = firth.train(corpus, _config("skipgram", "ns", "window", epochs=2))
    context = model.context_embeddings
    assert context.vectors.shape == model.embeddings.vectors.shape
    assert np.abs(context.vectors).sum() > 0  # started at zero, so training moved it
    hs = firth.train(corpus, _config("cbow", "hs", "mean", epochs=1))
    assert hs.hs_vectors is not None
    assert hs.hs_vectors.shape == (len(hs.vocab) - 1, 24)
    with pytest.raises(firth.ConfigError, match="loss='ns', 'nce' or 'both'"):
        _ = hs.context_embeddings
    with pytest.raises(firth.ConfigError, match="loss='ns', 'nce' or 'both'"):
        hs.embeddings_of("w+c")
    total = model.embeddings_of("w+c").vectors
    np.testing.assert_array_equal(total, model.input_vectors + context.vectors)
    np.testing.assert_array_equal(model.embeddings_of("c").vectors, context.vectors)


def test_nce_learns_a_normalised_model_and_negative_sampling_does_not(
    corpus: list[list[str]],
) -> None:
    # NCE estimates P(centre | context) itself, so exp(scores) sums to about 1 over the
    # vocabulary for every word; negative sampling learns PMI - log k, which sums far
    # above 1 (about 21 here). An "NCE" that were negative sampling renamed fails this.
    totals = {}
    for loss in ("nce", "ns"):
        model = firth.train(corpus, _config("skipgram", loss, "window"))
        assert model.output_vectors is not None
        scores = model.input_vectors.astype(np.float64) @ model.output_vectors.T
        totals[loss] = np.median(np.exp(scores).sum(axis=1))
    assert 0.8 < totals["nce"] < 1.25
    assert totals["ns"] > 5
