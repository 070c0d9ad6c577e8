"""Tiny embeddings and benchmark files whose scores are worked out by hand in the tests."""

from __future__ import annotations

import pytest

from firth import Embeddings, Vocab

# Seven words in frequency order, three dimensions. Unit vectors (rounded):
#   man   (1, 0, 0)              woman (.707, .707, 0)      king (.707, 0, .707)
#   queen (.577, .577, .577)     apple (-1, 0, 0)           banana (0, -1, 0)
#   empress (.375, .656, .656): almost parallel to woman - man + king.
TOY_WORDS = ["man", "woman", "king", "queen", "apple", "banana", "empress"]
TOY_VECTORS = [
    [1.0, 0.0, 0.0],
    [1.0, 1.0, 0.0],
    [1.0, 0.0, 1.0],
    [1.0, 1.0, 1.0],
    [-1.0, 0.0, 0.0],
    [0.0, -1.0, 0.0],
    [0.4, 0.7, 0.7],
]

# 3CosAdd answers over the seven words (inputs excluded), worked out in test_eval_analogy:
#   man woman king -> empress (cos 1.00; queen 0.975)   king queen man -> woman
#   man woman apple -> empress                          woman man queen -> king
TOY_QUESTIONS = """\
: family
man woman king queen
king queen man woman
man woman apple banana
: gram1-plural
man woman pear pears
woman man queen king
"""


@pytest.fixture
def toy() -> Embeddings:
    return Embeddings(Vocab(TOY_WORDS), TOY_VECTORS)


@pytest.fixture
def toy_questions() -> str:
    return TOY_QUESTIONS
