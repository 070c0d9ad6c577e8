"""The threaded job loop: Hogwild over ``nogil`` Numba kernels.

The corpus is already an int32 array, so there is no producer thread: the main thread
hands out jobs (ranges of sentences) to worker threads through a queue, collects their
statistics, reports progress, writes checkpoints and reacts to Ctrl-C. Every core trains.
"""

from __future__ import annotations

import logging
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from firth.training.callbacks import Callback, Progress, StopTraining
from firth.training.state import TrainingState

__all__ = ["JobRunner", "job_seed", "plan_jobs", "stop_on_sigint"]

logger = logging.getLogger(__name__)

_MASK64 = (1 << 64) - 1

#: ``call(s_begin, s_end, epoch, seed) -> (effective words, loss, predictions)``
KernelCall = Callable[[int, int, int, int], tuple[int, float, int]]


#: Every epoch is cut into at least this many jobs, so small corpora still keep every
#: thread busy within an epoch (instead of training two epochs at once).
MIN_JOBS_PER_EPOCH = 64


def plan_jobs(sentence_ends: npt.NDArray[np.int64], job_words: int) -> npt.NDArray[np.int64]:
    """Split sentences into jobs of at most about ``job_words`` tokens, never splitting one.

    Small corpora get smaller jobs (at least ``MIN_JOBS_PER_EPOCH`` per epoch when there
    are that many sentences). The plan depends on the corpus alone, never on the number of
    threads, so a run can be resumed with a different thread count.
    Returns the sentence boundaries: job ``j`` trains sentences ``b[j] .. b[j+1]-1``.

    Examples
    --------
    >>> ends = np.arange(100, 100_001, 100)  # 1,000 sentences of 100 tokens
    >>> len(plan_jobs(ends, 500)) - 1  # 5 sentences per job
    200
    >>> plan_jobs(np.array([3, 5, 9, 10]), 4).tolist()  # tiny corpus: one sentence per job
    [0, 1, 2, 3, 4]
    """
    total = int(sentence_ends[-1]) if len(sentence_ends) else 0
    size = max(1, min(job_words, -(-total // MIN_JOBS_PER_EPOCH)))
    targets = np.arange(size, total, size, dtype=np.int64)
    cuts = np.searchsorted(sentence_ends, targets, side="left") + 1
    n = len(sentence_ends)
    return np.unique(np.concatenate(([0], cuts, [n])).clip(0, n)).astype(np.int64)


def _splitmix64(x: int) -> int:
    x = (x + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def job_seed(seed: int, epoch: int, job: int) -> int:
    """The random stream of one job: a function of (seed, epoch, job) only.

    Each job owns its stream, so a run's random choices do not depend on which thread ran
    which job, and a resumed run draws exactly what the uninterrupted run would have.
    """
    return _splitmix64(_splitmix64(_splitmix64(seed) ^ epoch) ^ job)


@dataclass(frozen=True)
class _Done:
    epoch: int
    job: int
    result: tuple[int, float, int] | None
    error: BaseException | None


@contextmanager
def stop_on_sigint(stop: threading.Event) -> Iterator[None]:
    """While active, Ctrl-C asks for a stop at the next job boundary instead of raising."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def request_stop(signum: int, frame: object) -> None:
        stop.set()  # only a flag: the loop notices it within 0.1 s and reports the stop

    previous = signal.signal(signal.SIGINT, request_stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class JobRunner:
    """Runs the remaining jobs of a training run on ``threads`` worker threads.

    Parameters
    ----------
    call
        Trains one job; see ``KernelCall``.
    bounds
        Sentence boundaries of the jobs (:func:`plan_jobs`).
    token_bounds
        Token offset of each boundary (for progress and the learning rate).
    alpha_at
        The learning rate at a global token position (for progress reports).
    release
        Called with a token offset in the epoch when every job before it has finished, so
        the data of that prefix can leave memory (e.g. pages of a memory-mapped corpus).
    """

    def __init__(
        self,
        call: KernelCall,
        bounds: npt.NDArray[np.int64],
        token_bounds: npt.NDArray[np.int64],
        alpha_at: Callable[[int], float],
        *,
        threads: int,
        seed: int,
        release: Callable[[int], None] | None = None,
    ) -> None:
        self._call = call
        self._release = release
        self._bounds = bounds
        self._tokens = token_bounds
        self._alpha_at = alpha_at
        self._threads = threads
        self._seed = seed
        self._jobs: queue.SimpleQueue[tuple[int, int] | None] = queue.SimpleQueue()
        self._done: queue.SimpleQueue[_Done] = queue.SimpleQueue()

    @property
    def n_jobs(self) -> int:
        """Jobs per epoch."""
        return len(self._bounds) - 1

    def _work(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                return
            epoch, job = item
            try:
                result = self._call(
                    int(self._bounds[job]),
                    int(self._bounds[job + 1]),
                    epoch,
                    job_seed(self._seed, epoch, job),
                )
                self._done.put(_Done(epoch, job, result, None))
            except BaseException as error:  # reported and re-raised by the main thread
                self._done.put(_Done(epoch, job, None, error))

    def run(
        self,
        state: TrainingState,
        callbacks: Sequence[Callback],
        *,
        checkpoint: Callable[[], None] | None = None,
        checkpoint_every: float | None = None,
    ) -> None:
        """Train from ``state`` to the end (or until stopped), updating ``state`` in place."""
        stop = threading.Event()
        workers = [
            threading.Thread(target=self._work, name=f"firth-worker-{i}", daemon=True)
            for i in range(self._threads)
        ]
        for worker in workers:
            worker.start()
        try:
            with stop_on_sigint(stop):
                self._loop(state, callbacks, stop, checkpoint, checkpoint_every)
        finally:
            for _ in workers:
                self._jobs.put(None)
            for worker in workers:
                worker.join()

    def _loop(
        self,
        state: TrainingState,
        callbacks: Sequence[Callback],
        stop: threading.Event,
        checkpoint: Callable[[], None] | None,
        checkpoint_every: float | None,
    ) -> None:
        n_jobs = self.n_jobs
        epoch_tokens = int(self._tokens[-1])
        total_tokens = epoch_tokens * state.epochs
        start_position = self._position(state)
        dispatched = (state.epoch, state.job)
        finished: dict[tuple[int, int], tuple[int, float, int]] = {}
        in_flight = 0
        started = last_commit = last_checkpoint = time.perf_counter()
        last_report = [0.0] * len(callbacks)
        session_effective = 0
        pausing = False
        failure: BaseException | None = None

        def notify(callback: Callback, method: str, *args: object) -> None:
            nonlocal failure
            try:
                getattr(callback, method)(*args)
            except StopTraining:
                logger.info("a callback asked training to stop")
                stop.set()
            except Exception as error:
                failure = failure or error
                stop.set()

        while True:
            # Hand out jobs in order, keeping every worker busy with one spare job each.
            while (
                not (stop.is_set() or pausing)
                and in_flight < 2 * self._threads
                and dispatched[0] < state.epochs
            ):
                self._jobs.put(dispatched)
                in_flight += 1
                epoch, job = dispatched[0], dispatched[1] + 1
                dispatched = (epoch + 1, 0) if job == n_jobs else (epoch, job)
            if in_flight == 0:
                if pausing and not stop.is_set():
                    if checkpoint is not None:
                        checkpoint()
                    pausing = False
                    last_checkpoint = time.perf_counter()
                    continue
                break
            try:
                done = self._done.get(timeout=0.1)
            except queue.Empty:
                continue
            in_flight -= 1
            if done.error is not None:
                failure = failure or done.error
                stop.set()
                continue
            assert done.result is not None
            finished[(done.epoch, done.job)] = done.result
            # Jobs finish out of order; commit them in order so that the work done is
            # always a prefix of the job sequence (what checkpoints and resumes rely on).
            now = time.perf_counter()
            while (state.epoch, state.job) in finished:
                effective, loss, predictions = finished.pop((state.epoch, state.job))
                state.epoch_effective_words += effective
                state.epoch_loss += loss
                state.epoch_predictions += predictions
                state.epoch_raw_words += int(self._tokens[state.job + 1] - self._tokens[state.job])
                session_effective += effective
                state.job += 1
                if state.job == n_jobs:
                    state.epoch_seconds += now - last_commit
                    last_commit = now
                    stats = state.close_epoch()
                    if self._release is not None:
                        self._release(epoch_tokens)
                    for callback in callbacks:
                        notify(callback, "on_epoch_end", stats)
            if self._release is not None and state.job:
                self._release(int(self._tokens[state.job]))
            state.epoch_seconds += now - last_commit
            last_commit = now
            elapsed = now - started
            position = self._position(state)
            rate = (position - start_position) / elapsed if elapsed > 0 else 0.0
            current = min(state.epoch, state.epochs - 1)
            progress = Progress(
                epoch=current,
                epochs=state.epochs,
                fraction=position / total_tokens,
                epoch_fraction=(position - current * epoch_tokens) / epoch_tokens,
                effective_words=session_effective,
                words_per_second=session_effective / elapsed if elapsed > 0 else 0.0,
                elapsed_seconds=elapsed,
                eta_seconds=(total_tokens - position) / rate if rate > 0 else float("inf"),
                alpha=self._alpha_at(min(position, total_tokens - 1)),
            )
            for i, callback in enumerate(callbacks):
                if now - last_report[i] >= callback.interval or state.finished:
                    last_report[i] = now
                    notify(callback, "on_progress", progress)
            if (
                checkpoint_every is not None
                and not state.finished
                and now - last_checkpoint >= checkpoint_every
            ):
                pausing = True
        state.interrupted = not state.finished
        if failure is not None:
            raise failure

    def _position(self, state: TrainingState) -> int:
        """Global token position of the next job to commit."""
        if state.finished:
            return int(self._tokens[-1]) * state.epochs
        return state.epoch * int(self._tokens[-1]) + int(self._tokens[state.job])
