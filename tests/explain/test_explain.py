"""``firth.explain`` against hand-computed tables, the real ns_step kernel and the CLI."""

from __future__ import annotations

import importlib.util
import io
import json
import math
import subprocess
import sys
import types
from typing import Any

import numpy as np
import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from firth.cli.explain import TableName, explain_command
from firth.errors import ConfigError, FirthError, MissingExtraError
from firth.explain import TABLE_NAMES, ExplainOptions, Explanation, Table, explain
from firth.explain.step import initial_vectors, ns_update
from firth.vocab import Vocab

SEED_SENTENCE = "Thou shalt not make a machine in the likeness of a human mind"
TOKENS = ("thou", "shalt", "not", "make", "a", "machine", "in", "the", "likeness", "of", "a",
          "human", "mind")  # fmt: skip
# Vocabulary order: descending count, ties by the word (firth's Vocab.from_counts).
VOCAB = ("a", "human", "in", "likeness", "machine", "make", "mind", "not", "of", "shalt", "the",
         "thou")  # fmt: skip
A_WEIGHT = 2**0.75  # "a" occurs twice; the 11 other words once (weight 1 each)
TOTAL_WEIGHT = A_WEIGHT + 11


@pytest.fixture(scope="module")
def seed_explanation() -> Explanation:
    return explain(SEED_SENTENCE)


# -- the sliding-window tables ----------------------------------------------------------


def test_tokens_and_table_order(seed_explanation: Explanation) -> None:
    assert seed_explanation.tokens == TOKENS
    assert tuple(seed_explanation.tables) == TABLE_NAMES
    assert TABLE_NAMES == (
        "language_model", "skipgram", "cbow", "noise", "negative_sampling", "step", "updates",
    )  # fmt: skip
    assert seed_explanation.options == ExplainOptions()


def test_language_model_table(seed_explanation: Explanation) -> None:
    table = seed_explanation.tables["language_model"]
    assert table.columns == ("input 1", "input 2", "output")
    assert len(table) == 12  # every word but the first is predicted
    assert table.rows[:4] == (
        (None, "thou", "shalt"),
        ("thou", "shalt", "not"),
        ("shalt", "not", "make"),
        ("not", "make", "a"),
    )
    assert table.rows[-1] == ("a", "human", "mind")


def test_language_model_window_three() -> None:
    table = explain(SEED_SENTENCE, window=3).tables["language_model"]
    assert table.columns == ("input 1", "input 2", "input 3", "output")
    assert table.rows[:3] == (
        (None, None, "thou", "shalt"),
        (None, "thou", "shalt", "not"),
        ("thou", "shalt", "not", "make"),
    )


def test_skipgram_table(seed_explanation: Explanation) -> None:
    table = seed_explanation.tables["skipgram"]
    assert table.columns == ("input", "output")
    # 2 + 3 + 4 * 9 + 3 + 2 context words: 46 pairs
    assert len(table) == 46
    assert table.rows[:5] == (
        ("thou", "shalt"), ("thou", "not"),
        ("shalt", "thou"), ("shalt", "not"), ("shalt", "make"),
    )  # fmt: skip
    # "not" (position 2) with window 2: its neighbours from left to right
    assert table.rows[5:9] == (("not", "thou"), ("not", "shalt"), ("not", "make"), ("not", "a"))
    assert [o for i, o in table.rows if i == "not"] == ["thou", "shalt", "make", "a"]
    assert table.rows[-2:] == (("mind", "a"), ("mind", "human"))
    # every pair occurs in both directions (word2vec.c trains them context -> centre)
    assert sorted(table.rows) == sorted((o, i) for i, o in table.rows)


def test_skipgram_window_one() -> None:
    table = explain(SEED_SENTENCE, window=1).tables["skipgram"]
    assert len(table) == 24
    assert table.rows[:4] == (("thou", "shalt"), ("shalt", "thou"), ("shalt", "not"),
                              ("not", "shalt"))  # fmt: skip


def test_cbow_table(seed_explanation: Explanation) -> None:
    table = seed_explanation.tables["cbow"]
    assert table.columns == ("context -2", "context -1", "context +1", "context +2", "output")
    assert len(table) == 13
    assert table.rows[0] == (None, None, "shalt", "not", "thou")
    assert table.rows[2] == ("thou", "shalt", "make", "a", "not")
    assert table.rows[4] == ("not", "make", "machine", "in", "a")
    assert table.rows[-1] == ("a", "human", None, None, "mind")


