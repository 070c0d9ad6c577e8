"""The reported loss is the real objective, summed without races, per epoch."""

from __future__ import annotations

import math

import numpy as np
import pytest

import firth
from firth._kernels.huffman import huffman_tree


def _frozen(loss: str, threads: int) -> firth.TrainConfig:
    # A learning rate of ~0 keeps the output layer at its initial zeros, so every
    # prediction has score 0 and costs exactly log(2).
    return firth.TrainConfig(
        architecture="skipgram",
        loss=loss,
        dim=8,
        window=2,
        shrink_windows=False,
        negative=3,
        sample=0.0,
        min_count=1,
        epochs=2,
        alpha=1e-12,
        min_alpha=1e-12,
        threads=threads,
        job_words=50,
    )


@pytest.mark.parametrize("threads", [1, 2])
def test_hs_loss_counts_every_inner_node_exactly(threads: int) -> None:
    rng = np.random.default_rng(0)
    sentences = [[f"w{i}" for i in rng.integers(0, 30, rng.integers(2, 9))] for _ in range(200)]
    model = firth.train(sentences, _frozen("hs", threads))
    counts = model.vocab.counts
    assert counts is not None
    _, _, lengths = huffman_tree(counts)
    expected = 0
    for sentence in sentences:
        ids = [model.vocab.index(w) for w in sentence]
        for i, centre in enumerate(ids):
            contexts = [j for j in range(max(0, i - 2), min(len(ids), i + 3)) if j != i]
            expected += len(contexts) * int(lengths[centre])
    for epoch in model.history:
        assert epoch.predictions == expected
        assert epoch.loss == pytest.approx(expected * math.log(2), rel=1e-6)
        assert epoch.mean_loss == pytest.approx(math.log(2), rel=1e-6)


@pytest.mark.parametrize("architecture", ["skipgram", "cbow"])
def test_ns_loss_is_log2_per_prediction_at_zero_output(architecture: str) -> None:
    sentences = [["a", "b", "c", "d", "e", "f"]] * 100
    config = _frozen("ns", 2)
    config = firth.TrainConfig(**{**config.to_dict(), "architecture": architecture})
    model = firth.train(sentences, config)
    for epoch in model.history:
        assert epoch.predictions > 0
        assert epoch.mean_loss == pytest.approx(math.log(2), rel=1e-6)
        assert epoch.completed


def test_loss_is_per_epoch_not_cumulative() -> None:
    sentences = [["x", "y", "z", "w"]] * 500
    config = firth.TrainConfig(dim=8, min_count=1, sample=0.0, epochs=4, threads=2)
    history = firth.train(sentences, config).history
    assert len(history) == 4
    predictions = [h.predictions for h in history]
    assert max(predictions) < 1.2 * min(predictions)  # each epoch counts its own
    assert history[-1].loss < history[0].loss


def test_loss_can_be_switched_off() -> None:
    config = firth.TrainConfig(dim=8, min_count=1, epochs=1, threads=1, compute_loss=False)
    epoch = firth.train([["p", "q", "r"]] * 50, config).history[0]
    assert math.isnan(epoch.loss)
    assert math.isnan(epoch.mean_loss)
