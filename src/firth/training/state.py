"""Where a training run stands: the part of a checkpoint that is not weights."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from firth.training.callbacks import EpochStats

__all__ = ["TrainingState"]


@dataclass
class TrainingState:
    """Progress of a run, exact at every job boundary.

    Jobs are dispatched in order and every dispatched job finishes before a checkpoint or
    a stop, so the work done is always the prefix of jobs before ``(epoch, job)``. The
    learning rate depends only on the position in the corpus, so a resumed run continues
    the schedule exactly. The ``epoch_*`` fields accumulate the current, unfinished epoch.
    """

    epochs: int
    epoch: int = 0
    job: int = 0
    epoch_effective_words: int = 0
    epoch_raw_words: int = 0
    epoch_loss: float = 0.0
    epoch_predictions: int = 0
    epoch_seconds: float = 0.0
    history: list[EpochStats] = field(default_factory=list)
    interrupted: bool = False

    @property
    def finished(self) -> bool:
        """Whether every epoch has been trained."""
        return self.epoch >= self.epochs

    def epoch_stats(self, *, completed: bool) -> EpochStats:
        """The figures accumulated so far for the current epoch."""
        return EpochStats(
            epoch=self.epoch,
            effective_words=self.epoch_effective_words,
            raw_words=self.epoch_raw_words,
            seconds=self.epoch_seconds,
            loss=self.epoch_loss,
            predictions=self.epoch_predictions,
            completed=completed,
        )

    def close_epoch(self) -> EpochStats:
        """Move the finished current epoch into ``history`` and start the next one."""
        stats = self.epoch_stats(completed=True)
        self.history.append(stats)
        self.epoch += 1
        self.job = 0
        self.epoch_effective_words = self.epoch_raw_words = self.epoch_predictions = 0
        self.epoch_loss = self.epoch_seconds = 0.0
        return stats

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (used in checkpoints)."""
        data = asdict(self)
        data["history"] = [asdict(h) for h in self.history]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainingState:
        """Inverse of :meth:`to_dict`."""
        values = dict(data)
        values["history"] = [EpochStats(**h) for h in values.get("history", [])]
        return cls(**values)
