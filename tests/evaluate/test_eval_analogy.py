"""Analogy scores worked out by hand on seven words in three dimensions (see conftest)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from firth import Embeddings, Vocab
from firth.errors import ConfigError
from firth.evaluate import (
    METHODS,
    AnalogyDataset,
    AnalogySection,
    Method,
    SectionScore,
    evaluate_analogies,
    parse_analogies,
)
from firth.evaluate import analogy as analogy_module
from firth.evaluate._lookup import VocabView

# Unit vectors: m = man, w = woman, k = king, q = queen, a = apple, b = banana, e = empress
#   m (1, 0, 0)   w (.7071, .7071, 0)   k (.7071, 0, .7071)   q (.5774, .5774, .5774)
#   a (-1, 0, 0)  b (0, -1, 0)          e (.3746, .6556, .6556)
#
# 3CosAdd, "x is to y as z is to ?": the word closest to y - x + z, inputs excluded.
#   man woman king:   t = (.4142, .7071, .7071), |t| = 1.0824
#                     cos(q, t) = 1.8284 / (1.7321 * 1.0824) = .975
#                     cos(e, t) = (.1552 + .4636 + .4636) / 1.0824 = .9999 -> empress
#   king queen man:   t = (.8703, .5774, -.1298)
#                     w . t = 1.0236, e . t = .6193, a . t = -.8703, b . t = -.5774 -> woman
#   man woman apple:  t = (-1.2929, .7071, 0)
#                     k . t = -.9142, q . t = -.3382, b . t = -.7071, e . t = -.0209 -> empress
#   woman man queen:  t = (.8703, -.1298, .5774)
#                     k . t = 1.0236, e . t = .6193, b . t = .1298, a . t = -.8703 -> king


TOY = [
    ("man", [1.0, 0.0, 0.0]),
    ("woman", [1.0, 1.0, 0.0]),
    ("king", [1.0, 0.0, 1.0]),
    ("queen", [1.0, 1.0, 1.0]),
    ("apple", [-1.0, 0.0, 0.0]),
    ("banana", [0.0, -1.0, 0.0]),
    ("empress", [0.4, 0.7, 0.7]),
]


def _toy(questions: str) -> AnalogyDataset:
    return parse_analogies(questions.splitlines(), name="toy")


def test_hand_computed_3cosadd(toy: Embeddings, toy_questions: str) -> None:
    result = evaluate_analogies(toy, _toy(toy_questions))
    family, plural = result.sections
    # family: "man woman king queen" -> empress (wrong), "king queen man woman" -> woman
    # (right), "man woman apple banana" -> empress (wrong).
    assert family == SectionScore("family", "semantic", questions=3, correct=1, oov=0)
    # gram1-plural: "man woman pear pears" has unknown words, "woman man queen king" -> king.
    assert plural == SectionScore("gram1-plural", "syntactic", questions=2, correct=1, oov=1)
    assert result.total == SectionScore("total", None, questions=5, correct=2, oov=1)
    assert result.total.attempted == 4
    assert result.accuracy == 0.5
    assert result.semantic is not None
    assert result.semantic.accuracy == pytest.approx(1 / 3)
    assert result.syntactic is not None
    assert result.syntactic.accuracy == 1.0
    assert (result.method, result.restrict, result.vocab_size) == ("3cosadd", None, 7)


def test_restrict_limits_questions_and_answers(toy: Embeddings, toy_questions: str) -> None:
    # Only man, woman, king, queen remain: empress can no longer be predicted, so
    # "man woman king" -> queen (right); questions with apple, banana, pear are skipped.
    result = evaluate_analogies(toy, _toy(toy_questions), restrict=4)
    family, plural = result.sections
    assert (family.correct, family.attempted, family.oov) == (2, 2, 1)
    assert (plural.correct, plural.attempted, plural.oov) == (1, 1, 1)
    assert result.accuracy == 1.0
    assert result.vocab_size == 4
    # A restrict larger than the vocabulary keeps every word.
    assert evaluate_analogies(toy, _toy(toy_questions), restrict=100).total.correct == 2


def test_restrict_follows_the_counts(toy_questions: str) -> None:
    # The toy words with counts that make empress the rarest although it comes first:
    # restrict=4 keeps man, woman, king, queen, as in test_restrict_limits_...
    order = [6, 0, 1, 2, 3, 4, 5]
    emb = Embeddings(
        Vocab([TOY[i][0] for i in order], counts=[1, 70, 60, 50, 40, 30, 20]),
        [TOY[i][1] for i in order],
    )
    result = evaluate_analogies(emb, _toy(toy_questions), restrict=4)
    assert (result.total.correct, result.total.attempted, result.vocab_size) == (3, 3, 4)
    assert evaluate_analogies(emb, _toy(toy_questions)).total.correct == 2


def test_3cosmul_hand_computed(toy: Embeddings) -> None:
    # cos' = (cos + 1) / 2; score(x) = cos'(x, y) cos'(x, z) / (cos'(x, x0) + 0.001).
    # "man woman king ?": apple is opposite to man, so cos'(apple, man) = 0 and
    #   score(apple) = .1464 * .1464 / .001 = 21.4 beats empress (1.085) and queen (1.045).
    # "king queen man ?": woman .9082 * .8536 / .751 = 1.032 beats empress .784.
    # "man woman apple ?": empress .8642 * .3127 / .6883 = .393 beats queen .243.
    # "woman man queen ?": king .8536 * .9082 / .751 = 1.032 beats empress .784.
    questions = (
        ": s\nman woman king apple\nman woman king queen\nking queen man woman\n"
        "man woman apple empress\nwoman man queen king\n"
    )
    cosmul = evaluate_analogies(toy, _toy(questions), method="3cosmul")
    assert (cosmul.total.correct, cosmul.total.attempted) == (4, 5)
    cosadd = evaluate_analogies(toy, _toy(questions), method="3cosadd")
    # 3CosAdd answers empress to the first two, so only the first one changes.
    assert (cosadd.total.correct, cosadd.total.attempted) == (3, 5)
    assert cosmul.method == "3cosmul"


def test_3cosmul_epsilon_matters_only_near_the_pole(toy: Embeddings) -> None:
    data = _toy(": s\nman woman king apple\n")
    assert evaluate_analogies(toy, data, method="3cosmul", epsilon=1e-6).total.correct == 1
    # With a huge epsilon the denominator is flat, and apple no longer wins.
    assert evaluate_analogies(toy, data, method="3cosmul", epsilon=100.0).total.correct == 0


def test_case_handling() -> None:
    # King and Queen are the only spellings; KING is a rarer spelling of king whose
    # vector points at the 3CosAdd target of "man woman king".
    emb = Embeddings(
        Vocab(["man", "woman", "King", "Queen", "KING"]),
        [[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1], [0.4, 0.7, 0.7]],
    )
    data = _toy(": s\nman woman king queen\nMAN WOMAN KING QUEEN\nman woman KING Queen\n")
    insensitive = evaluate_analogies(emb, data)
    # Each question uses King's vector (the most frequent spelling), KING is excluded as a
    # spelling of an input, and the predicted "Queen" matches "queen" and "QUEEN".
    assert (insensitive.total.correct, insensitive.total.attempted) == (3, 3)
    sensitive = evaluate_analogies(emb, data, case_insensitive=False)
    # Only "man woman KING Queen" has all four spellings; its answer (KING's vector
    # excluded, woman - man + KING = (.08, 1.36, .66)) is Queen: cos 1.21/|t| vs King .52/|t|.
    assert (sensitive.total.correct, sensitive.total.attempted, sensitive.total.oov) == (1, 1, 2)
    assert insensitive.case_insensitive
    assert not sensitive.case_insensitive


def test_most_frequent_spelling_by_counts() -> None:
    # "King" is rarer than "king" by count although it comes first in the vocabulary:
    # king's vector is used. With King's vector the answer would be "bad".
    emb = Embeddings(
        Vocab(["King", "man", "woman", "king", "queen", "bad"], counts=[1, 9, 8, 7, 6, 5]),
        [[1, 1, 1], [1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1], [1, 2, 0]],
    )
    data = _toy(": s\nman woman KING queen\n")
    assert evaluate_analogies(emb, data).total.correct == 1


def test_expected_answer_equal_to_an_input_is_never_right(toy: Embeddings) -> None:
    data = _toy(": s\nman woman king king\nman woman king man\n")
    assert evaluate_analogies(toy, data).total.correct == 0


def test_vocabulary_with_nothing_left_to_predict() -> None:
    emb = Embeddings(Vocab(["a", "b", "c"]), [[1, 0], [0, 1], [1, 1]])
    result = evaluate_analogies(emb, _toy(": s\na b c a\na b c c\n"))
    assert (result.total.correct, result.total.attempted) == (0, 2)


def test_no_attempted_question_gives_no_accuracy(toy: Embeddings) -> None:
    result = evaluate_analogies(toy, _toy(": s\nx y z w\n"))
    assert result.accuracy is None
    assert result.total.coverage == 0.0
    assert result.to_dict()["total"]["accuracy"] is None
    empty = SectionScore("e", None, 0, 0, 0)
    assert empty.accuracy is None
    assert empty.coverage is None


def test_msr_file_has_no_category(tmp_path: Path, toy: Embeddings) -> None:
    path = tmp_path / "msr.txt"
    path.write_text("king queen man woman\nwoman man queen : king\nman woman king NN_NNS queen\n")
    result = evaluate_analogies(toy, path)
    assert [(s.name, s.correct, s.attempted) for s in result.sections] == [
        ("msr", 2, 2),
        ("NN_NNS", 0, 1),
    ]
    assert result.semantic is None
    assert result.syntactic is None
    assert (result.total.correct, result.format, result.dataset) == (2, "msr", "msr")


def _brute_force(emb: Embeddings, data: AnalogyDataset, method: str) -> list[int]:
    """Per-section correct counts, one question at a time (case-sensitive, no restrict)."""
    unit = emb.unit_vectors.astype(np.float64)
    index = {w: i for i, w in enumerate(emb.words)}
    counts = []
    for section in data.sections:
        right = 0
        for question in section.questions:
            if not all(w in index for w in question):
                continue
            a, b, c, d = (index[w] for w in question)
            if method == "3cosadd":
                scores = unit @ (unit[b] - unit[a] + unit[c])
            else:
                cos = (unit @ unit[[a, b, c]].T + 1) / 2
                scores = cos[:, 1] * cos[:, 2] / (cos[:, 0] + 1e-3)
            scores[[a, b, c]] = -np.inf
            right += int(np.argmax(scores)) == d
        counts.append(right)
    return counts


@pytest.mark.parametrize("method", METHODS)
def test_batches_and_blocks_give_the_same_answers(
    monkeypatch: pytest.MonkeyPatch, method: Method
) -> None:
    rng = np.random.default_rng(5)
    words = [f"w{i}" for i in range(60)] + [f"W{i}" for i in range(0, 60, 7)]
    emb = Embeddings(Vocab(words), rng.standard_normal((len(words), 8)))
    # Plant one relation so that a good share of the answers is right.
    vectors = np.array(emb.vectors)
    offset = rng.standard_normal(8)
    vectors[30:60] = vectors[:30] + offset + rng.standard_normal((30, 8)) * 0.3
    emb = Embeddings(Vocab(words), vectors)
    pairs = [(f"w{i}", f"w{i + 30}") for i in range(30)]
    questions = tuple(
        (x, y, z, t) for (x, y), (z, t) in zip(pairs, pairs[1:] + pairs[:1], strict=True)
    ) + tuple((x, y, z, t) for (x, y), (z, t) in zip(pairs, pairs[5:] + pairs[:5], strict=True))
    data = AnalogyDataset("planted", (AnalogySection("rel", questions, "semantic"),))
    whole = evaluate_analogies(emb, data, method=method, case_insensitive=False)
    assert [s.correct for s in whole.sections] == _brute_force(emb, data, method)
    assert 5 < whole.total.correct < 60  # 48 with 3CosAdd, 13 with 3CosMul
    plain = [
        evaluate_analogies(emb, data, method=method, case_insensitive=c) for c in (False, True)
    ]
    monkeypatch.setattr(analogy_module, "_SCORE_VALUES", 21)
    monkeypatch.setattr(analogy_module, "_MAX_BATCH", 4)
    batch, block = analogy_module._block_sizes(VocabView(emb, None, False), method)
    assert batch < len(questions)
    assert block < len(words)
    tiled = [
        evaluate_analogies(emb, data, method=method, case_insensitive=c) for c in (False, True)
    ]
    assert tiled == plain


def test_bad_options(toy: Embeddings, toy_questions: str) -> None:
    data = _toy(toy_questions)
    with pytest.raises(ConfigError, match="method must be"):
        evaluate_analogies(toy, data, method="3cosavg")  # type: ignore[arg-type]
    for restrict in (0, -1, True, 2.0):
        with pytest.raises(ConfigError, match="restrict must be"):
            evaluate_analogies(toy, data, restrict=restrict)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="case_insensitive"):
        evaluate_analogies(toy, data, case_insensitive=1)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="epsilon"):
        evaluate_analogies(toy, data, method="3cosmul", epsilon=0.0)
    with pytest.raises(TypeError, match="AnalogyDataset or a path"):
        evaluate_analogies(toy, ["man woman king queen"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"firth\.Embeddings"):
        evaluate_analogies("model", data)  # type: ignore[arg-type]
