"""Validated configuration of item embeddings (item2vec).

Items in a session (songs in a playlist, products in a basket, listings in a browsing
session) are the words of a sentence. :class:`ItemConfig` chooses the word2vec options that
suit them (Barkan & Koenigstein 2016): skip-gram with negative sampling whose context is the
whole session, so the order inside a session is ignored; no frequent-word subsampling and
``min_count=1`` by default, since popular items are what users come for and rare ones are
still items to recommend.
"""

from __future__ import annotations

from dataclasses import dataclass

from firth.config._checks import ConfigMixin, check_int
from firth.config.word2vec import Architecture, Loss, TrainConfig, derived_train_config

__all__ = ["ItemConfig"]


@dataclass(frozen=True)
class ItemConfig(ConfigMixin):
    """Training options of :func:`firth.train_items`, validated.

    Parameters
    ----------
    window
        ``None`` (the default): every other item of the session is context, whatever the
        distance (item2vec). An integer: word2vec's window of that size, for sessions
        whose order matters.
    ns_exponent
        Exponent of the noise distribution over item counts: 0.75 as word2vec; 0 draws
        every item equally; negative values favour rare items as negatives, which pushes
        popular items apart less and helps long-tail recommendations (Caselles-Dupré et
        al. 2018).
    dim, negative, sample, epochs, alpha, min_alpha, min_count, architecture, loss, threads, \
seed, compute_loss, job_words
        As in :class:`~firth.TrainConfig`.

    Examples
    --------
    >>> ItemConfig().train_config(longest_session=30).window
    29
    >>> ItemConfig(window=3).train_config(longest_session=30).window
    3
    """

    window: int | None = None
    dim: int = 64
    negative: int = 5
    ns_exponent: float = 0.75
    sample: float = 0.0
    epochs: int = 10
    alpha: float = 0.025
    min_alpha: float = 1e-4
    min_count: int = 1
    architecture: Architecture = "skipgram"
    loss: Loss = "ns"
    threads: int | None = None
    seed: int = 1
    compute_loss: bool = True
    job_words: int = 50_000

    def __post_init__(self) -> None:
        check_int(self, "window", 1, optional=True)
        self.train_config(longest_session=2)

    def train_config(self, *, longest_session: int) -> TrainConfig:
        """The word2vec options for a corpus whose longest session has this many items.

        A whole-session context is a fixed (not shrinking) window reaching across the
        longest session.
        """
        whole = self.window is None
        return derived_train_config(
            self,
            window=max(longest_session - 1, 1) if whole else self.window,
            shrink_windows=not whole,
            architecture=self.architecture,
            loss=self.loss,
            dim=self.dim,
            negative=self.negative,
            ns_exponent=self.ns_exponent,
            sample=self.sample,
            epochs=self.epochs,
            alpha=self.alpha,
            min_alpha=self.min_alpha,
            min_count=self.min_count,
            threads=self.threads,
            seed=self.seed,
            compute_loss=self.compute_loss,
            job_words=self.job_words,
        )
