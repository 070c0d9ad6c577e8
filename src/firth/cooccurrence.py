"""Word-context co-occurrence counts, on the same corpus pipeline as word2vec.

:func:`count_cooccurrences` encodes a corpus exactly as :func:`firth.train` does (same
tokeniser, vocabulary and ``min_count``), then slides the same windows over it (same
subsampling and shrinking windows, or deterministic distance weights) and sums every
(word, context) pair into a sparse matrix, the input of PPMI, SVD and GloVe.

Counting is multi-threaded (``nogil`` Numba kernels, one buffer per thread) and bounded in
memory: a full buffer of raw pairs is sorted and summed into a run of distinct pairs, and
runs of similar size are merged as they come, so the raw pair stream is never held.
Ctrl-C stops it once the jobs in flight finish (a tenth of a second) and raises
``KeyboardInterrupt``. A count is saved and loaded in the native format
(:meth:`Cooccurrence.save`, :meth:`Cooccurrence.load`), so several models can be fitted to
one count.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from firth._runs import merge_all, push_run
from firth.config.counting import CountConfig
from firth.corpus import EncodedCorpus
from firth.errors import ConfigError, FormatError
from firth.training.loop import job_seed, plan_jobs, stop_on_sigint
from firth.training.tables import keep_thresholds
from firth.vocab import Vocab

if TYPE_CHECKING:
    import scipy.sparse

    from firth.corpus import Corpus, CorpusSource

__all__ = ["Cooccurrence", "as_cooccurrence", "count_cooccurrences"]

logger = logging.getLogger(__name__)

#: Tokens per job handed to a counting thread (whole sentences).
JOB_TOKENS = 100_000
_KIND = "cooccurrence"

_Run = tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]


@dataclass(frozen=True)
class Cooccurrence:
    """Summed co-occurrence weights of (word, context) pairs.

    Attributes
    ----------
    matrix
        ``(V, V)`` CSR matrix, float32: row ``w``, column ``c`` holds the (weighted) number
        of times context ``c`` was seen in a window around word ``w``.
    vocab
        The words (rows and columns), with their corpus counts.
    metadata
        How the counts were made (JSON-able): the :class:`~firth.config.CountConfig`, the
        corpus size and the number of distinct pairs.
    """

    matrix: scipy.sparse.csr_matrix
    vocab: Vocab
    metadata: dict[str, Any]

    def __repr__(self) -> str:
        return (
            f"Cooccurrence({len(self.vocab)} words, {self.matrix.nnz} distinct pairs, "
            f"total weight {float(self.matrix.sum()):.6g})"
        )

    def save(self, path: str | os.PathLike[str]) -> None:
        """Save in firth's native format (JSON manifest + ``.npy``, atomic, no pickle).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> cooc = count_cooccurrences([["a", "b"]], CountConfig(min_count=1))
        >>> folder = pathlib.Path(tempfile.mkdtemp()) / "counts"
        >>> cooc.save(folder)
        >>> Cooccurrence.load(folder).matrix.toarray().tolist()
        [[0.0, 1.0], [1.0, 0.0]]
        """
        from firth.io.native import encode_words, save_native

        words, offsets = encode_words(self.vocab.words)
        matrix = self.matrix.tocsr()
        arrays = {"words_utf8": words, "word_offsets": offsets, "data": matrix.data,
                  "indices": matrix.indices, "indptr": matrix.indptr}  # fmt: skip
        if self.vocab.counts is not None:
            arrays["counts"] = self.vocab.counts
        save_native(path, arrays, {"kind": _KIND, "metadata": self.metadata})

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Cooccurrence:
        """Load a count saved by :meth:`save`; nothing is unpickled or executed.

        Raises
        ------
        FormatError
            The folder holds something else, or its arrays do not form a ``V x V``
            sparse matrix.
        """
        import scipy.sparse

        from firth.io.native import decode_words, load_native

        manifest, arrays = load_native(path, mmap=False)
        where = os.fspath(path)
        if manifest.get("kind") != _KIND:
            raise FormatError(
                f"{where!r} holds {manifest.get('kind')!r}, not co-occurrence counts saved "
                "by Cooccurrence.save."
            )
        try:
            vocab = Vocab(decode_words(arrays["words_utf8"], arrays["word_offsets"]),
                          arrays.get("counts"))  # fmt: skip
            v = len(vocab)
            matrix = scipy.sparse.csr_matrix(
                (arrays["data"], arrays["indices"], arrays["indptr"]), shape=(v, v)
            )
            matrix.check_format(full_check=True)
        except (KeyError, TypeError, ValueError) as error:
            raise FormatError(f"{where!r}: damaged co-occurrence counts ({error})") from None
        return cls(matrix, vocab, dict(manifest.get("metadata", {})))


def distance_weights(config: CountConfig) -> npt.NDArray[np.float64]:
    """What one co-occurrence at distance ``d = 1..window`` adds (index ``d - 1``).

    Examples
    --------
    >>> distance_weights(CountConfig(window=4, weighting="harmonic")).tolist()
    [1.0, 0.5, 0.3333333333333333, 0.25]
    >>> distance_weights(CountConfig(window=4, weighting="linear")).tolist()
    [1.0, 0.75, 0.5, 0.25]
    """
    d = np.arange(1, config.window + 1, dtype=np.float64)
    if config.weighting == "harmonic":
        return 1.0 / d
    if config.weighting == "linear":
        return (config.window - d + 1) / config.window
    return np.ones(config.window, dtype=np.float64)


def count_cooccurrences(
    corpus: Corpus | CorpusSource | EncodedCorpus,
    config: CountConfig | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
) -> Cooccurrence:
    """Count the (word, context) pairs of a corpus's windows into a sparse matrix.

    Parameters
    ----------
    corpus
        A :class:`~firth.corpus.Corpus` or anything it accepts (path, folder, token
        lists), or an already :class:`~firth.corpus.EncodedCorpus` (then the vocabulary
        options of ``config`` are not used).
    config
        Window, weighting, subsampling and vocabulary options; ``None`` uses the defaults.
    cache_dir
        As for :func:`firth.train`: where the encoded corpus is streamed from.

    Returns
    -------
    Cooccurrence

    Examples
    --------
    >>> from firth.config import CountConfig
    >>> cooc = count_cooccurrences([["a", "b", "c"]], CountConfig(window=1, min_count=1))
    >>> cooc.vocab.words
    ['a', 'b', 'c']
    >>> cooc.matrix.toarray().tolist()
    [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    from firth.corpus import encode_corpus
    from firth.corpus._cache import spill_folder

    config = config if config is not None else CountConfig()
    if isinstance(corpus, EncodedCorpus):
        return _count(corpus, config)
    with spill_folder(cache_dir) as folder:
        data = encode_corpus(
            corpus,
            min_count=config.min_count,
            max_vocab_size=config.max_vocab_size,
            max_final_vocab=config.max_final_vocab,
            cache_dir=folder,
        )
        result = _count(data, config)
        del data  # unmaps the ids before a temporary folder is removed
    return result


def as_cooccurrence(
    source: Corpus | CorpusSource | EncodedCorpus | Cooccurrence,
    counting: CountConfig | None,
    cache_dir: str | os.PathLike[str] | None,
) -> Cooccurrence:
    """``source`` if it is already counted, else its counts under ``counting``."""
    if isinstance(source, Cooccurrence):
        if counting is not None:
            raise ConfigError(
                "counting options were given with an already counted Cooccurrence; pass "
                "the corpus instead, or leave counting=None."
            )
        return source
    return count_cooccurrences(source, counting, cache_dir=cache_dir)


def _count(data: EncodedCorpus, config: CountConfig) -> Cooccurrence:
    clock = time.perf_counter()
    import scipy.sparse

    from firth._kernels.cooccur import split_pairs

    pairs, values = _merge_all(_count_runs(data, config))
    v = len(data.vocab)
    index_type = np.int32 if max(len(pairs), v) < 2**31 else np.int64
    indices = np.empty(len(pairs), dtype=index_type)
    indptr = np.empty(v + 1, dtype=index_type)
    split_pairs(pairs, v, indices, indptr)
    del pairs
    matrix = scipy.sparse.csr_matrix((values, indices, indptr), shape=(v, v))
    seconds = time.perf_counter() - clock
    logger.info("counted %d distinct pairs in %.1f s", matrix.nnz, seconds)
    metadata = {
        "config": config.to_dict(),
        "tokens": len(data.ids),
        "sentences": len(data.sentence_ends),
        "pairs": int(matrix.nnz),
        "seconds": seconds,
    }
    return Cooccurrence(matrix, data.vocab, metadata)


def _count_runs(data: EncodedCorpus, config: CountConfig) -> list[_Run]:
    """Count on ``config.threads`` threads; each returns its stack of runs."""
    from firth._kernels.cooccur import sum_keys, window_keys

    counts = data.vocab.counts
    assert counts is not None
    keep = keep_thresholds(counts, config.sample)
    window = config.window
    distances = window if config.weighting != "uniform" else 1
    weights = distance_weights(config)
    ids = data.ids
    ends = np.ascontiguousarray(data.sentence_ends, dtype=np.int64)
    longest = int(np.diff(ends, prepend=0).max()) if len(ends) else 1
    capacity = max(config.buffer_mb * 2**20 // 8, 2 * window * longest)
    v = len(data.vocab)
    if v * v * distances >= 2**63:
        raise ConfigError(
            f"{v} words x {v} contexts x {distances} distances do not fit the 64-bit pair "
            "keys; raise min_count or set max_final_vocab."
        )
    bounds = plan_jobs(ends, JOB_TOKENS)
    jobs = iter(range(len(bounds) - 1))
    lock = threading.Lock()
    stop = threading.Event()

    def next_job() -> int | None:
        with lock:
            return None if stop.is_set() else next(jobs, None)

    def worker() -> list[_Run]:
        keys = np.empty(capacity, dtype=np.int64)
        sentence = np.empty(max(longest, 1), dtype=np.int32)
        stack: list[_Run] = []
        n = 0
        while (job := next_job()) is not None:
            s, end = int(bounds[job]), int(bounds[job + 1])
            state = np.uint64(job_seed(config.seed, 0, job))
            while s < end:
                written, s, after = window_keys(
                    ids, ends, s, end, keep, window, config.shrink_windows, distances, state,
                    sentence, keys[n:],
                )  # fmt: skip
                state = np.uint64(after)  # Numba returns a Python int
                n += written
                if s < end:  # the buffer is full
                    push_run(stack, sum_keys(keys, n, distances, weights), _merge)
                    n = 0
        if n:
            push_run(stack, sum_keys(keys, n, distances, weights), _merge)
        return stack

    threads = max(1, min(config.effective_threads, len(bounds) - 1))
    with (
        ThreadPoolExecutor(threads, thread_name_prefix="firth-count") as pool,
        stop_on_sigint(stop),
    ):
        futures = [pool.submit(worker) for _ in range(threads)]
        runs = [run for future in futures for run in future.result()]
    if stop.is_set():  # Ctrl-C: the jobs in flight finished; partial counts are no use
        raise KeyboardInterrupt
    return runs


def _merge(older: _Run, newer: _Run) -> _Run:
    from firth._kernels.cooccur import merge_runs

    return merge_runs(*older, *newer)


def _merge_all(runs: list[_Run]) -> _Run:
    """Merge runs, smallest first, into one."""
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
    return merge_all(runs, _merge, empty)
