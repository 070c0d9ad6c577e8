"""Validated training configuration.

:class:`TrainConfig` holds every word2vec training option in one frozen dataclass. It is
validated when built, so a bad value fails at once with a message that names the option,
the rule it broke and the value received.

Defaults follow word2vec.c and gensim where the two agree (CBOW, mean of the context,
negative sampling with 5 noise words, window 5, ``sample=1e-3``, ``min_count=5``,
5 epochs, dimension 100, ``ns_exponent=0.75``, seed 1). Where they differ firth chooses
and documents:

* ``alpha`` (starting learning rate): word2vec.c's 0.025 for skip-gram and 0.05 for CBOW
  (gensim uses 0.025 for both, which under-trains CBOW); pass ``alpha`` to override.
* ``min_alpha``: gensim's absolute floor of 1e-4 (word2vec.c uses ``alpha * 1e-4``).
* ``threads``: every core (``os.cpu_count()``); gensim uses 3 and word2vec.c 12.
* ``cbow_context="sum"`` propagates the true gradient of a sum (the whole error reaches
  every context word); gensim instead divides it by the window size.
* ``skipgram_update="auto"`` (the default) trains skip-gram with negative sampling a whole
  window at a time, with one set of noise words shared by its context words: about three
  times faster than word2vec.c's per-pair updates at the same quality. With hierarchical
  softmax it keeps word2vec.c's per-pair updates, because there the window update gains
  no speed and lost 1.8 points of analogy accuracy. ``"window"`` and ``"pair"`` choose
  one for every loss (see :mod:`firth._kernels.window` for what differs).
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
    fail,
)
from firth.errors import ConfigError

__all__ = ["Architecture", "CbowContext", "Loss", "SkipgramUpdate", "TrainConfig"]

Architecture = Literal["skipgram", "cbow"]
Loss = Literal["ns", "hs", "both", "nce"]
CbowContext = Literal["mean", "sum"]
SkipgramUpdate = Literal["auto", "window", "pair"]

_DEFAULT_ALPHA: dict[str, float] = {"skipgram": 0.025, "cbow": 0.05}


@dataclass(frozen=True)
class TrainConfig(ConfigMixin):
    """Every word2vec training option, validated.

    Parameters
    ----------
    architecture
        ``"skipgram"`` (each context word predicts the centre word) or ``"cbow"`` (the
        mean or sum of the context predicts the centre word).
    loss
        ``"ns"`` negative sampling, ``"hs"`` hierarchical softmax, ``"both"``, or
        ``"nce"`` noise-contrastive estimation: the same noise words as negative sampling,
        but each logit is shifted by ``-log(k q(w))`` (``k = negative`` noise words from
        the distribution ``q``), which makes it a real estimator of the normalised model
        rather than negative sampling's simplification.
    dim
        Dimension of the vectors.
    window
        Maximum distance between the centre word and a context word.
    shrink_windows
        Draw the effective window uniformly from ``1..window`` for every centre word, as
        word2vec.c does (closer words are then weighted more).
    negative
        Noise words per positive example (negative sampling only).
    ns_exponent
        Exponent of the unigram noise distribution (0.75 in word2vec).
    sample
        Frequent-word subsampling threshold (word2vec.c formula); 0 disables it.
    min_count
        Words seen fewer times are dropped before training.
    max_vocab_size
        Bound on distinct words held while counting; rarer words are pruned while the
        corpus is scanned (word2vec.c's ``ReduceVocab``), so memory stays bounded. ``None``
        keeps every word (exact counts).
    max_final_vocab
        Keep at most this many words after counting (the most frequent ones).
    epochs
        Passes over the corpus.
    alpha
        Starting learning rate; ``None`` means 0.025 for skip-gram, 0.05 for CBOW.
    min_alpha
        Learning rate reached at the end of the last epoch (linear decay over words).
    cbow_context
        ``"mean"`` or ``"sum"`` of the context vectors (CBOW only).
    skipgram_update
        Skip-gram only. ``"window"``: the context words of a centre word are trained
        together, sharing one set of noise words, with dense block updates (Ji et al.
        2016; about 3x faster with negative sampling). ``"pair"``: word2vec.c's exact
        update, one (context, centre) pair at a time with its own noise words.
        ``"auto"``: ``"window"`` for ``loss="ns"`` or ``"nce"``, ``"pair"`` when the loss includes
        hierarchical softmax (see :attr:`effective_skipgram_update`).
    threads
        Worker threads; ``None`` means every core.
    seed
        Seed of every random choice (initial vectors, windows, subsampling, noise words).
    compute_loss
        Accumulate the training loss (a few percent slower).
    job_words
        Tokens per unit of work handed to a thread (whole sentences): the granularity of
        progress reports, Ctrl-C and checkpoints. Small corpora get smaller jobs, so that
        every epoch has at least 64 of them.

    Examples
    --------
    >>> config = TrainConfig(architecture="skipgram", dim=50)
    >>> config.effective_alpha
    0.025
    >>> TrainConfig(dim=0)
    Traceback (most recent call last):
    ...
    firth.errors.ConfigError: TrainConfig.dim must be an integer >= 1; got 0.
    """

    architecture: Architecture = "cbow"
    loss: Loss = "ns"
    dim: int = 100
    window: int = 5
    shrink_windows: bool = True
    negative: int = 5
    ns_exponent: float = 0.75
    sample: float = 1e-3
    min_count: int = 5
    max_vocab_size: int | None = None
    max_final_vocab: int | None = None
    epochs: int = 5
    alpha: float | None = None
    min_alpha: float = 1e-4
    cbow_context: CbowContext = "mean"
    skipgram_update: SkipgramUpdate = "auto"
    threads: int | None = None
    seed: int = 1
    compute_loss: bool = True
    job_words: int = 50_000

    def __post_init__(self) -> None:
        check_choice(self, "architecture", ("skipgram", "cbow"))
        check_choice(self, "loss", ("ns", "hs", "both", "nce"))
        check_choice(self, "cbow_context", ("mean", "sum"))
        check_choice(self, "skipgram_update", ("auto", "window", "pair"))
        check_int(self, "dim", 1)
        check_int(self, "window", 1)
        check_int(self, "negative", 0)
        if self.uses_ns and self.negative == 0:
            raise ConfigError(
                f"TrainConfig.negative must be >= 1 when loss={self.loss!r}; got 0. "
                "Use loss='hs' to train without noise words."
            )
        check_float(self, "ns_exponent", -10.0, 10.0)
        check_float(self, "sample", 0.0, 1.0)
        check_int(self, "min_count", 1)
        check_int(self, "max_vocab_size", 1, optional=True)
        check_int(self, "max_final_vocab", 1, optional=True)
        check_int(self, "epochs", 1)
        if self.alpha is not None:
            check_float(self, "alpha", 0.0, 10.0, low_open=True)
        check_float(self, "min_alpha", 0.0, 10.0)
        if self.min_alpha > self.effective_alpha:
            raise ConfigError(
                f"TrainConfig.min_alpha ({self.min_alpha}) must not exceed the starting "
                f"alpha ({self.effective_alpha}); lower min_alpha or raise alpha."
            )
        check_int(self, "threads", 1, optional=True)
        check_int(self, "seed", 0)
        if self.seed >= 2**64:
            raise fail(self, "seed", "below 2**64", self.seed)
        check_bool(self, "shrink_windows", "compute_loss")
        check_int(self, "job_words", 1)

    @property
    def effective_alpha(self) -> float:
        """The starting learning rate actually used (``alpha`` or the architecture default)."""
        return _DEFAULT_ALPHA[self.architecture] if self.alpha is None else float(self.alpha)

    @property
    def effective_skipgram_update(self) -> Literal["window", "pair"]:
        """The skip-gram update used: ``skipgram_update``, with ``"auto"`` resolved.

        Examples
        --------
        >>> TrainConfig(loss="ns").effective_skipgram_update
        'window'
        >>> TrainConfig(loss="hs").effective_skipgram_update
        'pair'
        """
        if self.skipgram_update != "auto":
            return self.skipgram_update
        return "window" if self.loss in ("ns", "nce") else "pair"

    @property
    def effective_threads(self) -> int:
        """The number of worker threads actually used (``threads`` or every core)."""
        return self.threads if self.threads is not None else max(1, os.cpu_count() or 1)

    @property
    def uses_ns(self) -> bool:
        """Whether noise words and context vectors are trained (negative sampling or NCE)."""
        return self.loss in ("ns", "both", "nce")

    @property
    def uses_nce(self) -> bool:
        """Whether the noise words are trained by noise-contrastive estimation."""
        return self.loss == "nce"

    @property
    def uses_hs(self) -> bool:
        """Whether hierarchical softmax is trained."""
        return self.loss in ("hs", "both")


def derived_train_config(owner: object, **options: object) -> TrainConfig:
    """A :class:`TrainConfig` built from another config's options.

    A bad option is reported under the owner's name (``GraphConfig.dim``), since that is
    the option the user set.
    """
    try:
        return TrainConfig(**options)  # type: ignore[arg-type]
    except ConfigError as error:
        raise ConfigError(str(error).replace("TrainConfig.", f"{type(owner).__name__}.")) from None
