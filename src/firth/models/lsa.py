"""Latent semantic analysis: word vectors from a tf-idf document-term matrix.

The document-level cousin of PPMI-SVD, on the same corpus pipeline: a document is a
sentence (line) or a run of ``document_tokens`` tokens; the matrix is weighted by tf-idf,
its rows normalised, and factorised by truncated SVD; a word's vector is its row of
``V Σ^eig``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import numpy as np

from firth.config.counting import LSAConfig

if TYPE_CHECKING:
    import os

    from firth.corpus import Corpus, CorpusSource, EncodedCorpus
    from firth.embeddings import Embeddings

__all__ = ["tfidf_matrix", "train_lsa"]


def tfidf_matrix(data: EncodedCorpus, config: LSAConfig | None = None) -> Any:
    """The ``(documents, words)`` tf-idf matrix of an encoded corpus, rows of unit length.

    Term frequency is the count in the document (``1 + log(count)`` with
    ``sublinear_tf``); inverse document frequency is scikit-learn's smoothed
    ``1 + log((1 + n) / (1 + df))``.

    Examples
    --------
    >>> from firth.corpus import encode_corpus
    >>> data = encode_corpus([["a", "b"], ["a", "a", "c"]], min_count=1)
    >>> tfidf_matrix(data, LSAConfig(sublinear_tf=False)).toarray().astype(float).round(3)
    array([[0.58 , 0.815, 0.   ],
           [0.818, 0.   , 0.575]])
    """
    import scipy.sparse

    config = config if config is not None else LSAConfig()
    n_tokens = len(data.ids)
    ends = np.asarray(data.sentence_ends, dtype=np.int64)
    if config.document_tokens is None:
        documents = np.repeat(np.arange(len(ends)), np.diff(ends, prepend=0))
    else:
        documents = np.arange(n_tokens, dtype=np.int64) // config.document_tokens
    n_docs = int(documents[-1]) + 1 if n_tokens else 0
    v = len(data.vocab)
    matrix = scipy.sparse.csr_matrix(
        (np.ones(n_tokens, dtype=np.float64), (documents, np.asarray(data.ids))),
        shape=(n_docs, v),
    )  # duplicates are summed: term counts
    matrix.sum_duplicates()
    if config.sublinear_tf:
        matrix.data = 1.0 + np.log(matrix.data)
    df = np.bincount(matrix.indices, minlength=v)
    idf = 1.0 + np.log((1.0 + n_docs) / (1.0 + df))
    matrix.data *= idf[matrix.indices]
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix.data /= np.repeat(norms, np.diff(matrix.indptr))
    return matrix.astype(np.float32)


def train_lsa(
    corpus: Corpus | CorpusSource | EncodedCorpus,
    config: LSAConfig | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
) -> Embeddings:
    """LSA word vectors: the truncated SVD of the tf-idf document-term matrix.

    Parameters
    ----------
    corpus
        Anything :class:`~firth.corpus.Corpus` accepts, or an encoded corpus (then the
        vocabulary options of ``config`` are not used).
    config
        Dimension, eigenvalue weighting, documents and vocabulary options.
    cache_dir
        As for :func:`firth.train`.

    Examples
    --------
    >>> import firth
    >>> from firth.config import LSAConfig
    >>> docs = [["cat", "dog", "pet"], ["dog", "pet"], ["stock", "bond"], ["bond", "market"]]
    >>> emb = firth.train_lsa(docs * 3, LSAConfig(dim=2, min_count=1))
    >>> emb.dim, emb.metadata["method"]
    (2, 'lsa')
    """
    from firth.corpus import EncodedCorpus, encode_corpus
    from firth.corpus._cache import spill_folder
    from firth.embeddings import Embeddings
    from firth.models._svd import scaled_factors, truncated_svd

    config = config if config is not None else LSAConfig()
    with spill_folder(cache_dir) as folder:
        data = (
            corpus
            if isinstance(corpus, EncodedCorpus)
            else encode_corpus(
                corpus,
                min_count=config.min_count,
                max_vocab_size=config.max_vocab_size,
                max_final_vocab=config.max_final_vocab,
                cache_dir=folder,
            )
        )
        clock = time.perf_counter()
        matrix = tfidf_matrix(data, config)
        vocab, tokens = data.vocab, len(data.ids)
        del data  # unmaps the ids before a temporary folder is removed
    _, s, vt = truncated_svd(matrix, config.dim, solver=config.solver, seed=config.seed)
    metadata = {
        "method": "lsa",
        "config": config.to_dict(),
        "documents": int(matrix.shape[0]),
        "tokens": tokens,
        "singular_values": s.tolist(),
        "seconds": time.perf_counter() - clock,
    }
    return Embeddings._from_checked(vocab, scaled_factors(vt.T, s, config.eig), metadata)
