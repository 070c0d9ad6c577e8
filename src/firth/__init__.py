"""firth: word embeddings the word2vec way.

"You shall know a word by the company it keeps" (J. R. Firth, 1957).

Importing firth is cheap: it compiles nothing and imports no optional extra. The Numba
kernels are imported (and compiled, or loaded from the on-disk cache) on first training.
"""

from __future__ import annotations

from firth.config import TrainConfig
from firth.errors import (
    ConfigError,
    CorpusError,
    EmptyCorpusError,
    FirthError,
    FormatError,
    UnknownWordError,
    VocabularyError,
)
from firth.vocab import Vocab

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "CorpusError",
    "EmptyCorpusError",
    "FirthError",
    "FormatError",
    "TrainConfig",
    "UnknownWordError",
    "Vocab",
    "VocabularyError",
    "__version__",
]