# -- the noise distribution and the negative-sampling dataset ------------------------------


def test_noise_table(seed_explanation: Explanation) -> None:
    table = seed_explanation.tables["noise"]
    assert table.columns == ("word", "count", "count**0.75", "probability")
    assert tuple(row[0] for row in table.rows) == VOCAB
    word, count, weight, probability = table.rows[0]
    assert (word, count) == ("a", 2)
    assert weight == pytest.approx(1.681792830507429)
    assert probability == pytest.approx(A_WEIGHT / TOTAL_WEIGHT)
    assert probability == pytest.approx(0.1326147535)
    for _word, count, weight, probability in table.rows[1:]:
        assert (count, weight) == (1, 1.0)
        assert probability == pytest.approx(1 / TOTAL_WEIGHT)
        assert probability == pytest.approx(0.0788532042)
    total = math.fsum(float(row[3]) for row in table.rows)  # type: ignore[arg-type]
    assert total == pytest.approx(1.0)
    assert table.to_records()[0] == {
        "word": "a",
        "count": 2,
        "count**0.75": pytest.approx(A_WEIGHT),
        "probability": pytest.approx(A_WEIGHT / TOTAL_WEIGHT),
    }


def test_noise_exponent_one_is_the_unigram_distribution() -> None:
    table = explain(SEED_SENTENCE, ns_exponent=1.0).tables["noise"]
    assert table.columns[2] == "count**1"
    assert table.rows[0][3] == pytest.approx(2 / 13)
    assert table.rows[1][3] == pytest.approx(1 / 13)


def _noise_by_sample(table: Table) -> dict[int, list[str]]:
    noise: dict[int, list[str]] = {}
    for sample, *_, output, target in table.rows:
        assert isinstance(sample, int)
        if target == 0:
            assert isinstance(output, str)
            noise.setdefault(sample, []).append(output)
        else:
            noise.setdefault(sample, [])
    return noise


def test_negative_sampling_table(seed_explanation: Explanation) -> None:
    table = seed_explanation.tables["negative_sampling"]
    assert table.columns == ("sample", "input", "output", "target")
    positives = [(row[1], row[2]) for row in table.rows if row[3] == 1]
    assert tuple(positives) == seed_explanation.tables["skipgram"].rows
    # seed 1: the first three samples and their noise words
    assert table.rows[:9] == (
        (0, "thou", "shalt", 1), (0, "thou", "make", 0), (0, "thou", "thou", 0),
        (1, "thou", "not", 1), (1, "thou", "human", 0), (1, "thou", "thou", 0),
        (2, "shalt", "thou", 1), (2, "shalt", "likeness", 0), (2, "shalt", "machine", 0),
    )  # fmt: skip
    noise = _noise_by_sample(table)
    for sample, (_, output) in enumerate(seed_explanation.tables["skipgram"].rows):
        assert len(noise[sample]) <= 2
        assert output not in noise[sample]  # a draw of the output word is dropped


def test_negative_sampling_draws_follow_the_documented_recipe(
    seed_explanation: Explanation,
) -> None:
    # One default_rng(seed) uniform per draw picks the word whose cumulative interval holds it.
    probabilities = np.array([A_WEIGHT] + [1.0] * 11) / TOTAL_WEIGHT
    uniforms = np.random.default_rng(1).random((46, 2))
    drawn = np.searchsorted(np.cumsum(probabilities), uniforms, side="right")
    pairs = seed_explanation.tables["skipgram"].rows
    expected = {
        s: [VOCAB[i] for i in drawn[s] if VOCAB[i] != pairs[s][1]] for s in range(len(pairs))
    }
    assert _noise_by_sample(seed_explanation.tables["negative_sampling"]) == expected
    # 92 draws: the rows are the 46 positives and the draws that were not the output word
    assert len(seed_explanation.tables["negative_sampling"]) == 46 + sum(
        len(v) for v in expected.values()
    )


