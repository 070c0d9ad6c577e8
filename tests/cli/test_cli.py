"""Every documented command, through the real command line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import firth
from firth.cli import app
from firth.io.word2vec import read_word2vec
from planted import planted_corpus

runner = CliRunner()

TRAIN = ["--dim", "24", "--min-count", "1", "--sample", "0", "--threads", "2", "--seed", "3"]


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "planted.txt"
    path.write_text("".join(" ".join(s) + "\n" for s in planted_corpus()))
    return path


@pytest.fixture(scope="module")
def trained(corpus_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("trained")
    paths = {
        "model": folder / "model",
        "stats": folder / "stats.json",
        "w2v": folder / "vectors.bin",
    }
    result = runner.invoke(
        app,
        [
            "train",
            str(corpus_file),
            "-o",
            str(paths["model"]),
            "--arch",
            "skipgram",
            "--loss",
            "both",
            "--epochs",
            "8",
            *TRAIN,
            "--stats-json",
            str(paths["stats"]),
            "--save-word2vec",
            str(paths["w2v"]),
            "--binary",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "saved 116 words x 24 dimensions" in result.output
    return paths


def test_train_writes_model_stats_and_word2vec(trained: dict[str, Path]) -> None:
    model = firth.Word2VecModel.load(trained["model"])
    assert model.config.architecture == "skipgram"
    assert model.config.loss == "both"
    assert model.config.epochs == 8
    assert model.config.seed == 3
    stats = json.loads(trained["stats"].read_text())
    assert len(stats["epochs"]) == 8
    for epoch in stats["epochs"]:
        assert epoch["effective_words"] == 27_000  # sample 0: every token trains
        assert epoch["seconds"] > 0
        assert epoch["words_per_second"] > 0
        assert 0 < epoch["mean_loss"] < 1
    assert stats["epochs"][-1]["loss"] < stats["epochs"][0]["loss"]
    assert stats["interrupted"] is False
    words, vectors = read_word2vec(trained["w2v"], binary=True)
    assert words == model.vocab.words
    np.testing.assert_array_equal(vectors, model.input_vectors)


def test_similar_and_analogy(trained: dict[str, Path]) -> None:
    result = runner.invoke(app, ["similar", str(trained["model"]), "r3_0", "-k", "4"])
    assert result.exit_code == 0, result.output
    listed = [line.split("│")[1].strip() for line in result.output.splitlines() if "│" in line]
    assert sum(word.startswith("r3_") for word in listed) >= 3
    result = runner.invoke(app, ["analogy", str(trained["model"]), "t0_1", "t1_1", "t0_2"])
    assert result.exit_code == 0, result.output
    answers = [line.split("│")[1].strip() for line in result.output.splitlines() if "│" in line]
    assert answers[0] == "t1_2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["similar", "{model}", "t9_9"], "not in the vocabulary"),
        (["analogy", "{model}", "t0_1", "nope", "zilch"], "2 words are not in the vocabulary"),
        (["train", "{missing}", "-o", "{out}"], "does-not-exist"),
        (["train", "{corpus}", "-o", "{out}", "--dim", "0"], "TrainConfig.dim"),
        (["train", "{corpus}", "-o", "{out}", "--resume", "{model}", "--dim", "5"], "--resume"),
        (["similar", "{missing}", "king"], "does-not-exist"),
    ],
)
def test_bad_input_is_a_clear_message_not_a_traceback(
    trained: dict[str, Path], corpus_file: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    values = {
        "model": str(trained["model"]),
        "corpus": str(corpus_file),
        "out": str(tmp_path / "o"),
        "missing": str(tmp_path / "does-not-exist"),
    }
    result = runner.invoke(app, [a.format(**values) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_ctrl_c_saves_a_resumable_model(corpus_file: Path, tmp_path: Path) -> None:
    model = tmp_path / "model"
    command = [
        sys.executable,
        "-m",
        "firth",
        "train",
        str(corpus_file),
        "-o",
        str(model),
        "--arch",
        "skipgram",
        "--epochs",
        "150",
        *TRAIN,
    ]
    env = {**os.environ, "COLUMNS": "200"}
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stderr is not None
    deadline = time.monotonic() + 120
    for line in process.stderr:
        if line.startswith("epoch 2:"):
            break
        assert time.monotonic() < deadline
    process.send_signal(signal.SIGINT)
    rest = process.stderr.read()
    assert process.wait(timeout=60) == 130, rest
    assert "interrupted" in rest
    assert "--resume" in rest
    partial = firth.Word2VecModel.load(model)
    assert partial.interrupted
    assert 2 <= partial.state.epoch < 150
    assert firth.load(model).most_similar("t0_1", k=2)  # usable as it is
    resumed = subprocess.run(
        [
            sys.executable,
            "-m",
            "firth",
            "train",
            str(corpus_file),
            "-o",
            str(model),
            "--resume",
            str(model),
            "--threads",
            "2",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stderr
    final = firth.Word2VecModel.load(model)
    assert final.state.finished
    assert not final.interrupted
    assert len(final.history) == 150


@pytest.mark.parametrize(
    ("method", "extra"),
    [
        ("sgns", ["--dim", "16", "--loss", "nce"]),
        ("ppmi", ["--cds", "0.75", "--shift", "2", "--max-contexts", "50"]),
        ("svd", ["--dim", "16", "--eig", "0", "--vectors", "w+c", "--weighting", "linear"]),
        ("glove", ["--dim", "16", "--epochs", "10", "--x-max", "10", "--vectors", "w"]),
        ("lsa", ["--dim", "16", "--document-tokens", "50"]),
    ],
)
def test_train_every_method_of_the_family(
    corpus_file: Path, tmp_path: Path, method: str, extra: list[str]
) -> None:
    model = tmp_path / method
    stats = tmp_path / "stats.json"
    args = ["train", str(corpus_file), "-o", str(model), "--method", method, "--min-count", "1"]
    result = runner.invoke(app, [*args, *extra, "--stats-json", str(stats), "-q"])
    assert result.exit_code == 0, result.output
    emb = firth.load(model)
    assert emb.dim == (50 if method == "ppmi" else 16)
    if method != "sgns":
        assert emb.metadata["method"] == method
        assert json.loads(stats.read_text())["method"] == method
    neighbours = runner.invoke(app, ["similar", str(model), "t0_1", "-k", "3"])
    assert neighbours.exit_code == 0
    assert "t0_1" in neighbours.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "ppmi", "--negative", "3"], "--negative not used by --method ppmi"),
        (["--method", "glove", "--cds", "0.5", "--eig", "1"], "--cds, --eig not used"),
        (["--method", "svd", "--loss", "hs"], "--loss: only for word2vec"),
        (["--method", "sgns", "--arch", "cbow"], "--method sgns trains skipgram"),
        (["--eig", "0.5"], "--eig: only for --method ppmi, svd, glove or lsa"),
        (["--method", "svd", "--dim", "500"], "dim=500 must be smaller"),
    ],
)
def test_train_method_options_are_checked(
    corpus_file: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    base = ["train", str(corpus_file), "-o", str(tmp_path / "m"), "--min-count", "1", "-q"]
    result = runner.invoke(app, [*base, *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "m").exists()
