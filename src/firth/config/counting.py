"""Configurations of the count-based family: co-occurrence counting, PPMI, SVD and LSA.

The counting options mirror :class:`~firth.config.TrainConfig`'s (window, shrinking
windows, subsampling, ``min_count``), so a count-based model and word2vec can be built from
exactly the same corpus preprocessing (Levy, Goldberg & Dagan 2015).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from firth.config._checks import (
    ConfigMixin,
    check_bool,
    check_choice,
    check_float,
    check_int,
)

__all__ = [
    "CountConfig",
    "LSAConfig",
    "Output",
    "PPMIConfig",
    "SVDConfig",
    "SVDSolver",
    "Weighting",
]

Weighting = Literal["uniform", "harmonic", "linear"]
SVDSolver = Literal["arpack", "propack", "randomized"]
Output = Literal["w", "c", "w+c"]


@dataclass(frozen=True)
class CountConfig(ConfigMixin):
    """How word-context co-occurrences are counted.

    Parameters
    ----------
    window
        Maximum distance between a word and a context word (both sides).
    weighting
        What one co-occurrence at distance ``d`` adds: ``"uniform"`` 1, ``"harmonic"``
        ``1/d`` (GloVe), ``"linear"`` ``(window - d + 1) / window``, the expected weight of
        word2vec's shrinking windows without their randomness (hyperwords' ``dyn``).
    shrink_windows
        Draw the effective window uniformly from ``1..window`` for every word, as word2vec
        does (random; combine with ``weighting="uniform"`` to count what word2vec sees).
    sample
        Frequent-word subsampling threshold (word2vec's formula), applied before the
        windows, as word2vec does; 0 disables it.
    min_count, max_vocab_size, max_final_vocab
        Vocabulary options, as in :class:`~firth.config.TrainConfig`.
    threads
        Counting threads; ``None`` means every core.
    seed
        Seed of the random choices (subsampling, shrinking windows).
    buffer_mb
        Memory of each thread's buffer of raw pairs. A full buffer is sorted and summed
        into a run of distinct pairs, and runs are merged as they accumulate, so memory is
        bounded by the buffers plus about twice the final sparse matrix, whatever the
        corpus size.

    Examples
    --------
    >>> CountConfig(window=10, weighting="harmonic").window
    10
    >>> CountConfig(weighting="gaussian")
    Traceback (most recent call last):
    ...
    firth.errors.ConfigError: CountConfig.weighting must be one of 'uniform', 'harmonic', \
'linear'; got 'gaussian'.
    """

    window: int = 5
    weighting: Weighting = "uniform"
    shrink_windows: bool = False
    sample: float = 0.0
    min_count: int = 5
    max_vocab_size: int | None = None
    max_final_vocab: int | None = None
    threads: int | None = None
    seed: int = 1
    buffer_mb: int = 32

    def __post_init__(self) -> None:
        check_int(self, "window", 1)
        check_choice(self, "weighting", ("uniform", "harmonic", "linear"))
        check_bool(self, "shrink_windows")
        check_float(self, "sample", 0.0, 1.0)
        check_int(self, "min_count", 1)
        check_int(self, "max_vocab_size", 1, optional=True)
        check_int(self, "max_final_vocab", 1, optional=True)
        check_int(self, "threads", 1, optional=True)
        check_int(self, "seed", 0, maximum=2**64 - 1)
        check_int(self, "buffer_mb", 1)

    @property
    def effective_threads(self) -> int:
        """The number of counting threads actually used (``threads`` or every core)."""
        return self.threads if self.threads is not None else max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class PPMIConfig(ConfigMixin):
    """Positive pointwise mutual information of word-context pairs.

    ``PPMI(w, c) = max(0, log(P(w, c) / (P(w) P_cds(c))) - log(shift))``.

    Parameters
    ----------
    cds
        Context-distribution smoothing: context counts are raised to this power before
        normalising (0.75 as word2vec's noise distribution; 1 disables it).
    shift
        Shifted PMI: ``log(shift)`` is subtracted (``shift = k`` matches negative sampling
        with ``k`` noise words); 1 shifts nothing.
    max_contexts
        Keep only the columns of the most frequent context words as vector dimensions
        (explicit PPMI vectors are dense rows of this width); ``None`` keeps every context.
        The SVD always factorises the full matrix.

    Examples
    --------
    >>> PPMIConfig(cds=0.75, shift=5).shift
    5
    """

    cds: float = 0.75
    shift: float = 1.0
    max_contexts: int | None = None

    def __post_init__(self) -> None:
        check_float(self, "cds", 0.0, 1.0, low_open=True)
        check_float(self, "shift", 1.0, 1e6)
        check_int(self, "max_contexts", 1, optional=True)


def _check_svd(owner: object) -> None:
    check_int(owner, "dim", 1)
    check_float(owner, "eig", 0.0, 1.0)
    check_choice(owner, "solver", ("arpack", "propack", "randomized"))
    check_int(owner, "seed", 0, maximum=2**32 - 1)  # the seed range of scipy and scikit-learn


@dataclass(frozen=True)
class SVDConfig(ConfigMixin):
    """Truncated SVD of the PPMI matrix: ``W = U Σ^eig``, ``C = V Σ^eig``.

    Parameters
    ----------
    dim
        Number of singular vectors kept.
    eig
        Eigenvalue weighting ``p`` (0, 0.5 or 1 in Levy et al. 2015; any value in [0, 1]).
    output
        ``"w"`` the word vectors, ``"c"`` the context vectors, ``"w+c"`` their sum.
    solver
        ``"arpack"`` or ``"propack"`` (``scipy.sparse.linalg.svds``), or ``"randomized"``
        (scikit-learn's ``randomized_svd``; needs the ``firth[sklearn]`` extra).
    seed
        Seed of the solver's starting vector or random projections.

    Examples
    --------
    >>> SVDConfig(dim=50, eig=0.5).eig
    0.5
    """

    dim: int = 100
    eig: float = 0.5
    output: Output = "w"
    solver: SVDSolver = "arpack"
    seed: int = 1

    def __post_init__(self) -> None:
        _check_svd(self)
        check_choice(self, "output", ("w", "c", "w+c"))


@dataclass(frozen=True)
class LSAConfig(ConfigMixin):
    """Latent semantic analysis: a tf-idf document-term matrix and its truncated SVD.

    The word vectors are the right singular vectors scaled by ``Σ^eig``.

    Parameters
    ----------
    dim, eig, solver, seed
        As in :class:`SVDConfig`.
    document_tokens
        Cut the corpus into documents of this many tokens; ``None`` makes every sentence
        (line) a document.
    sublinear_tf
        Use ``1 + log(tf)`` instead of the raw term count.
    min_count, max_vocab_size, max_final_vocab
        Vocabulary options, as in :class:`~firth.config.TrainConfig`.

    Examples
    --------
    >>> LSAConfig(document_tokens=1000).document_tokens
    1000
    """

    dim: int = 100
    eig: float = 0.5
    solver: SVDSolver = "arpack"
    seed: int = 1
    document_tokens: int | None = None
    sublinear_tf: bool = True
    min_count: int = 5
    max_vocab_size: int | None = None
    max_final_vocab: int | None = None

    def __post_init__(self) -> None:
        _check_svd(self)
        check_int(self, "document_tokens", 1, optional=True)
        check_bool(self, "sublinear_tf")
        check_int(self, "min_count", 1)
        check_int(self, "max_vocab_size", 1, optional=True)
        check_int(self, "max_final_vocab", 1, optional=True)