def test_negative_sampling_cbow() -> None:
    table = explain(SEED_SENTENCE, architecture="cbow").tables["negative_sampling"]
    assert table.columns == (
        "sample", "context -2", "context -1", "context +1", "context +2", "output", "target",
    )  # fmt: skip
    assert table.rows[0] == (0, None, None, "shalt", "not", "thou", 1)
    assert sum(row[-1] == 1 for row in table.rows) == 13
    for sample, noise in _noise_by_sample(table).items():
        centre = TOKENS[sample]
        assert centre not in noise
        assert len(noise) <= 2


def test_a_draw_of_the_output_word_is_dropped_not_redrawn() -> None:
    # two words: every noise word of a sample is the other word, or nothing at all
    explanation = explain("yes no yes no", negative=5, seed=3)
    pairs = explanation.tables["skipgram"].rows
    noise = _noise_by_sample(explanation.tables["negative_sampling"])
    assert len(noise) == len(pairs) == 10
    for sample, (_, output) in enumerate(pairs):
        assert set(noise[sample]) <= {"yes", "no"} - {output}
    assert any(len(words) < 5 for words in noise.values())


def test_counts_from_a_larger_vocabulary() -> None:
    counts = {"a": 1000, "the": 5000, "mind": 3, "zebra": 7}
    counts.update({w: 10 for w in TOKENS if w not in counts})
    noise = explain(SEED_SENTENCE, counts=counts).tables["noise"]
    assert [row[0] for row in noise.rows[:3]] == ["the", "a", "human"]
    assert "zebra" in [row[0] for row in noise.rows]
    total = 5000**0.75 + 1000**0.75 + 3**0.75 + 7**0.75 + 9 * 10**0.75
    assert noise.rows[0][3] == pytest.approx(5000**0.75 / total)
    vocab = Vocab.from_counts(counts.items())
    assert explain(SEED_SENTENCE, counts=vocab).tables["noise"] == noise


# -- determinism --------------------------------------------------------------------------


def test_same_seed_same_tables_other_seed_other_noise() -> None:
    first, again = explain(SEED_SENTENCE, seed=7), explain(SEED_SENTENCE, seed=7)
    assert first == again
    assert first.to_dict() == again.to_dict()
    other = explain(SEED_SENTENCE, seed=8)
    assert other.tables["skipgram"] == first.tables["skipgram"]
    assert other.tables["noise"] == first.tables["noise"]
    assert other.tables["negative_sampling"] != first.tables["negative_sampling"]
    assert other.tables["updates"] != first.tables["updates"]


def test_sequence_of_words_is_used_as_is() -> None:
    explanation = explain(["New York", "is", "big"], window=1, tokenizer="whitespace")
    assert explanation.tokens == ("New York", "is", "big")
    assert explanation.tables["skipgram"].rows[0] == ("New York", "is")


def test_whitespace_tokenizer_keeps_case_and_punctuation() -> None:
    assert explain("Thou shalt not!", tokenizer="whitespace").tokens == ("Thou", "shalt", "not!")
    assert explain("Thou shalt not!").tokens == ("thou", "shalt", "not", "!")


# -- the training step --------------------------------------------------------------------


def test_step_table(seed_explanation: Explanation) -> None:
    step = seed_explanation.tables["step"]
    assert step.columns == ("output", "target", "input • output", "sigmoid", "error")
    assert [(row[0], row[1]) for row in step.rows] == [("shalt", 1), ("make", 0), ("thou", 0)]
    for _, target, score, sigmoid, error in step.rows:
        assert isinstance(score, float)
        assert isinstance(target, int)
        assert isinstance(sigmoid, float)
        assert sigmoid == pytest.approx(1 / (1 + math.exp(-score)))
        assert error == pytest.approx(target - sigmoid)
    updates = seed_explanation.tables["updates"]
    assert [(row[0], row[1]) for row in updates.rows] == [
        ("embedding", "thou"), ("context", "shalt"), ("context", "make"), ("context", "thou"),
    ]  # fmt: skip


def _vectors(explanation: Explanation) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    return {
        (str(m), str(w)): (np.array(before), np.array(after))
        for m, w, before, after in explanation.tables["updates"].rows
    }


def test_step_recomputed_from_the_table_rows(seed_explanation: Explanation) -> None:
    rows = _vectors(seed_explanation)
    h = rows[("embedding", "thou")][0]
    gradient = np.zeros(4)
    for output, _, score, _, error in seed_explanation.tables["step"].rows:
        before, after = rows[("context", str(output))]
        assert score == pytest.approx(float(h @ before), abs=1e-7)
        assert isinstance(error, float)
        gradient += 0.025 * error * before
        np.testing.assert_allclose(after, before + 0.025 * error * h, atol=1e-7)
    np.testing.assert_allclose(rows[("embedding", "thou")][1], h + gradient, atol=1e-7)


