"""Reproducibility, callbacks, Ctrl-C, checkpoints and resuming."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import firth
from firth.training.callbacks import Callback, EpochStats, Progress, StopTraining
from planted import planted_corpus

CONFIG = firth.TrainConfig(
    architecture="skipgram",
    loss="both",
    dim=16,
    min_count=1,
    epochs=3,
    threads=1,
    job_words=400,
    seed=7,
)


@pytest.fixture(scope="module")
def corpus() -> list[list[str]]:
    return planted_corpus(sentences=1500)


def _write_corpus(path: Path, corpus: list[list[str]]) -> Path:
    path.write_text("".join(" ".join(s) + "\n" for s in corpus))
    return path


SCRIPT = textwrap.dedent(
    """
    import sys, numpy as np, firth
    config = firth.TrainConfig(architecture=sys.argv[3], dim=16, min_count=1, epochs=2,
                               threads=int(sys.argv[4]), seed=int(sys.argv[5]), job_words=300)
    model = firth.train(sys.argv[1], config)
    np.save(sys.argv[2], model.input_vectors)
    """
)


def _train_in_subprocess(corpus: Path, out: Path, arch: str, threads: int, seed: int) -> bytes:
    subprocess.run(
        [sys.executable, "-c", SCRIPT, str(corpus), str(out), arch, str(threads), str(seed)],
        check=True,
        timeout=300,
    )
    return out.read_bytes()


@pytest.mark.parametrize("architecture", ["skipgram", "cbow"])
def test_one_thread_is_bit_identical_across_processes(
    tmp_path: Path, corpus: list[list[str]], architecture: str
) -> None:
    text = _write_corpus(tmp_path / "corpus.txt", corpus)
    first = _train_in_subprocess(text, tmp_path / "a.npy", architecture, 1, 3)
    second = _train_in_subprocess(text, tmp_path / "b.npy", architecture, 1, 3)
    other_seed = _train_in_subprocess(text, tmp_path / "c.npy", architecture, 1, 4)
    assert first == second
    assert first != other_seed


def test_two_threads_give_equally_good_vectors(corpus: list[list[str]]) -> None:
    from planted import analogy_accuracy

    config = firth.TrainConfig(**{**CONFIG.to_dict(), "threads": 2, "epochs": 8})
    model = firth.train(corpus, config)
    assert analogy_accuracy(model.embeddings) >= 0.7


class Recorder(Callback):
    interval = 0.0

    def __init__(self) -> None:
        self.begun: dict[str, object] = {}
        self.progress: list[Progress] = []
        self.epochs: list[EpochStats] = []
        self.ended: bool | None = None

    def on_train_begin(self, *, epochs: int, total_words: int, resumed: bool) -> None:
        self.begun = {"epochs": epochs, "total_words": total_words, "resumed": resumed}

    def on_progress(self, progress: Progress) -> None:
        self.progress.append(progress)

    def on_epoch_end(self, stats: EpochStats) -> None:
        self.epochs.append(stats)

    def on_train_end(self, *, interrupted: bool) -> None:
        self.ended = interrupted


def test_callbacks_see_progress_epochs_and_end(corpus: list[list[str]]) -> None:
    recorder = Recorder()
    model = firth.train(corpus, CONFIG, callbacks=[recorder])
    assert recorder.begun["epochs"] == 3
    assert recorder.begun["resumed"] is False
    fractions = [p.fraction for p in recorder.progress]
    assert fractions == sorted(fractions)
    assert fractions[-1] == pytest.approx(1.0)
    assert all(p.words_per_second > 0 and p.alpha > 0 for p in recorder.progress)
    assert recorder.progress[-1].eta_seconds == pytest.approx(0.0)
    assert [e.epoch for e in recorder.epochs] == [0, 1, 2]
    assert recorder.epochs == model.history
    assert recorder.ended is False
    assert sum(e.raw_words for e in model.history) == 3 * model.corpus["tokens"]


class StopAfter(Callback):
    interval = 0.0

    def __init__(self, jobs: int, *, sigint: bool) -> None:
        self.left = jobs
        self.sigint = sigint

    def on_progress(self, progress: Progress) -> None:
        self.left -= 1
        if self.left == 0:
            if self.sigint:
                os.kill(os.getpid(), signal.SIGINT)  # what Ctrl-C delivers
            else:
                raise StopTraining


@pytest.mark.parametrize("sigint", [True, False])
def test_interrupt_then_resume_equals_uninterrupted(
    corpus: list[list[str]], tmp_path: Path, sigint: bool
) -> None:
    reference = firth.train(corpus, CONFIG)
    partial = firth.train(corpus, CONFIG, callbacks=[StopAfter(7, sigint=sigint)])
    assert partial.interrupted
    assert 0 < partial.state.epoch * 1000 + partial.state.job < 3 * 1000
    # usable as it is
    assert partial.embeddings.most_similar("t0_1", k=3)
    partial.save(tmp_path / "partial")
    recorder = Recorder()
    resumed = firth.resume(tmp_path / "partial", corpus, callbacks=[recorder])
    assert recorder.begun["resumed"] is True
    assert not resumed.interrupted
    np.testing.assert_array_equal(resumed.input_vectors, reference.input_vectors)
    np.testing.assert_array_equal(resumed.output_vectors, reference.output_vectors)
    np.testing.assert_array_equal(resumed.hs_vectors, reference.hs_vectors)
    assert [h.loss for h in resumed.history] == pytest.approx([h.loss for h in reference.history])
    assert [h.effective_words for h in resumed.history] == [
        h.effective_words for h in reference.history
    ]


def test_sigint_handler_is_restored(corpus: list[list[str]]) -> None:
    before = signal.getsignal(signal.SIGINT)
    firth.train(corpus, CONFIG, callbacks=[StopAfter(2, sigint=True)])
    assert signal.getsignal(signal.SIGINT) is before


def test_killed_run_resumes_from_its_last_checkpoint(
    tmp_path: Path, corpus: list[list[str]]
) -> None:
    text = _write_corpus(tmp_path / "corpus.txt", corpus * 4)
    checkpoint = tmp_path / "ckpt"
    script = textwrap.dedent(
        f"""
        import firth
        config = firth.TrainConfig(**{CONFIG.to_dict()!r})
        firth.train({str(text)!r}, config, checkpoint={str(checkpoint)!r}, checkpoint_every=0.01)
        """
    )
    spill = tmp_path / "tmp"  # a killed run cannot remove its temporary corpus folder
    spill.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", script], env={**os.environ, "TMPDIR": str(spill)}
    )
    try:
        deadline = time.monotonic() + 240
        while not (checkpoint / "manifest.json").exists():
            assert process.poll() is None, "training ended before writing a checkpoint"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        time.sleep(0.1)
        process.kill()  # no chance to clean up: the checkpoint must stand on its own
    finally:
        process.wait()
    saved = firth.Word2VecModel.load(checkpoint)
    assert not saved.state.finished
    resumed = firth.resume(checkpoint, str(text))
    reference = firth.train(str(text), CONFIG)
    np.testing.assert_array_equal(resumed.input_vectors, reference.input_vectors)


def test_resume_refuses_a_different_corpus(corpus: list[list[str]], tmp_path: Path) -> None:
    partial = firth.train(corpus, CONFIG, callbacks=[StopAfter(2, sigint=False)])
    with pytest.raises(firth.CorpusError, match="same corpus"):
        firth.resume(partial, corpus[: len(corpus) // 2])


def test_finished_model_round_trips_and_resume_is_a_no_op(
    corpus: list[list[str]], tmp_path: Path
) -> None:
    model = firth.train(corpus, CONFIG)
    model.save(tmp_path / "model")
    loaded = firth.Word2VecModel.load(tmp_path / "model")
    assert loaded.config == model.config
    assert loaded.vocab == model.vocab
    assert loaded.history == model.history
    np.testing.assert_array_equal(loaded.input_vectors, model.input_vectors)
    assert firth.resume(loaded, corpus) is loaded
    emb = firth.load(tmp_path / "model")
    assert emb.most_similar("t0_0", k=3) == model.embeddings.most_similar("t0_0", k=3)


def test_checkpoint_every_needs_a_path(corpus: list[list[str]]) -> None:
    with pytest.raises(firth.ConfigError, match="checkpoint"):
        firth.train(corpus, CONFIG, checkpoint_every=5)


def test_empty_and_rare_corpora_give_clear_errors() -> None:
    with pytest.raises(firth.EmptyCorpusError, match="no tokens"):
        firth.train([[], []], CONFIG)
    with pytest.raises(firth.EmptyCorpusError, match="min_count"):
        firth.train([["once", "twice", "twice"]], firth.TrainConfig(min_count=5))


def test_a_second_process_loads_the_compiled_kernels_from_the_cache(tmp_path: Path) -> None:
    """The kernels are cached on disk: only the first process pays for compiling them."""
    script = textwrap.dedent(
        """
        import firth
        corpus = [["a", "b", "c", "d"] * 5] * 20
        config = firth.TrainConfig(architecture="skipgram", dim=8, min_count=1, epochs=1)
        print(firth.train(corpus, config).timings["compile_seconds"])
        """
    )
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "numba-cache")}
    seconds = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        seconds.append(float(done.stdout.split()[-1]))
    assert any((tmp_path / "numba-cache").rglob("*.nbi"))  # the index files of the cache
    assert seconds[1] < 2.0
    assert seconds[1] < seconds[0]
