"""firth: word embeddings the word2vec way.

"You shall know a word by the company it keeps" (J. R. Firth, 1957).

Importing firth is cheap: it compiles nothing and imports no optional extra. The Numba
kernels are imported (and compiled, or loaded from the on-disk cache) on first training.

Examples
--------
>>> import firth
>>> sentences = [["the", "king", "rules"], ["the", "queen", "rules"]] * 100
>>> model = firth.train(sentences, firth.TrainConfig(dim=16, min_count=1, threads=1))
>>> emb = model.embeddings
>>> len(emb), emb.dim
(4, 16)
"""

from __future__ import annotations

from firth.config import (
    CountConfig,
    GloVeConfig,
    GraphConfig,
    ItemConfig,
    LSAConfig,
    PhrasesConfig,
    PPMIConfig,
    SVDConfig,
    TrainConfig,
)
from firth.cooccurrence import Cooccurrence, count_cooccurrences
from firth.corpus import Corpus, EncodedCorpus, encode_corpus
from firth.embeddings import Embeddings, load
from firth.errors import (
    ConfigError,
    CorpusError,
    EmptyCorpusError,
    FirthError,
    FormatError,
    UnknownWordError,
    VocabularyError,
)
from firth.graphs.train import train_graph
from firth.items.model import ItemModel, train_items
from firth.models.glove import GloVeModel, train_glove
from firth.models.lsa import train_lsa
from firth.models.ppmi import train_ppmi, train_svd
from firth.models.word2vec import Word2VecModel, resume, train
from firth.phrases import Phrases, learn_phrases
from firth.training.callbacks import Callback, EpochStats, Progress, StopTraining
from firth.vocab import Vocab

__version__ = "0.1.0"

__all__ = [
    "Callback",
    "ConfigError",
    "Cooccurrence",
    "Corpus",
    "CorpusError",
    "CountConfig",
    "Embeddings",
    "EmptyCorpusError",
    "EncodedCorpus",
    "EpochStats",
    "FirthError",
    "FormatError",
    "GloVeConfig",
    "GloVeModel",
    "GraphConfig",
    "ItemConfig",
    "ItemModel",
    "LSAConfig",
    "PPMIConfig",
    "Phrases",
    "PhrasesConfig",
    "Progress",
    "SVDConfig",
    "StopTraining",
    "TrainConfig",
    "UnknownWordError",
    "Vocab",
    "VocabularyError",
    "Word2VecModel",
    "__version__",
    "count_cooccurrences",
    "encode_corpus",
    "learn_phrases",
    "load",
    "resume",
    "train",
    "train_glove",
    "train_graph",
    "train_items",
    "train_lsa",
    "train_ppmi",
    "train_svd",
]