def test_initial_vectors_follow_the_documented_seed_order(
    seed_explanation: Explanation,
) -> None:
    rng = np.random.default_rng(1)
    rng.random((46, 2))  # the noise draws come first
    embedding, context = initial_vectors(12, 4, rng)
    assert float(np.abs(embedding).max()) <= 0.125
    assert float(np.abs(context).max()) <= 0.125
    assert context.any()  # not word2vec.c's zeros
    rows = _vectors(seed_explanation)
    np.testing.assert_array_equal(rows[("embedding", "thou")][0], embedding[VOCAB.index("thou")])
    np.testing.assert_array_equal(rows[("context", "shalt")][0], context[VOCAB.index("shalt")])


def _kernel_step(
    h: np.ndarray, context: np.ndarray, word: int, noise: list[int], alpha: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """firth's real Numba ns_step: returns (scores, updated context, neu1e)."""
    from firth._kernels.steps import ns_step

    syn1neg = context.copy()
    neu1e = np.zeros(h.shape[0], dtype=np.float32)
    scores = np.empty(len(noise) + 1, dtype=np.float32)
    log_kq = np.zeros(context.shape[0], dtype=np.float32)
    noise_array = np.array(noise or [0], dtype=np.int64)
    ns_step(
        h.copy(), word, noise_array, len(noise), syn1neg, False, log_kq, alpha, neu1e, scores,
        False,
    )  # fmt: skip
    return scores, syn1neg, neu1e


def test_skipgram_step_equals_the_ns_step_kernel(seed_explanation: Explanation) -> None:
    rng = np.random.default_rng(1)
    rng.random((46, 2))
    embedding, context = initial_vectors(12, 4, rng)
    thou, shalt, make = (VOCAB.index(w) for w in ("thou", "shalt", "make"))
    h = embedding[thou]
    scores, syn1neg, neu1e = _kernel_step(h, context, shalt, [make, thou], 0.025)
    step = seed_explanation.tables["step"]
    np.testing.assert_allclose(np.array([row[2] for row in step.rows]), scores, atol=1e-7)
    rows = _vectors(seed_explanation)
    for word in ("shalt", "make", "thou"):
        np.testing.assert_allclose(
            rows[("context", word)][1], syn1neg[VOCAB.index(word)], rtol=0, atol=1e-7
        )
    np.testing.assert_allclose(rows[("embedding", "thou")][1], h + neu1e, rtol=0, atol=1e-7)


def test_cbow_step_equals_the_ns_step_kernel() -> None:
    explanation = explain(SEED_SENTENCE, architecture="cbow", dim=5, alpha=0.5, seed=4)
    noise = _noise_by_sample(explanation.tables["negative_sampling"])[0]
    rows = _vectors(explanation)
    shalt, not_ = rows[("embedding", "shalt")][0], rows[("embedding", "not")][0]
    h = ((shalt.astype(np.float32) + not_.astype(np.float32)) * np.float32(0.5)).astype(np.float32)
    context = np.zeros((12, 5), dtype=np.float32)
    for word in ["thou", *noise]:
        context[VOCAB.index(word)] = rows[("context", word)][0]
    scores, syn1neg, neu1e = _kernel_step(
        h, context, VOCAB.index("thou"), [VOCAB.index(w) for w in noise], 0.5
    )
    step = explanation.tables["step"]
    assert [row[0] for row in step.rows] == ["thou", *noise]
    np.testing.assert_allclose(np.array([row[2] for row in step.rows]), scores, atol=1e-7)
    for word in ["thou", *noise]:
        np.testing.assert_allclose(
            rows[("context", word)][1], syn1neg[VOCAB.index(word)], atol=1e-6
        )
    # the whole gradient reaches every context word, as in word2vec.c
    np.testing.assert_allclose(rows[("embedding", "shalt")][1], shalt + neu1e, atol=1e-6)
    np.testing.assert_allclose(rows[("embedding", "not")][1], not_ + neu1e, atol=1e-6)


@pytest.mark.parametrize(
    ("noise", "scale"),
    [([1, 2], 0.1), ([1, 1, 2], 0.1), ([2, 1, 2, 2], 3.0)],  # repeats; saturated scores
    ids=["distinct", "repeated", "saturated"],
)
def test_ns_update_equals_the_ns_step_kernel(noise: list[int], scale: float) -> None:
    rng = np.random.default_rng(0)
    h = (rng.standard_normal(6) * scale).astype(np.float32)
    context = (rng.standard_normal((4, 6)) * scale).astype(np.float32)
    scores, syn1neg, neu1e = _kernel_step(h, context, 0, noise, 0.3)
    mine = context.copy()
    predictions, my_neu1e = ns_update(h, mine, 0, noise, 0.3)
    # the first scores come from the snapshot; a repeated word is scored after its update
    np.testing.assert_allclose([p[2] for p in predictions][:1], scores[:1], rtol=1e-5)
    np.testing.assert_allclose(mine, syn1neg, rtol=1e-5, atol=2e-6)
    np.testing.assert_allclose(my_neu1e, neu1e, rtol=1e-5, atol=2e-6)


def test_ns_update_by_hand_in_two_dimensions() -> None:
    h = np.array([0.5, -1.0], dtype=np.float32)
    context = np.array([[1.0, 0.5], [0.0, -0.5], [9.0, 9.0]], dtype=np.float32)
    predictions, neu1e = ns_update(h, context, 0, [1], alpha=0.1)
    # real word (row 0): score 0.5 - 0.5 = 0, sigmoid 0.5, error 1 - 0.5 = 0.5, g = 0.05
    # noise word (row 1): score 0 + 0.5 = 0.5, sigmoid s, error -s, g = -0.1 s
    s = 1 / (1 + math.exp(-0.5))
    assert [p[:2] for p in predictions] == [(0, 1), (1, 0)]
    assert [p[2] for p in predictions] == pytest.approx([0.0, 0.5])
    assert [p[3] for p in predictions] == pytest.approx([0.5, s])
    assert [p[4] for p in predictions] == pytest.approx([0.5, -s])
    # rows: out += g * h; neu1e = sum of g * out (before the update)
    np.testing.assert_allclose(context[0], [1.0 + 0.05 * 0.5, 0.5 - 0.05], rtol=1e-6)
    np.testing.assert_allclose(context[1], [-0.1 * s * 0.5, -0.5 + 0.1 * s], rtol=1e-6)
    np.testing.assert_allclose(context[2], [9.0, 9.0])  # untouched
    np.testing.assert_allclose(neu1e, [0.05 * 1.0, 0.05 * 0.5 - 0.1 * s * -0.5], rtol=1e-6)


def test_two_dimensional_explanation_by_hand() -> None:
    explanation = explain("cat sat", dim=2, negative=1, window=1, alpha=0.5, seed=5)
    assert explanation.tables["skipgram"].rows == (("cat", "sat"), ("sat", "cat"))
    rows = _vectors(explanation)
    h = rows[("embedding", "cat")][0]
    step = explanation.tables["step"].rows
    assert step[0][:2] == ("sat", 1)
    assert all(row[:2] == ("cat", 0) for row in step[1:])  # "sat" draws are dropped
    out = rows[("context", "sat")][0]
    score = h[0] * out[0] + h[1] * out[1]
    sigmoid = 1 / (1 + math.exp(-score))
    assert step[0][2:] == pytest.approx((score, sigmoid, 1 - sigmoid), abs=1e-7)
    expected_out = [out[0] + 0.5 * (1 - sigmoid) * h[0], out[1] + 0.5 * (1 - sigmoid) * h[1]]
    np.testing.assert_allclose(rows[("context", "sat")][1], expected_out, atol=1e-7)


# -- options ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"window": 0}, "ExplainOptions.window must be an integer >= 1; got 0."),
        ({"window": 1.5}, "ExplainOptions.window must be an integer >= 1; got 1.5."),
        ({"window": True}, "ExplainOptions.window must be an integer >= 1; got True."),
        ({"negative": 0}, "ExplainOptions.negative must be an integer >= 1; got 0."),
        ({"architecture": "sg"}, "ExplainOptions.architecture must be one of 'skipgram', "),
        ({"dim": 0}, "ExplainOptions.dim must be an integer >= 1; got 0."),
        ({"alpha": 0.0}, "ExplainOptions.alpha must be a finite number in (0.0, 10.0]"),
        ({"alpha": math.nan}, "ExplainOptions.alpha must be a finite number"),
        ({"seed": -1}, "ExplainOptions.seed must be an integer >= 0; got -1."),
        ({"seed": 2**64}, "ExplainOptions.seed must be below 2**64"),
        ({"ns_exponent": math.inf}, "ExplainOptions.ns_exponent must be a finite number"),
        ({"tokenizer": "spacy"}, "ExplainOptions.tokenizer must be one of"),
        ({"counts": {"thou": 1}}, "counts has no count for the sentence's word(s) ['a', "),
        ({"counts": dict.fromkeys(TOKENS, 0)}, "every count must be >= 1"),
        ({"counts": dict.fromkeys(TOKENS, 1.5)}, "counts must map words (str) to integer"),
        ({"counts": Vocab(list(VOCAB))}, "counts is a Vocab without counts"),
        ({"counts": [("a", 1)]}, "counts must be a mapping of word to count"),
    ],
)
def test_invalid_options_name_the_option(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        explain(SEED_SENTENCE, **options)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("sentence", "message"),
    [
        ("", "at least 2 tokens"),
        ("   hello  ", "at least 2 tokens (a lone word has no context); got ['hello']"),
        (["a", ""], "non-empty strings; got '' at position 1"),
        ([1, 2], "non-empty strings; got 1 at position 0"),
        (42, "sentence must be a string or a sequence of words; got int"),
    ],
)
def test_invalid_sentences(sentence: Any, message: str) -> None:
    with pytest.raises(ConfigError, match="explain: sentence") as info:
        explain(sentence)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, FirthError)


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        explain(SEED_SENTENCE, 3)  # type: ignore[call-arg]


