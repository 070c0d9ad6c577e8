"""A model trained in the tests whose words make the explainers' examples work."""

from __future__ import annotations

from pathlib import Path

import pytest

import firth
from planted import planted_corpus

#: Planted targets renamed: gender 0/1 x role 0..3, so that man : king :: woman : queen.
NAMES = {
    "t0_0": "king", "t1_0": "queen", "t0_1": "man", "t1_1": "woman",
    "t0_2": "boy", "t1_2": "girl", "t0_3": "prince", "t1_3": "princess",
}  # fmt: skip


@pytest.fixture(scope="session")
def royal_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = [[NAMES.get(w, w) for w in sentence] for sentence in planted_corpus()]
    config = firth.TrainConfig(architecture="skipgram", dim=24, min_count=1, epochs=10,
                               sample=0.0, threads=1, seed=1)  # fmt: skip
    path = tmp_path_factory.mktemp("web") / "royal"
    firth.train(corpus, config).save(path)
    return path
