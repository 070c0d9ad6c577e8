"""Interoperability with gensim's ``KeyedVectors`` (gensim is optional, imported lazily).

:func:`to_gensim` turns firth embeddings into a ``KeyedVectors`` (to use gensim's
evaluations or hand vectors to code that expects gensim); :func:`from_gensim` turns a
``KeyedVectors`` (for a trained ``Word2Vec`` model: ``model.wv``) into firth embeddings.
Both copy the vectors. Without gensim installed they raise an ``ImportError`` that says
how to install it; importing this module never needs gensim.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

import numpy as np

from firth.errors import ConfigError, VocabularyError

if TYPE_CHECKING:
    from firth.embeddings import Embeddings

__all__ = ["from_gensim", "to_gensim"]

logger = logging.getLogger(__name__)


def _gensim_models() -> Any:
    try:
        return importlib.import_module("gensim.models")
    except ImportError as exc:
        raise ImportError(
            "this needs gensim, which is not installed; install it with "
            "`pip install gensim` (or `pip install firth[bench]`)."
        ) from exc


def to_gensim(embeddings: Embeddings) -> Any:
    """The embeddings as a gensim ``KeyedVectors`` (vectors copied, as float32).

    Counts, when the vocabulary has them, become the ``"count"`` vector attribute
    (``kv.get_vecattr(word, "count")``).

    Parameters
    ----------
    embeddings
        The embeddings to convert.

    Returns
    -------
    gensim.models.KeyedVectors

    Raises
    ------
    ImportError
        If gensim is not installed (with the command that installs it).

    Examples
    --------
    >>> from firth.embeddings import Embeddings
    >>> from firth.vocab import Vocab
    >>> emb = Embeddings(Vocab(["a", "b"], counts=[7, 3]), [[1.0, 0.0], [0.5, 0.5]])
    >>> kv = to_gensim(emb)
    >>> kv.index_to_key, int(kv.get_vecattr("b", "count")), kv["a"].tolist()
    (['a', 'b'], 3, [1.0, 0.0])
    """
    models = _gensim_models()
    words = embeddings.words
    kv = models.KeyedVectors(vector_size=embeddings.dim, count=0, dtype=np.float32)
    if words:
        kv.add_vectors(words, np.array(embeddings.vectors, dtype=np.float32))
    counts = embeddings.vocab.counts
    if counts is not None and words:
        kv.allocate_vecattrs(attrs=["count"], types=[np.int64])
        kv.expandos["count"][:] = counts
    return kv


def from_gensim(kv: Any) -> Embeddings:
    """Embeddings from a gensim ``KeyedVectors`` (words in its index order, vectors copied).

    Counts are kept when ``kv`` has a non-negative integer ``"count"`` attribute for
    every vector (``kv.get_vecattr(word, "count")``). Note that gensim invents counts
    (``V - index``) when it loads a word2vec file without a vocabulary file; they come
    along as they are.

    Parameters
    ----------
    kv
        A ``gensim.models.KeyedVectors`` (for a trained ``Word2Vec`` model pass
        ``model.wv``) whose keys are strings.

    Returns
    -------
    Embeddings
        float32 vectors, no metadata.

    Raises
    ------
    TypeError
        If ``kv`` is not a ``KeyedVectors`` (e.g. a whole model).
    ConfigError
        If a key is not a string, or a vector is not finite.

    Examples
    --------
    >>> from gensim.models import KeyedVectors
    >>> kv = KeyedVectors(vector_size=2)
    >>> kv.add_vectors(["x", "y"], [[1.0, 2.0], [3.0, 4.0]])
    >>> emb = from_gensim(kv)
    >>> emb.words, emb.vectors.tolist()
    (['x', 'y'], [[1.0, 2.0], [3.0, 4.0]])
    """
    from firth.embeddings import Embeddings
    from firth.vocab import Vocab

    if not hasattr(kv, "index_to_key") or not hasattr(kv, "vectors"):
        hint = " (pass model.wv for a trained model)" if hasattr(kv, "wv") else ""
        raise TypeError(f"expected a gensim KeyedVectors{hint}; got {type(kv).__name__}.")
    words = list(kv.index_to_key)
    for i, word in enumerate(words):
        if not isinstance(word, str):
            raise ConfigError(
                f"key {i} of the KeyedVectors is a {type(word).__name__} ({word!r}), not a "
                "word; firth embeddings need str keys (these may be document tags)."
            )
    vectors = np.array(kv.vectors[: len(words)], dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[1] < 1:
        raise ConfigError(f"the KeyedVectors hold vectors of shape {vectors.shape}.")
    counts = _counts(kv, len(words))
    try:
        vocab = Vocab(words, counts)
    except VocabularyError as exc:  # pragma: no cover - gensim keys are unique
        raise ConfigError(f"the KeyedVectors keys are not a valid vocabulary: {exc}") from exc
    return Embeddings(vocab, vectors)


def _counts(kv: Any, n: int) -> np.ndarray[Any, Any] | None:
    expandos = getattr(kv, "expandos", None)
    if not isinstance(expandos, dict) or "count" not in expandos:
        return None
    counts = np.asarray(expandos["count"])[:n]
    if counts.shape != (n,) or not np.issubdtype(counts.dtype, np.integer):
        logger.debug("ignoring gensim counts of dtype %s shape %s", counts.dtype, counts.shape)
        return None
    if n and counts.min() < 0:
        return None
    return counts.astype(np.int64)