# -- records, pandas, dict, rendering ------------------------------------------------------


def test_table_records_dict_and_validation() -> None:
    table = Table("t", ("word", "vector"), (("a", (0.5, -0.25)), ("b", None)))
    assert len(table) == 2
    assert list(table) == [("a", (0.5, -0.25)), ("b", None)]
    assert table.to_records() == [{"word": "a", "vector": (0.5, -0.25)},
                                  {"word": "b", "vector": None}]  # fmt: skip
    assert table.to_dict() == {
        "title": "t",
        "note": "",
        "columns": ["word", "vector"],
        "rows": [["a", [0.5, -0.25]], ["b", None]],
    }
    with pytest.raises(ConfigError, match=r"Table.rows\[0\] has 1 cells but the table has 2"):
        Table("t", ("word", "count"), (("a",),))


def test_to_pandas_without_pandas_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    table = explain(SEED_SENTENCE).tables["noise"]
    with pytest.raises(MissingExtraError, match="pip install pandas") as info:
        table.to_pandas()
    assert isinstance(info.value, ImportError)


def test_to_pandas_builds_a_dataframe_from_the_records(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, Any]] = []

    class FakeFrame:
        def __init__(self, data: Any, columns: Any) -> None:
            calls.append((data, columns))

    fake = types.ModuleType("pandas")
    fake.DataFrame = FakeFrame  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pandas", fake)
    table = explain(SEED_SENTENCE).tables["language_model"]
    assert isinstance(table.to_pandas(), FakeFrame)
    assert calls == [(table.to_records(), ["input 1", "input 2", "output"])]


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="pandas not installed")
def test_to_pandas_with_real_pandas(seed_explanation: Explanation) -> None:
    frame = seed_explanation.tables["noise"].to_pandas()
    assert list(frame.columns) == ["word", "count", "count**0.75", "probability"]
    assert frame["probability"].sum() == pytest.approx(1.0)


