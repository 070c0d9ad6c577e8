"""The callback protocol: how training reports progress and how it can be stopped.

Subclass :class:`Callback` and override what you need; training calls the methods from
the thread that called :func:`firth.train`. Raise :class:`StopTraining` from any method
to stop at the next job boundary, exactly as Ctrl-C does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Callback", "EpochStats", "Progress", "StopTraining"]


class StopTraining(Exception):
    """Raised by a callback to stop training early, leaving a consistent model."""


@dataclass(frozen=True)
class Progress:
    """A progress report, sent after each job (at most every ``interval`` seconds).

    ``fraction`` is the share of the whole run done (all epochs); ``words_per_second``
    counts effective words (after subsampling) since training (re)started.
    """

    epoch: int
    epochs: int
    fraction: float
    epoch_fraction: float
    effective_words: int
    words_per_second: float
    elapsed_seconds: float
    eta_seconds: float
    alpha: float


@dataclass(frozen=True)
class EpochStats:
    """Statistics of one epoch.

    ``loss`` is the sum of the logistic losses of every prediction made (positive and
    noise words for negative sampling, every inner node for hierarchical softmax), summed in
    float64 per job and over jobs; ``mean_loss`` divides it by ``predictions``. ``seconds``
    is wall-clock training time (summed over sessions when an epoch was resumed).
    ``completed`` is False for an epoch cut short by Ctrl-C or :class:`StopTraining`.
    """

    epoch: int
    effective_words: int
    raw_words: int
    seconds: float
    loss: float
    predictions: int
    completed: bool

    @property
    def words_per_second(self) -> float:
        """Effective words trained per second."""
        return self.effective_words / self.seconds if self.seconds > 0 else 0.0

    @property
    def mean_loss(self) -> float:
        """Loss per prediction (NaN when nothing was predicted or loss was not computed)."""
        return self.loss / self.predictions if self.predictions else float("nan")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready view including the derived figures."""
        data = asdict(self)
        data["words_per_second"] = self.words_per_second
        data["mean_loss"] = self.mean_loss
        return data


class Callback:
    """Base class with no-op hooks; override the ones you need.

    Examples
    --------
    >>> class Printer(Callback):
    ...     def on_epoch_end(self, stats: EpochStats) -> None:
    ...         print(f"epoch {stats.epoch}: loss {stats.mean_loss:.3f}")
    """

    #: Minimum seconds between two :meth:`on_progress` calls.
    interval: float = 0.2

    def on_train_begin(self, *, epochs: int, total_words: int, resumed: bool) -> None:
        """Called once, after set-up and compilation, before the first job."""

    def on_progress(self, progress: Progress) -> None:
        """Called after jobs complete, throttled to one call per ``interval`` seconds."""

    def on_epoch_end(self, stats: EpochStats) -> None:
        """Called when every job of an epoch has finished."""

    def on_train_end(self, *, interrupted: bool) -> None:
        """Called once when training stops, normally or early."""
