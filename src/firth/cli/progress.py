"""A rich progress bar fed by the training callbacks."""

from __future__ import annotations

import math

from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from firth.cli.common import err
from firth.training.callbacks import Callback, EpochStats
from firth.training.callbacks import Progress as TrainProgress


def _eta(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "--:--"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class ProgressBar(Callback):
    """Draws overall progress, words/s, ETA, learning rate, and a line per finished epoch."""

    def __init__(self) -> None:
        self._bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>5.1f}%"),
            TextColumn("{task.fields[rate]} words/s"),
            TextColumn("ETA {task.fields[eta]}"),
            TextColumn("alpha {task.fields[alpha]}"),
            TimeElapsedColumn(),
            console=err,
            transient=False,
        )
        self._task: TaskID | None = None

    def on_train_begin(self, *, epochs: int, total_words: int, resumed: bool) -> None:
        self._bar.start()
        label = "resuming" if resumed else "training"
        self._task = self._bar.add_task(label, total=1.0, rate="-", eta="--:--", alpha="-")

    def on_progress(self, progress: TrainProgress) -> None:
        if self._task is None:
            return
        self._bar.update(
            self._task,
            completed=progress.fraction,
            description=f"epoch {progress.epoch + 1}/{progress.epochs}",
            rate=f"{progress.words_per_second:,.0f}",
            eta=_eta(progress.eta_seconds),
            alpha=f"{progress.alpha:.5f}",
        )

    def on_epoch_end(self, stats: EpochStats) -> None:
        loss = "" if math.isnan(stats.mean_loss) else f", loss {stats.mean_loss:.4f}"
        self._bar.console.print(
            f"epoch {stats.epoch + 1}: {stats.effective_words:,} effective words in "
            f"{stats.seconds:.1f}s ({stats.words_per_second:,.0f} words/s){loss}"
        )

    def on_train_end(self, *, interrupted: bool) -> None:
        self._bar.stop()