def test_to_dict_is_json(seed_explanation: Explanation) -> None:
    data = json.loads(json.dumps(seed_explanation.to_dict()))
    assert data["tokens"] == list(TOKENS)
    assert data["options"]["window"] == 2
    assert data["options"]["architecture"] == "skipgram"
    assert list(data["tables"]) == list(TABLE_NAMES)
    assert data["tables"]["cbow"]["rows"][0] == [None, None, "shalt", "not", "thou"]
    assert len(data["tables"]["updates"]["rows"][0][2]) == 4
    only = seed_explanation.to_dict(tables=["noise"])
    assert list(only["tables"]) == ["noise"]
    with pytest.raises(ConfigError, match="unknown table"):
        seed_explanation.to_dict(tables=["noisy"])


def test_tables_are_read_only(seed_explanation: Explanation) -> None:
    with pytest.raises(TypeError):
        seed_explanation.tables["noise"] = Table("x", (), ())  # type: ignore[index]


def test_render_and_print(
    seed_explanation: Explanation, capsys: pytest.CaptureFixture[str]
) -> None:
    console = Console(width=140, record=True, file=io.StringIO())
    seed_explanation.print(console)
    text = console.export_text()
    for title in (
        "Language model: previous words → next word",
        "Skip-gram samples (window 2)",
        "CBOW samples (window 2)",
        "Noise distribution: count**0.75, normalised",
        "Negative sampling (2 noise draws per sample)",
        "Training step on sample 0: thou → shalt",
        "Rows changed by the step",
    ):
        assert title in text
    assert "0.1326" in text
    assert "0.0789" in text
    console = Console(width=140, record=True, file=io.StringIO())
    console.print(seed_explanation.tables["noise"])  # a Table is a rich renderable
    assert "count**0.75" in console.export_text()
    seed_explanation.print(tables=["cbow"])
    printed = capsys.readouterr().out
    assert "CBOW samples" in printed
    assert "Skip-gram" not in printed


