"""``firth bias``: directions, projections, WEAT, analogies and debiasing on a saved model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import firth
from firth.cli import app
from firth.cli.bias import REPORT_NAME

runner = CliRunner()

DIM = 16
MALE_JOBS = {"engineer": 0.5, "pilot": 0.4, "carpenter": 0.6}
FEMALE_JOBS = {"secretary": -0.5, "dancer": -0.4, "homemaker": -0.8}


def planted_model(folder: Path) -> Path:
    """A saved model with a planted gender direction ``g`` (see tests/bias/test_bias.py)."""
    rng = np.random.default_rng(5)
    g = rng.normal(size=DIM)
    g /= np.linalg.norm(g)

    def role() -> np.ndarray:
        r = rng.normal(size=DIM)
        r -= (r @ g) * g
        return r / np.linalg.norm(r)

    vectors: dict[str, np.ndarray] = {}
    for a, b in [("he", "she"), ("man", "woman"), ("king", "queen")]:
        shared = role()
        vectors[a], vectors[b] = shared + 0.8 * g, shared - 0.8 * g
    medical = role()
    vectors["doctor"] = medical + 0.5 * g + 0.1 * role()
    vectors["nurse"] = medical - 0.5 * g + 0.1 * role()
    vectors["physician"] = medical + 0.1 * role()
    for word, lean in {**MALE_JOBS, **FEMALE_JOBS}.items():
        vectors[word] = role() + lean * g
    for i in range(20):
        vectors[f"w{i}"] = role()
    words = list(vectors)
    emb = firth.Embeddings(
        firth.Vocab(words), np.array([vectors[w] for w in words], dtype=np.float32)
    )
    path = folder / "model"
    emb.save(path)
    return path


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return planted_model(tmp_path_factory.mktemp("bias"))


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["bias", *args])
    return result.exit_code, result.stdout, result.stderr


def test_default_shows_the_direction_and_both_extremes(model: Path) -> None:
    code, stdout, _ = run(str(model), "-k", "3")
    assert code == 0, stdout
    assert "pca direction of he/she" in stdout
    assert "most 'he'-leaning words" in stdout
    assert "most 'she'-leaning words" in stdout
    assert "homemaker" in stdout
    assert "carpenter" in stdout
    code, stdout, _ = run(str(model), "-k", "3", "--json")
    data = json.loads(stdout)
    positive, negative = data["extremes"]["positive"], data["extremes"]["negative"]
    assert {r["word"] for r in positive} == {"king", "man", "carpenter"}
    assert {r["word"] for r in negative} == {"woman", "queen", "homemaker"}
    assert [r["projection"] for r in positive] == sorted(
        (r["projection"] for r in positive), reverse=True
    )
    assert [r["projection"] for r in negative] == sorted(r["projection"] for r in negative)
    assert min(r["projection"] for r in positive) > 0.4 > -0.4 > negative[-1]["projection"]
    assert data["direction"]["pairs"] == [["he", "she"]]
    assert data["direction"]["variance_ratio"] == pytest.approx(1.0)


def test_words_pairs_and_method(model: Path, tmp_path: Path) -> None:
    listing = tmp_path / "words.txt"
    listing.write_text("doctor nurse\nw1, w2\n")
    args = [str(model), "--pair", "he:she", "-p", "man:woman", "--method", "difference"]
    code, stdout, _ = run(*args, "--words", f"@{listing}", "--json")
    assert code == 0, stdout
    data = json.loads(stdout)
    assert data["direction"]["method"] == "difference"
    assert data["direction"]["pairs"] == [["he", "she"], ["man", "woman"]]
    projections = {r["word"]: r["projection"] for r in data["projections"]}
    assert next(iter(projections)) == "doctor"
    assert list(projections)[-1] == "nurse"
    assert projections["doctor"] > 0.3 > abs(projections["w1"])
    assert projections["nurse"] < -0.3
    code, stdout, _ = run(*args, "--words", "doctor, nurse")
    assert code == 0
    assert "projections on he - she" in stdout
    assert "nurse" in stdout


def test_weat_before_and_after_debiasing(model: Path, tmp_path: Path) -> None:
    out = tmp_path / "fair"
    weat = ["--weat", ",".join(MALE_JOBS), ",".join(FEMALE_JOBS), "he,man", "she,woman"]
    args = [str(model), *weat, "--exact", "--debias-out", str(out), "--equalize", "he:she"]
    code, stdout, stderr = run(*args, "--specific", "king,queen,unknownword", "--json")
    assert code == 0, stderr
    data = json.loads(stdout)
    before, after = data["weat"], data["weat_after_debias"]
    assert before["exact"]
    assert before["n_permutations"] == 20
    assert before["effect_size"] > 1.0
    assert before["p_value"] < 0.1
    # he/she equalised, man/woman neutralised: no target leans to either side any more
    assert after["effect_size"] is None
    assert after["p_value"] == 1.0
    report = data["debias"]["report"]
    assert report["direct_bias_after"] < 1e-5 < report["direct_bias_before"]
    assert report["specific_unknown"] == 1
    # all but the defining words he/she (also equalised) and the specific king/queen
    assert report["neutralized"] == len(firth.load(model)) - 4
    saved = firth.load(out)
    assert saved.metadata["debias"]["equalized"] == [["he", "she"]]
    on_disk = json.loads((out / REPORT_NAME).read_text())
    assert on_disk == report
    # the text form, saving over the previous output
    code, stdout, stderr = run(*args)
    assert code == 0, stderr
    assert "WEAT after debiasing" in stdout
    assert "n/a" in stdout
    assert "neutralised" in stdout
    assert f"saved the debiased embeddings to {out}" in stdout


def test_analogies(model: Path) -> None:
    code, stdout, _ = run(str(model), "--analogies", "--words", "doctor", "--json")
    assert code == 0, stdout
    data = json.loads(stdout)
    assert data["analogy_probes"][0]["answers"][0]["word"] == "nurse"
    generated = [(p["x"], p["y"]) for p in data["biased_analogies"]]
    assert generated[0] == ("doctor", "nurse")  # the gendered pairs are farther than delta
    assert ("king", "queen") in [
        (p["x"], p["y"])
        for p in json.loads(run(str(model), "--analogies", "--delta", "1.5", "--json")[1])[
            "biased_analogies"
        ]
    ]
    code, stdout, _ = run(str(model), "--analogies", "-k", "2")
    assert code == 0
    assert "analogy probes" in stdout
    assert "pairs most aligned with he - she" in stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pair", "he"], "two words joined by ':'"),
        (["--pair", "he:"], "two words joined by ':'"),
        (["--words", "doctor,zzz"], "'zzz' is not in the vocabulary"),
        (["--words", " , "], "--words lists no words"),
        (["--words", "@/no/such/file.txt"], "cannot read the word file"),
        (["--weat", "pilot", "dancer,nurse", "he", "she"], "same number of words"),
        (["--equalize", "he:she"], "add --debias-out"),
        (["--pair", "he:xyz"], "'xyz' is not in the vocabulary"),
        (["--analogies", "--delta", "0"], "delta must be a finite number > 0"),
    ],
)
def test_bad_input_exits_2_with_a_message(model: Path, args: list[str], message: str) -> None:
    code, _stdout, stderr = run(str(model), *args)
    assert code == 2
    assert message in " ".join(stderr.split())
    assert "Traceback" not in stderr


def test_bad_model_and_output(model: Path, tmp_path: Path) -> None:
    code, _, stderr = run(str(tmp_path / "missing"))
    assert code == 2
    assert "Invalid value for 'model'" in stderr
    (tmp_path / "junk.txt").write_text("not vectors\n")
    code, _, stderr = run(str(tmp_path / "junk.txt"))
    assert code == 2
    assert "error" in stderr
    code, _, stderr = run(str(model), "--debias-out", str(model))
    assert code == 2
    assert "must not be the model itself" in stderr
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    code, _, stderr = run(str(model), "--debias-out", str(foreign))
    assert code == 2
    assert "not empty" in stderr
    assert (foreign / "notes.txt").read_text() == "mine"
