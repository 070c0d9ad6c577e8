"""A tiny hand-made model shared by the query and embedding tests."""

from __future__ import annotations

import numpy as np

from firth.embeddings import Embeddings
from firth.vocab import Vocab

WORDS = ["man", "woman", "king", "queen", "apple", "zero", "paris"]
VECTORS = np.array(
    [
        [1.0, 0.0, 0.2, 0.0],  # man
        [1.0, 1.0, 0.2, 0.0],  # woman
        [1.0, 0.0, 1.2, 0.1],  # king
        [1.0, 1.0, 1.2, 0.1],  # queen
        [-1.0, 0.3, 0.0, 2.0],  # apple
        [0.0, 0.0, 0.0, 0.0],  # zero
        [0.2, -0.5, 0.4, 0.9],  # paris
    ],
    dtype=np.float32,
)


def toy_embeddings() -> Embeddings:
    """The toy words and vectors, with descending counts."""
    return Embeddings(Vocab(WORDS, counts=[50, 40, 30, 20, 10, 5, 1]), VECTORS.copy())
