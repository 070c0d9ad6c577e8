"""GloVe: global vectors fitted to a co-occurrence matrix (Pennington et al. 2014).

:func:`train_glove` fits ``w[i] . c[j] + bw[i] + bc[j] = log X[i, j]`` over the non-zero
entries of a :class:`~firth.cooccurrence.Cooccurrence`, each weighted by
``f(X[i, j]) = min(1, (X[i, j] / x_max) ** alpha)``, with AdaGrad exactly as the reference
``glove.c`` does (:mod:`firth._kernels.glove`). The entries are dealt to the threads once,
in random order; every epoch each thread shuffles its share (in parallel, with its own
random stream) and trains it, updating the shared arrays without locks (Hogwild, as
glove.c's threads do, though glove.c keeps one order for every epoch).

Reproducibility: with ``threads=1`` the same co-occurrences, configuration and ``seed``
give bit-identical vectors on a given machine. With more threads the updates interleave
differently on every run (the quality does not depend on it).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from firth.config.counting import CountConfig
from firth.config.glove import GloVeConfig
from firth.errors import ConfigError, EmptyCorpusError
from firth.vocab import Vocab

if TYPE_CHECKING:
    import os

    from firth.cooccurrence import Cooccurrence
    from firth.corpus import Corpus, CorpusSource, EncodedCorpus
    from firth.embeddings import Embeddings

__all__ = ["GLOVE_COUNTING", "GloVeEpoch", "GloVeModel", "train_glove"]

logger = logging.getLogger(__name__)

#: Entries a thread trains between two looks at the stop flag (a few tens of ms).
CHUNK = 1 << 18

#: How :func:`train_glove` counts a corpus by default: glove.c's ``cooccur`` defaults,
#: a symmetric window of 15 words with each pair weighted by ``1 / distance``.
GLOVE_COUNTING = CountConfig(window=15, weighting="harmonic")

_F32 = npt.NDArray[np.float32]


@dataclass(frozen=True)
class GloVeEpoch:
    """Statistics of one completed epoch.

    ``cost`` is glove.c's reported cost: the mean over the non-zero entries of
    ``0.5 * f(x) * (w . c + bw + bc - log x) ** 2``, measured while the epoch trains them.
    """

    epoch: int
    cost: float
    seconds: float


class GloVeModel:
    """Trained GloVe vectors and biases. Build one with :func:`train_glove`.

    Attributes
    ----------
    config
        The options it was trained with.
    vocab
        The words of the co-occurrence matrix.
    word_vectors, context_vectors
        ``W`` (rows of the matrix) and ``C`` (its columns), each ``(len(vocab), dim)``.
    word_biases, context_biases
        ``bw`` and ``bc``, each ``(len(vocab),)``.
    history
        One :class:`GloVeEpoch` per completed epoch.
    interrupted
        True when Ctrl-C stopped training early: the arrays hold the weights reached
        (including part of the epoch that was cut short, which ``history`` omits).
    seconds
        Wall-clock time of training (compiling the kernel included).
    cooccurrence_metadata
        How the co-occurrences were counted (``Cooccurrence.metadata``).
    """

    def __init__(
        self,
        config: GloVeConfig,
        vocab: Vocab,
        word_vectors: _F32,
        context_vectors: _F32,
        word_biases: _F32,
        context_biases: _F32,
        *,
        history: Sequence[GloVeEpoch] = (),
        interrupted: bool = False,
        seconds: float = 0.0,
        cooccurrence_metadata: dict[str, Any] | None = None,
    ) -> None:
        self.config = config
        self.vocab = vocab
        self.word_vectors = word_vectors
        self.context_vectors = context_vectors
        self.word_biases = word_biases
        self.context_biases = context_biases
        self.history = list(history)
        self.interrupted = interrupted
        self.seconds = seconds
        self.cooccurrence_metadata = dict(cooccurrence_metadata or {})

    @property
    def embeddings(self) -> Embeddings:
        """The vectors chosen by ``config.output``: ``W``, ``C`` or ``W + C`` (no biases)."""
        output = self.config.output
        if output == "w":
            vectors = self.word_vectors
        elif output == "c":
            vectors = self.context_vectors
        else:
            vectors = self.word_vectors + self.context_vectors
        return self._embeddings(vectors, output)

    @property
    def context_embeddings(self) -> Embeddings:
        """The context vectors ``C`` alone, whatever ``config.output`` says."""
        return self._embeddings(self.context_vectors, "c")

    def _embeddings(self, vectors: _F32, output: str) -> Embeddings:
        from firth.embeddings import Embeddings

        metadata = {
            "method": "glove",
            "vectors": output,
            "config": self.config.to_dict(),
            "cooccurrence": self.cooccurrence_metadata,
            "seconds": self.seconds,
            "history": [asdict(epoch) for epoch in self.history],
            "interrupted": self.interrupted,
        }
        return Embeddings(self.vocab, vectors, metadata=metadata)

    def __repr__(self) -> str:
        status = "interrupted" if self.interrupted else f"{len(self.history)} epochs"
        return (
            f"GloVeModel(vocab={len(self.vocab)}, dim={self.config.dim}, "
            f"output={self.config.output!r}, {status})"
        )


def train_glove(
    source: Corpus | CorpusSource | EncodedCorpus | Cooccurrence,
    config: GloVeConfig | None = None,
    *,
    counting: CountConfig | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> GloVeModel:
    """Train GloVe vectors on the non-zero entries of a co-occurrence matrix.

    Parameters
    ----------
    source
        A corpus (anything :class:`~firth.corpus.Corpus` accepts, or an encoded one),
        counted with ``counting``; or a :class:`~firth.cooccurrence.Cooccurrence`, whose
        matrix is a ``(V, V)`` scipy sparse matrix of finite, non-negative counts (zeros
        are skipped).
    config
        Training options; ``None`` uses the defaults of :class:`~firth.config.GloVeConfig`.
    counting
        How a corpus is counted; ``None`` means :data:`GLOVE_COUNTING`, glove.c's
        defaults (a symmetric window of 15 words, each pair weighted by ``1 / distance``).
    cache_dir
        As for :func:`firth.train`.

    Returns
    -------
    GloVeModel
        ``model.embeddings`` holds the vectors chosen by ``config.output``.

    Raises
    ------
    ConfigError
        If the matrix is not sparse, not ``(len(vocab), len(vocab))``, or holds a negative
        or non-finite count; if ``counting`` is given with a ``Cooccurrence``.
    EmptyCorpusError
        If the matrix has no non-zero count.

    Notes
    -----
    Ctrl-C stops training within a fraction of a second: the model returned holds the
    weights reached, with ``interrupted=True``. Progress is logged (``logging.INFO``),
    one line per epoch with glove.c's cost.

    Examples
    --------
    >>> import numpy as np
    >>> import scipy.sparse
    >>> from firth.config.glove import GloVeConfig
    >>> from firth.cooccurrence import Cooccurrence
    >>> from firth.vocab import Vocab
    >>> counts = np.array([[0, 9, 1], [9, 0, 2], [1, 2, 0]], dtype=np.float32)
    >>> cooc = Cooccurrence(scipy.sparse.csr_matrix(counts), Vocab(["a", "b", "c"]), {})
    >>> model = train_glove(cooc, GloVeConfig(dim=8, epochs=5, x_max=10, threads=1))
    >>> model
    GloVeModel(vocab=3, dim=8, output='w+c', 5 epochs)
    >>> model.embeddings.vectors.shape
    (3, 8)
    >>> costs = [epoch.cost for epoch in model.history]
    >>> costs[-1] < costs[0]
    True
    """
    from firth._kernels.glove import glove_slice
    from firth.cooccurrence import Cooccurrence, as_cooccurrence
    from firth.training.loop import stop_on_sigint

    config = config if config is not None else GloVeConfig()
    if counting is None and not isinstance(source, Cooccurrence):
        counting = GLOVE_COUNTING
    cooccurrence = as_cooccurrence(source, counting, cache_dir)
    started = time.perf_counter()
    rows, cols, values = _entries(cooccurrence)
    v, dim, n = len(cooccurrence.vocab), config.dim, len(values)
    rng = np.random.default_rng(config.seed)
    # glove.c's initialisation: uniform in [-0.5/dim, 0.5/dim), biases too; AdaGrad's
    # accumulators start at 1, so the first step is the learning rate itself.
    w, c = _uniform(rng, (v, dim), dim), _uniform(rng, (v, dim), dim)
    bw, bc = _uniform(rng, (v,), dim), _uniform(rng, (v,), dim)
    gw, gc = np.ones((v, dim), np.float32), np.ones((v, dim), np.float32)
    gbw, gbc = np.ones(v, np.float32), np.ones(v, np.float32)
    order = rng.permutation(n).astype(np.int64, copy=False)
    arrays = (w, c, bw, bc, gw, gc, gbw, gbc)
    scalars = (float(config.x_max), float(config.alpha), float(config.learning_rate))
    glove_slice(rows, cols, values, order, 0, 0, *arrays, *scalars)  # compile or load

    threads = max(1, min(config.effective_threads, n))
    bounds = [t * n // threads for t in range(threads + 1)]
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(config.seed).spawn(threads)]
    stop = threading.Event()

    def train_share(t: int) -> float:
        begin, end = bounds[t], bounds[t + 1]
        streams[t].shuffle(order[begin:end])  # releases the GIL
        cost = 0.0
        for lo in range(begin, end, CHUNK):
            if stop.is_set():
                break
            hi = min(lo + CHUNK, end)
            cost += glove_slice(rows, cols, values, order, lo, hi, *arrays, *scalars)
        return cost

    logger.info(
        "training GloVe on %d non-zero co-occurrences (%d words, dim %d, %d threads)",
        n, v, dim, threads,
    )  # fmt: skip
    history: list[GloVeEpoch] = []
    with (
        ThreadPoolExecutor(threads, thread_name_prefix="firth-glove") as pool,
        stop_on_sigint(stop),
    ):
        for epoch in range(config.epochs):
            clock = time.perf_counter()
            futures = [pool.submit(train_share, t) for t in range(threads)]
            cost = sum(future.result() for future in futures)
            if stop.is_set():
                logger.info("GloVe training interrupted during epoch %d", epoch)
                break
            history.append(GloVeEpoch(epoch, cost / n, time.perf_counter() - clock))
            logger.info(
                "GloVe epoch %d/%d: cost %.6f (%.2f s)",
                epoch + 1, config.epochs, history[-1].cost, history[-1].seconds,
            )  # fmt: skip
    return GloVeModel(
        config,
        cooccurrence.vocab,
        w,
        c,
        bw,
        bc,
        history=history,
        interrupted=stop.is_set(),
        seconds=time.perf_counter() - started,
        cooccurrence_metadata=cooccurrence.metadata,
    )


def _uniform(rng: np.random.Generator, shape: tuple[int, ...], dim: int) -> _F32:
    """glove.c's ``(rand() / RAND_MAX - 0.5) / dim``, in float32."""
    values = rng.random(shape, dtype=np.float32)
    values -= np.float32(0.5)
    values /= np.float32(dim)
    return values


