"""word2vec: skip-gram and CBOW with negative sampling and/or hierarchical softmax.

:func:`train` encodes the corpus once to int32 ids, builds the lookup tables, then runs
every epoch over the id array with Hogwild worker threads (:mod:`firth.training.loop`).
:func:`resume` continues a checkpoint exactly where it stopped.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from firth.config import Output, TrainConfig
from firth.errors import ConfigError, FormatError
from firth.training.callbacks import Callback, EpochStats
from firth.training.loop import JobRunner, KernelCall, plan_jobs
from firth.training.state import TrainingState
from firth.training.tables import keep_thresholds, noise_buckets, noise_table
from firth.vocab import Vocab

if TYPE_CHECKING:
    from firth.corpus import Corpus, CorpusSource, EncodedCorpus
    from firth.embeddings import Embeddings

__all__ = ["Word2VecModel", "resume", "train"]

logger = logging.getLogger(__name__)

_KIND = "word2vec-model"
# With several threads, each keeps the top HOT_NODES inner nodes of the Huffman tree
# private and merges them into the shared rows every HOT_SYNC centre words (see
# firth._kernels.steps.private_top). One thread updates every row in place.
HOT_NODES = 64
HOT_SYNC = 256
PathLike = str | os.PathLike[str]


class Word2VecModel:
    """A trained (or partly trained) word2vec model: vocabulary, weights and progress.

    Build one with :func:`train`; load a saved one with :meth:`load`.

    Attributes
    ----------
    config
        The options it was trained with.
    vocab
        Words and counts, most frequent first.
    input_vectors
        The word vectors (word2vec.c's ``syn0``), shape ``(len(vocab), dim)``.
    output_vectors
        The context vectors of negative sampling (``syn1neg``), or ``None`` for
        ``loss="hs"``.
    hs_vectors
        The inner-node vectors of hierarchical softmax (``syn1``, ``len(vocab) - 1`` rows),
        or ``None`` for ``loss="ns"``.
    state
        Progress and per-epoch statistics (:class:`~firth.training.state.TrainingState`).
    """

    def __init__(
        self,
        config: TrainConfig,
        vocab: Vocab,
        input_vectors: npt.NDArray[np.float32],
        output_vectors: npt.NDArray[np.float32] | None,
        hs_vectors: npt.NDArray[np.float32] | None,
        state: TrainingState,
        *,
        corpus: dict[str, Any],
        timings: dict[str, float] | None = None,
    ) -> None:
        self.config = config
        self.vocab = vocab
        self.input_vectors = input_vectors
        self.output_vectors = output_vectors
        self.hs_vectors = hs_vectors
        self.state = state
        self.corpus = dict(corpus)
        self.timings: dict[str, float] = dict(timings or {})

    @property
    def history(self) -> list[EpochStats]:
        """Statistics of every completed epoch."""
        return list(self.state.history)

    @property
    def interrupted(self) -> bool:
        """True when training stopped early (Ctrl-C or a callback); :func:`resume` goes on."""
        return self.state.interrupted

    @property
    def embeddings(self) -> Embeddings:
        """The word (input) vectors as :class:`~firth.embeddings.Embeddings`."""
        from firth.embeddings import Embeddings

        return Embeddings(self.vocab, self.input_vectors, metadata=self._metadata())

    @property
    def context_embeddings(self) -> Embeddings:
        """The context (output) vectors of negative sampling as embeddings.

        Raises
        ------
        ConfigError
            When the model was trained with hierarchical softmax only, whose output
            vectors belong to tree nodes, not words.
        """
        from firth.embeddings import Embeddings

        if self.output_vectors is None:
            raise ConfigError(
                "this model was trained with loss='hs', whose output vectors belong to "
                "Huffman-tree nodes, not words; train with loss='ns', 'nce' or 'both' to "
                "get context vectors."
            )
        return Embeddings(self.vocab, self.output_vectors, metadata=self._metadata())

    def embeddings_of(self, output: Output = "w") -> Embeddings:
        """The word vectors (``"w"``), the context vectors (``"c"``) or their sum (``"w+c"``).

        Adding the context vectors to the word vectors often helps similarity tasks
        (Levy, Goldberg & Dagan 2015); it needs the context vectors of negative sampling
        or NCE.

        Examples
        --------
        >>> import firth
        >>> model = firth.train([["a", "b"]] * 20, firth.TrainConfig(dim=4, min_count=1))
        >>> both = model.embeddings_of("w+c")
        >>> bool((both.vectors == model.input_vectors + model.output_vectors).all())
        True
        """
        from firth.embeddings import Embeddings

        if output == "w":
            return self.embeddings
        if output not in ("c", "w+c"):
            raise ConfigError(f"output must be one of 'w', 'c', 'w+c'; got {output!r}.")
        context = self.context_embeddings.vectors
        vectors = context if output == "c" else self.input_vectors + context
        return Embeddings(self.vocab, vectors, metadata={**self._metadata(), "output": output})

    def _metadata(self) -> dict[str, Any]:
        return {"config": self.config.to_dict(), "trained_epochs": self.state.epoch}

    def save(self, path: PathLike) -> None:
        """Save everything needed to query or resume, in the native format (atomic).

        The word vectors are stored under the same names as :meth:`Embeddings.save`, so
        :func:`firth.load` reads a model folder as embeddings.
        """
        from firth.embeddings import native_arrays
        from firth.io.native import save_native

        arrays = native_arrays(self.vocab, self.input_vectors)
        if self.output_vectors is not None:
            arrays["output_vectors"] = self.output_vectors
        if self.hs_vectors is not None:
            arrays["hs_vectors"] = self.hs_vectors
        manifest = {
            "kind": _KIND,
            "metadata": {
                "config": self.config.to_dict(),
                "state": self.state.to_dict(),
                "corpus": self.corpus,
                "timings": self.timings,
            },
        }
        save_native(path, arrays, manifest)

    @classmethod
    def load(cls, path: PathLike) -> Word2VecModel:
        """Load a model saved by :meth:`save` (weights in memory, writable, for resuming)."""
        from firth.io.native import decode_words, load_native

        manifest, arrays = load_native(path, mmap=False)
        if manifest.get("kind") != _KIND:
            raise FormatError(
                f"{os.fspath(path)!r} holds {manifest.get('kind')!r}, not a word2vec model; "
                "load it with firth.load() to query its vectors."
            )
        try:
            meta = manifest["metadata"]
            config = TrainConfig.from_dict(meta["config"])
            state = TrainingState.from_dict(meta["state"])
            words = decode_words(arrays["words_utf8"], arrays["word_offsets"])
            vocab = Vocab(words, arrays.get("counts"))
            model = cls(
                config,
                vocab,
                np.ascontiguousarray(arrays["vectors"], dtype=np.float32),
                _optional_f32(arrays.get("output_vectors")),
                _optional_f32(arrays.get("hs_vectors")),
                state,
                corpus=meta.get("corpus", {}),
                timings=meta.get("timings", {}),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise FormatError(f"{os.fspath(path)!r}: incomplete model manifest ({error})") from None
        model._check_shapes(path)
        return model

    def _check_shapes(self, path: PathLike) -> None:
        v, dim = len(self.vocab), self.config.dim
        expected = {
            "vectors": (self.input_vectors, (v, dim)),
            "output_vectors": (self.output_vectors, (v, dim) if self.config.uses_ns else None),
            "hs_vectors": (self.hs_vectors, (max(v - 1, 1), dim) if self.config.uses_hs else None),
        }
        for name, (array, shape) in expected.items():
            actual = None if array is None else array.shape
            if actual != shape:
                raise FormatError(
                    f"{os.fspath(path)!r}: array {name!r} has shape {actual}, expected {shape} "
                    f"for vocabulary {v}, dim {dim}, loss {self.config.loss!r}."
                )

    def save_word2vec(self, path: PathLike, *, binary: bool = False) -> None:
        """Write the word vectors as word2vec.c does (text, or binary with ``binary=True``)."""
        from firth.io.word2vec import write_word2vec

        write_word2vec(path, self.vocab.words, self.input_vectors, binary=binary)

    def __repr__(self) -> str:
        status = "interrupted" if self.interrupted else f"{self.state.epoch} epochs"
        return (
            f"Word2VecModel({self.config.architecture}, loss={self.config.loss!r}, "
            f"vocab={len(self.vocab)}, dim={self.config.dim}, {status})"
        )


def _optional_f32(array: np.ndarray | None) -> npt.NDArray[np.float32] | None:
    return None if array is None else np.ascontiguousarray(array, dtype=np.float32)


def initial_model(config: TrainConfig, vocab: Vocab, corpus: dict[str, Any]) -> Word2VecModel:
    """A model ready to train: word2vec.c's initial weights, nothing trained yet."""
    v, dim = len(vocab), config.dim
    rng = np.random.default_rng(config.seed)
    # word2vec.c's initialisation: uniform in [-0.5/dim, 0.5/dim); output layers at zero.
    syn0 = (rng.random((v, dim), dtype=np.float32) - np.float32(0.5)) / np.float32(dim)
    syn1neg = np.zeros((v, dim), dtype=np.float32) if config.uses_ns else None
    syn1 = np.zeros((max(v - 1, 1), dim), dtype=np.float32) if config.uses_hs else None
    return Word2VecModel(
        config, vocab, syn0, syn1neg, syn1, TrainingState(epochs=config.epochs), corpus=corpus
    )


def corpus_info(data: EncodedCorpus) -> dict[str, Any]:
    return {
        "tokens": len(data.ids),
        "sentences": len(data.sentence_ends),
        "raw_tokens": int(data.stats.raw_tokens),
        "replaced_bytes": int(data.stats.replaced_bytes),
    }


#: ``train_slice(ids, sentence_ends, s_begin, s_end, position, seed)`` trains sentences
#: ``s_begin..s_end-1`` of the arrays; ``position`` is the global token position of
#: ``ids[0]`` in the run (for the learning rate).
SliceTrainer = Callable[
    [npt.NDArray[np.int32], npt.NDArray[np.int64], int, int, int, int], tuple[int, float, int]
]


def slice_trainer(model: Word2VecModel, *, epoch_tokens: int, max_sentence: int) -> SliceTrainer:
    """Bind the weights, tables and options of a run into a function training any ids.

    ``epoch_tokens`` sets the learning-rate schedule (it decays over ``epochs`` of that
    many tokens); ``max_sentence`` bounds the length of the sentences it will be given.
    """
    from firth._kernels.cbow import cbow_job
    from firth._kernels.huffman import huffman_tree
    from firth._kernels.skipgram import skipgram_job
    from firth._kernels.window import skipgram_window_job

    config = model.config
    counts = model.vocab.counts
    assert counts is not None
    dim = config.dim
    keep = keep_thresholds(counts, config.sample)
    cum = noise_table(counts, config.ns_exponent)
    buckets = noise_buckets(cum)
    log_kq = noise_log_kq(counts, config) if config.uses_nce else np.zeros(1, np.float32)
    if config.uses_hs:
        codes, points, code_lens = huffman_tree(counts)
    else:
        codes = np.zeros((1, 1), np.int8)
        points = np.zeros((1, 1), np.int32)
        code_lens = np.zeros(len(counts), np.int32)
    unused = np.zeros((1, dim), np.float32)  # a layer the loss does not train
    syn1neg = model.output_vectors if model.output_vectors is not None else unused
    syn1 = model.hs_vectors if model.hs_vectors is not None else unused
    total = np.int64(epoch_tokens * config.epochs)
    common = (
        model.input_vectors,
        syn1neg,
        syn1,
        keep,
        cum,
        buckets,
        log_kq,
        codes,
        points,
        code_lens,
        np.int64(HOT_NODES if config.effective_threads > 1 else 0),
        np.int64(HOT_SYNC),
        config.uses_ns,
        config.uses_hs,
        config.uses_nce,
        np.int64(config.negative),
        np.int64(config.window),
        config.shrink_windows,
        np.float32(config.effective_alpha),
        np.float32(config.min_alpha),
    )

    kernel: Any
    if config.architecture == "cbow":
        kernel = cbow_job
    elif config.effective_skipgram_update == "window":
        kernel = skipgram_window_job
    else:
        kernel = skipgram_job
    extra = () if config.architecture == "skipgram" else (config.cbow_context == "mean",)
    longest = np.int64(max(max_sentence, 1))

    def train_slice(
        ids: npt.NDArray[np.int32],
        ends: npt.NDArray[np.int64],
        s_begin: int,
        s_end: int,
        position: int,
        seed: int,
    ) -> tuple[int, float, int]:
        result: tuple[int, float, int] = kernel(
            ids,
            ends,
            np.int64(s_begin),
            np.int64(s_end),
            *common,
            np.int64(position),
            total,
            np.uint64(seed),
            config.compute_loss,
            longest,
            *extra,
        )
        return result

    return train_slice


def _kernel_call(model: Word2VecModel, data: EncodedCorpus) -> KernelCall:
    """The job function of an encoded corpus: sentences of ``data`` by index."""
    ids = data.ids
    ends = np.ascontiguousarray(data.sentence_ends, dtype=np.int64)
    lengths = np.diff(ends, prepend=0)
    epoch_tokens = len(ids)
    train_slice = slice_trainer(
        model,
        epoch_tokens=epoch_tokens,
        max_sentence=int(lengths.max()) if len(lengths) else 1,
    )

    def call(s_begin: int, s_end: int, epoch: int, seed: int) -> tuple[int, float, int]:
        return train_slice(ids, ends, s_begin, s_end, epoch * epoch_tokens, seed)

    return call


def noise_log_kq(counts: npt.NDArray[np.int64], config: TrainConfig) -> npt.NDArray[np.float32]:
    """``log(k q(w))`` for every word: the shift of noise-contrastive estimation's logits.

    ``q`` is the noise distribution (counts raised to ``ns_exponent``, normalised) and
    ``k`` the number of noise words.

    Examples
    --------
    >>> config = TrainConfig(loss="nce", negative=2, ns_exponent=1.0)
    >>> np.exp(noise_log_kq(np.array([3, 1]), config)).tolist()
    [1.5, 0.5]
    """
    weights = counts.astype(np.float64) ** config.ns_exponent
    log_kq: npt.NDArray[np.float32] = np.log(config.negative * weights / weights.sum()).astype(
        np.float32
    )
    return log_kq


def run_corpus(
    model: Word2VecModel,
    data: EncodedCorpus,
    callbacks: Sequence[Callback],
    checkpoint: PathLike | None,
    checkpoint_every: float | None,
    *,
    resumed: bool,
) -> Word2VecModel:
    from firth.corpus._mapped import release

    ends = np.asarray(data.sentence_ends, dtype=np.int64)
    bounds = plan_jobs(ends, model.config.job_words)

    def release_trained(upto: int) -> None:
        # Ids streamed from a file leave memory once trained on. The whole prefix, not
        # the last job's range: reading one page may map a neighbour's again (the page
        # cache maps whole folios), so pages behind can come back until all jobs pass.
        release(data.ids, 0, upto)

    return run_jobs(
        model,
        _kernel_call(model, data),
        bounds,
        np.concatenate(([0], ends))[bounds],
        callbacks,
        checkpoint,
        checkpoint_every,
        resumed=resumed,
        release=release_trained,
    )


def run_jobs(
    model: Word2VecModel,
    kernel: KernelCall,
    bounds: npt.NDArray[np.int64],
    token_bounds: npt.NDArray[np.int64],
    callbacks: Sequence[Callback],
    checkpoint: PathLike | None = None,
    checkpoint_every: float | None = None,
    *,
    resumed: bool = False,
    release: Callable[[int], None] | None = None,
) -> Word2VecModel:
    """Train ``model`` by running ``kernel`` over the jobs ``bounds`` of every epoch.

    ``token_bounds`` gives the token offset of every job boundary in an epoch (progress
    and the learning rate); ``release`` is told which prefix of an epoch is trained.
    """
    config = model.config
    if checkpoint_every is not None and (checkpoint_every <= 0 or checkpoint is None):
        raise ConfigError(
            "checkpoint_every must be a positive number of seconds and needs a checkpoint "
            f"path; got checkpoint_every={checkpoint_every!r}, checkpoint={checkpoint!r}."
        )
    clock = time.perf_counter()
    kernel(0, 0, 0, 0)  # compile, or load the compiled kernel from the cache

    def call(s_begin: int, s_end: int, epoch: int, seed: int) -> tuple[int, float, int]:
        effective, loss, predictions = kernel(s_begin, s_end, epoch, seed)
        return effective, loss if config.compute_loss else math.nan, predictions

    model.timings["compile_seconds"] = time.perf_counter() - clock
    epoch_tokens = int(token_bounds[-1])
    total = epoch_tokens * config.epochs
    alpha0, floor = config.effective_alpha, config.min_alpha

    def alpha_at(position: int) -> float:
        return max(floor, alpha0 - (alpha0 - floor) * position / total)

    runner = JobRunner(
        call,
        bounds,
        token_bounds,
        alpha_at,
        threads=config.effective_threads,
        seed=config.seed,
        release=release,
    )
    logger.info(
        "training %s/%s on %d tokens (%d words, %d jobs per epoch, %d threads)",
        config.architecture,
        config.loss,
        epoch_tokens,
        len(model.vocab),
        runner.n_jobs,
        config.effective_threads,
    )
    for callback in callbacks:
        callback.on_train_begin(epochs=config.epochs, total_words=total, resumed=resumed)

    def write_checkpoint() -> None:
        assert checkpoint is not None
        model.save(checkpoint)
        logger.info("checkpoint written to %s", os.fspath(checkpoint))

    clock = time.perf_counter()
    runner.run(
        model.state,
        callbacks,
        checkpoint=write_checkpoint if checkpoint is not None else None,
        checkpoint_every=checkpoint_every,
    )
    model.timings["train_seconds"] = time.perf_counter() - clock
    if model.interrupted:
        logger.warning(
            "training stopped early at epoch %d, job %d of %d",
            model.state.epoch,
            model.state.job,
            runner.n_jobs,
        )
        if checkpoint is not None:
            write_checkpoint()
    for callback in callbacks:
        callback.on_train_end(interrupted=model.interrupted)
    return model


def train(
    corpus: Corpus | CorpusSource,
    config: TrainConfig | None = None,
    *,
    callbacks: Sequence[Callback] = (),
    checkpoint: PathLike | None = None,
    checkpoint_every: float | None = None,
    cache_dir: PathLike | None = None,
) -> Word2VecModel:
    """Train word2vec on a corpus.

    Parameters
    ----------
    corpus
        A :class:`~firth.corpus.Corpus`, a path (file, compressed file or folder), several
        paths, or an iterable of token lists.
    config
        Training options; ``None`` uses the defaults of :class:`~firth.TrainConfig`.
    callbacks
        Receive progress and epoch statistics; may raise ``StopTraining``.
    checkpoint
        Folder where a resumable model is written every ``checkpoint_every`` seconds and
        when training stops early.
    checkpoint_every
        Seconds between checkpoints (needs ``checkpoint``).
    cache_dir
        A folder for the encoded corpus (4 bytes a token), reused when the same corpus
        is trained again. ``None`` writes it to a temporary folder (in
        ``tempfile.gettempdir()``, so ``TMPDIR`` chooses the disk), removed when training
        ends (a process killed outright leaves its ``firth-corpus-*`` folder). Either
        way the ids are streamed from the file and only the pages being trained on are
        resident, so memory does not grow with the corpus.

    Returns
    -------
    Word2VecModel
        Trained, or partly trained when stopped by Ctrl-C or a callback
        (``model.interrupted``); either way consistent and usable.

    Raises
    ------
    EmptyCorpusError
        The corpus has no tokens, or no word reaches ``min_count``.

    Examples
    --------
    >>> import firth
    >>> sentences = [["the", "cat", "sat"], ["the", "dog", "sat"]] * 50
    >>> model = firth.train(sentences, firth.TrainConfig(dim=8, min_count=1, threads=1))
    >>> sorted(model.vocab.words)
    ['cat', 'dog', 'sat', 'the']
    >>> model.embeddings["cat"].shape
    (8,)
    """
    from firth.corpus import encode_corpus
    from firth.corpus._cache import spill_folder

    config = config if config is not None else TrainConfig()
    clock = time.perf_counter()
    with spill_folder(cache_dir) as folder:
        data = encode_corpus(
            corpus,
            min_count=config.min_count,
            max_vocab_size=config.max_vocab_size,
            max_final_vocab=config.max_final_vocab,
            cache_dir=folder,
        )
        encode_seconds = time.perf_counter() - clock
        model = initial_model(config, data.vocab, corpus_info(data))
        model.timings["encode_seconds"] = encode_seconds
        model = run_corpus(model, data, callbacks, checkpoint, checkpoint_every, resumed=False)
        del data  # unmaps the ids before a temporary folder is removed
    return model


def resume(
    model: Word2VecModel | PathLike,
    corpus: Corpus | CorpusSource,
    *,
    threads: int | None = None,
    callbacks: Sequence[Callback] = (),
    checkpoint: PathLike | None = None,
    checkpoint_every: float | None = None,
    cache_dir: PathLike | None = None,
) -> Word2VecModel:
    """Continue an interrupted run (a model or a checkpoint folder) on the same corpus.

    The learning-rate schedule, the random streams and the epoch statistics continue
    exactly; with one thread the result is bit-identical to an uninterrupted run.
    ``threads`` may differ from the original run. A finished model is returned as is.
    ``cache_dir`` is as for :func:`train`.

    Raises
    ------
    CorpusError
        The corpus is not the one the model was trained on.
    """
    from firth.corpus import encode_corpus
    from firth.corpus._cache import spill_folder
    from firth.errors import CorpusError

    loaded = model if isinstance(model, Word2VecModel) else Word2VecModel.load(model)
    if "graph" in loaded.corpus:
        raise ConfigError(
            "this model was trained on random walks by firth.train_graph, which cannot be "
            "resumed from a corpus; train it again with train_graph."
        )
    if loaded.state.finished:
        return loaded
    if threads is not None:
        loaded.config = TrainConfig.from_dict({**loaded.config.to_dict(), "threads": threads})
    with spill_folder(cache_dir) as folder:
        data = encode_corpus(corpus, vocab=loaded.vocab, cache_dir=folder)
        if corpus_info(data)["tokens"] != loaded.corpus.get("tokens") or len(
            data.sentence_ends
        ) != loaded.corpus.get("sentences"):
            raise CorpusError(
                f"this corpus gives {len(data.ids)} tokens in {len(data.sentence_ends)} "
                f"sentences for the model's vocabulary, but the model was trained on "
                f"{loaded.corpus.get('tokens')} tokens in {loaded.corpus.get('sentences')} "
                "sentences; resume with the same corpus and reading options."
            )
        loaded.state.interrupted = False
        if checkpoint is None and not isinstance(model, Word2VecModel):
            checkpoint = model
        loaded = run_corpus(loaded, data, callbacks, checkpoint, checkpoint_every, resumed=True)
        del data  # unmaps the ids before a temporary folder is removed
    return loaded