def test_importing_explain_does_not_import_numba() -> None:
    code = "import sys, firth.explain; print('numba' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# -- the command line --------------------------------------------------------------------


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("explain")(explain_command)

    @app.callback()
    def main() -> None:
        """Test group (so that `explain` is a subcommand, as in `firth explain`)."""

    return app


runner = CliRunner()


def test_cli_table_names_match_the_api() -> None:
    assert tuple(t.value for t in TableName) == TABLE_NAMES


def test_cli_prints_every_table() -> None:
    result = runner.invoke(_app(), ["explain", SEED_SENTENCE], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    for title in (
        "Language model",
        "Skip-gram samples (window 2)",
        "CBOW samples",
        "Noise distribution",
        "Negative sampling",
        "Training step",
        "Rows changed",
    ):
        assert title in result.output  # fmt: skip
    assert "13 tokens: thou shalt not make a machine" in result.output
    assert "0.1326" in result.output  # P("a") = 2**0.75 / (2**0.75 + 11)


def test_cli_json_and_options() -> None:
    args = ["explain", SEED_SENTENCE, "--json", "--window", "1", "--negative", "3",
            "--arch", "cbow", "--dim", "3", "--seed", "9", "--alpha", "0.1"]  # fmt: skip
    result = runner.invoke(_app(), args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = explain(SEED_SENTENCE, window=1, negative=3, architecture="cbow", dim=3, seed=9,
                       alpha=0.1).to_dict()  # fmt: skip
    assert data == json.loads(json.dumps(expected))
    assert data["tables"]["cbow"]["columns"] == ["context -1", "context +1", "output"]


def test_cli_selected_tables_and_tokenizer() -> None:
    args = ["explain", "Thou shalt NOT", "--table", "noise", "--table", "skipgram",
            "--tokenizer", "whitespace", "--json"]  # fmt: skip
    result = runner.invoke(_app(), args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data["tables"]) == ["noise", "skipgram"]
    assert data["tokens"] == ["Thou", "shalt", "NOT"]
    result = runner.invoke(_app(), ["explain", "a b c", "--table", "step"])
    assert result.exit_code == 0, result.output
    assert "Training step on sample 0: a → b" in result.output
    assert "Noise distribution" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["explain", "hello"], "at least 2 tokens"),
        (["explain", SEED_SENTENCE, "--window", "0"], "ExplainOptions.window must be"),
        (["explain", SEED_SENTENCE, "--alpha", "-1"], "ExplainOptions.alpha must be"),
    ],
)
def test_cli_errors_exit_2_with_a_message(args: list[str], message: str) -> None:
    result = runner.invoke(_app(), args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_rejects_unknown_table_and_arch() -> None:
    result = runner.invoke(_app(), ["explain", SEED_SENTENCE, "--table", "noisy"])
    assert result.exit_code == 2
    result = runner.invoke(_app(), ["explain", SEED_SENTENCE, "--arch", "sg"])
    assert result.exit_code == 2