def _entries(
    cooccurrence: Cooccurrence,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], _F32]:
    """The non-zero entries of the matrix as (rows, cols, values) arrays, checked."""
    matrix = cooccurrence.matrix
    v = len(cooccurrence.vocab)
    if not hasattr(matrix, "tocsr"):
        raise ConfigError(
            f"cooccurrence.matrix must be a scipy sparse matrix; got {type(matrix).__name__}. "
            "Count one with firth.cooccurrence.count_cooccurrences()."
        )
    if tuple(matrix.shape) != (v, v):
        raise ConfigError(
            f"cooccurrence.matrix must have shape (len(vocab), len(vocab)) = ({v}, {v}); "
            f"got {tuple(matrix.shape)}. Pass the vocabulary the matrix was counted with."
        )
    matrix = matrix.tocsr()
    if not matrix.has_canonical_format:  # duplicate entries would be trained twice
        matrix = matrix.copy()
        matrix.sum_duplicates()
    indptr = np.asarray(matrix.indptr)
    values = np.asarray(matrix.data, dtype=np.float32)
    bad = np.flatnonzero(~np.isfinite(values) | (values < 0))
    if len(bad):
        k = int(bad[0])
        row = int(np.searchsorted(indptr, k, side="right")) - 1
        words = cooccurrence.vocab.word(row), cooccurrence.vocab.word(int(matrix.indices[k]))
        raise ConfigError(
            "co-occurrence counts must be finite and >= 0; got "
            f"{float(values[k])!r} for the pair {words!r} ({len(bad)} bad entries). "
            "Recount, or clean the matrix."
        )
    rows = np.repeat(np.arange(v, dtype=np.int32), np.diff(indptr))
    cols = np.asarray(matrix.indices).astype(np.int32, copy=False)
    positive = values > 0
    if not positive.all():  # explicit zeros: nothing to fit (log 0)
        rows, cols, values = rows[positive], cols[positive], values[positive]
    if len(values) == 0:
        raise EmptyCorpusError(
            "the co-occurrence matrix has no non-zero count, so GloVe has nothing to fit; "
            "count co-occurrences on a corpus where words share windows."
        )
    return rows, np.ascontiguousarray(cols), np.ascontiguousarray(values)
