"""A training run streams its encoded corpus from a file: memory does not grow with it."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

import firth
from firth.training.callbacks import Callback, Progress
from mapped_memory import resident_kib

CONFIG = firth.TrainConfig(dim=8, min_count=1, epochs=2, threads=2, job_words=20_000)
TOKENS = 2_000_000  # 8 MB of ids


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(0)
    words = np.array([f"w{i}" for i in range(2000)])
    tokens = words[np.minimum(rng.zipf(1.3, TOKENS), 2000) - 1]
    path = tmp_path_factory.mktemp("memory") / "corpus.txt"
    lines = tokens.reshape(-1, 50)
    path.write_text("\n".join(" ".join(line) for line in lines) + "\n")
    return path


class _Watch(Callback):
    """Records the resident KiB of the streamed ids after every job."""

    interval = 0.0

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.resident: list[int] = []
        self.sizes: list[int] = []

    def on_progress(self, progress: Progress) -> None:
        found = list(self.folder.glob("firth-corpus-*/ids.int32"))
        self.sizes.extend(path.stat().st_size for path in found)
        self.resident.append(sum(resident_kib(path) for path in found))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/smaps")
def test_ids_stream_from_a_temporary_file_that_is_removed(
    corpus_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    watch = _Watch(tmp_path)
    model = firth.train(corpus_file, CONFIG, callbacks=[watch])
    assert model.corpus["tokens"] == TOKENS
    assert watch.sizes
    assert set(watch.sizes) == {4 * TOKENS}
    assert len(watch.resident) > 100  # one sample per job, across both epochs
    # The file is 7,800 KiB; only pages near the jobs in flight are ever resident (about
    # 1,000 KiB at most here: the page cache maps whole folios around a page read).
    assert max(watch.resident) < 2048, max(watch.resident)
    assert not list(tmp_path.iterdir()), "the temporary folder was not removed"


def test_without_a_temporary_folder_training_holds_the_ids_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    sentences = [["a", "b", "c", "d"]] * 200
    model = firth.train(sentences, firth.TrainConfig(dim=4, min_count=1, threads=1))
    assert model.corpus["tokens"] == 800
    assert "cannot create a temporary folder" in caplog.text
    assert "TMPDIR" in caplog.text


def test_a_given_cache_dir_is_kept_and_reused(corpus_file: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = firth.train(corpus_file, CONFIG, cache_dir=cache)
    assert (cache / "ids.int32").stat().st_size == 4 * TOKENS
    again = firth.train(corpus_file, CONFIG, cache_dir=cache)
    assert again.timings["encode_seconds"] < first.timings["encode_seconds"]
    assert again.vocab == first.vocab
