"""Explicit PPMI vectors and their SVD (Levy, Goldberg & Dagan 2015).

Both start from the same co-occurrence counts as every other method
(:func:`~firth.cooccurrence.count_cooccurrences`), so PPMI, SVD, GloVe and word2vec can be
compared on one preprocessing of one corpus.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import numpy as np

from firth.config.counting import CountConfig, PPMIConfig, SVDConfig
from firth.errors import ConfigError

if TYPE_CHECKING:
    import os

    from firth.cooccurrence import Cooccurrence
    from firth.corpus import Corpus, CorpusSource, EncodedCorpus
    from firth.embeddings import Embeddings

__all__ = ["ppmi_matrix", "train_ppmi", "train_svd"]

#: Explicit PPMI vectors are dense rows; more cells than this needs ``max_contexts``.
MAX_DENSE_CELLS = 2**31


def ppmi_matrix(cooccurrence: Cooccurrence, config: PPMIConfig | None = None) -> Any:
    """The sparse PPMI matrix of co-occurrence counts (float32 CSR, zeros not stored).

    ``PPMI(w, c) = max(0, log(#(w, c) / #(w)) - log(#(c)^cds / Σ #(c')^cds) - log(shift))``
    where ``#(w)`` and ``#(c)`` are the row and column sums of the counts.

    Examples
    --------
    >>> from firth.config import CountConfig, PPMIConfig
    >>> from firth.cooccurrence import count_cooccurrences
    >>> cooc = count_cooccurrences([["a", "b", "a", "c"]] * 3, CountConfig(min_count=1, window=1))
    >>> ppmi = ppmi_matrix(cooc, PPMIConfig(cds=1.0))
    >>> ppmi.toarray().astype(float).round(3).tolist()
    [[0.0, 0.693, 0.693], [0.693, 0.0, 0.0], [0.693, 0.0, 0.0]]
    """
    import scipy.sparse

    config = config if config is not None else PPMIConfig()
    counts = cooccurrence.matrix.tocsr().astype(np.float64)
    counts.eliminate_zeros()
    rows = np.asarray(counts.sum(axis=1)).ravel()
    smoothed = np.asarray(counts.sum(axis=0)).ravel() ** config.cds
    log_context = np.log(smoothed, where=smoothed > 0, out=np.zeros_like(smoothed))
    log_context -= np.log(smoothed.sum()) if smoothed.sum() > 0 else 0.0
    row_of = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    values = np.log(counts.data)
    values -= np.log(rows[row_of])
    values -= log_context[counts.indices]
    values -= np.log(config.shift)
    np.maximum(values, 0.0, out=values)
    ppmi = scipy.sparse.csr_matrix(
        (values.astype(np.float32), counts.indices, counts.indptr), shape=counts.shape
    )
    ppmi.eliminate_zeros()
    return ppmi


def train_ppmi(
    source: Corpus | CorpusSource | EncodedCorpus | Cooccurrence,
    config: PPMIConfig | None = None,
    *,
    counting: CountConfig | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> Embeddings:
    """Explicit PPMI word vectors: each word's row of the PPMI matrix, one column a context.

    Parameters
    ----------
    source
        A corpus (anything :class:`~firth.corpus.Corpus` accepts, or an encoded one),
        counted with ``counting``; or a :class:`~firth.cooccurrence.Cooccurrence`.
    config
        PPMI options (context smoothing, shift, ``max_contexts``).
    counting
        How co-occurrences are counted (window, weighting, subsampling, ``min_count``);
        ``None`` uses :class:`~firth.config.CountConfig`'s defaults.
    cache_dir
        As for :func:`firth.train`.

    Raises
    ------
    ConfigError
        The dense rows would exceed 2**31 cells: set ``max_contexts``.

    Examples
    --------
    >>> import firth
    >>> from firth.config import CountConfig, PPMIConfig
    >>> corpus = [["a", "b", "a", "c"]] * 3
    >>> emb = firth.train_ppmi(corpus, PPMIConfig(cds=1.0), counting=CountConfig(min_count=1))
    >>> emb.dim, emb.metadata["method"]
    (3, 'ppmi')
    """
    from firth.cooccurrence import as_cooccurrence
    from firth.embeddings import Embeddings

    config = config if config is not None else PPMIConfig()
    cooc = as_cooccurrence(source, counting, cache_dir)
    clock = time.perf_counter()
    ppmi = ppmi_matrix(cooc, config)
    v = ppmi.shape[0]
    width = v if config.max_contexts is None else min(config.max_contexts, v)
    if v * width > MAX_DENSE_CELLS:
        raise ConfigError(
            f"explicit PPMI vectors of {v} words over {width} contexts would take "
            f"{v * width * 4 / 2**30:.1f} GiB; set PPMIConfig.max_contexts (e.g. 10000) "
            "to keep the most frequent contexts, or use train_svd."
        )
    vectors = np.ascontiguousarray(ppmi[:, :width].toarray(), dtype=np.float32)
    metadata = _metadata("ppmi", config.to_dict(), cooc, time.perf_counter() - clock)
    return Embeddings._from_checked(cooc.vocab, vectors, metadata)


def train_svd(
    source: Corpus | CorpusSource | EncodedCorpus | Cooccurrence,
    config: SVDConfig | None = None,
    *,
    ppmi: PPMIConfig | None = None,
    counting: CountConfig | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> Embeddings:
    """Word vectors from the truncated SVD of the PPMI matrix.

    ``PPMI ≈ U Σ Vᵀ``; the word vectors are ``U Σ^eig``, the context vectors ``V Σ^eig``,
    and ``config.output`` chooses ``"w"``, ``"c"`` or their sum ``"w+c"``.

    Parameters
    ----------
    source, counting, cache_dir
        As for :func:`train_ppmi`.
    config
        SVD options (dimension, eigenvalue weighting, output, solver).
    ppmi
        Options of the PPMI matrix factorised (``max_contexts`` is not used: the whole
        matrix is factorised).

    Examples
    --------
    >>> import firth
    >>> from firth.config import CountConfig, SVDConfig
    >>> corpus = [["a", "b", "c", "d", "a", "c"]] * 5
    >>> emb = firth.train_svd(corpus, SVDConfig(dim=2), counting=CountConfig(min_count=1))
    >>> emb.dim, emb.metadata["method"]
    (2, 'svd')
    """
    from firth.cooccurrence import as_cooccurrence
    from firth.embeddings import Embeddings
    from firth.models._svd import scaled_factors, truncated_svd

    config = config if config is not None else SVDConfig()
    ppmi_config = ppmi if ppmi is not None else PPMIConfig()
    cooc = as_cooccurrence(source, counting, cache_dir)
    clock = time.perf_counter()
    u, s, vt = truncated_svd(
        ppmi_matrix(cooc, ppmi_config), config.dim, solver=config.solver, seed=config.seed
    )
    if config.output == "w":
        vectors = scaled_factors(u, s, config.eig)
    elif config.output == "c":
        vectors = scaled_factors(vt.T, s, config.eig)
    else:
        vectors = scaled_factors(u + vt.T, s, config.eig)
    settings = {**config.to_dict(), "ppmi": ppmi_config.to_dict()}
    metadata = _metadata("svd", settings, cooc, time.perf_counter() - clock)
    metadata["singular_values"] = s.tolist()
    return Embeddings._from_checked(cooc.vocab, vectors, metadata)


def _metadata(
    method: str, config: dict[str, Any], cooc: Cooccurrence, seconds: float
) -> dict[str, Any]:
    return {"method": method, "config": config, "cooccurrence": cooc.metadata, "seconds": seconds}
