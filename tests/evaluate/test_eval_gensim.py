"""Same numbers as gensim's evaluate_word_analogies / evaluate_word_pairs on the same vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from firth import Embeddings, Vocab
from firth.evaluate import evaluate, evaluate_analogies, read_analogies

gensim_kv = pytest.importorskip("gensim.models.keyedvectors")

DIM = 20
SECTIONS = ("capital-world", "family", "gram2-opposite", "gram8-plural")


def _case(rng: np.random.Generator, word: str) -> str:
    """The word as a question file might write it: as is, capitalised or upper-case."""
    roll = rng.random()
    return word if roll < 0.6 else word.capitalize() if roll < 0.8 else word.upper()


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """300 words x 20 dims with planted relations; spellings in several cases."""
    rng = np.random.default_rng(11)
    base = [f"w{i}" for i in range(270)]
    # Thirty words also come in another spelling, with a vector of its own; in about half
    # of the cases that spelling is the more frequent one (it comes first).
    variants = [base[i].upper() if i % 2 else base[i].capitalize() for i in range(0, 240, 8)]
    words = base + variants
    order = rng.permutation(len(words))
    words = [words[i] for i in order]
    vectors = rng.standard_normal((len(words), DIM)).astype(np.float32)
    row = {w: i for i, w in enumerate(words)}
    lines = []
    for s, section in enumerate(SECTIONS):
        offset = rng.standard_normal(DIM).astype(np.float32)
        pairs = [(base[j], base[j + 120]) for j in range(s * 30, s * 30 + 12)]
        for x, y in pairs:
            noise = rng.standard_normal(DIM).astype(np.float32) * 0.8
            vectors[row[y]] = vectors[row[x]] + offset + noise
        lines.append(f": {section}")
        for i, (a, b) in enumerate(pairs):
            for c, d in pairs[i + 1 : i + 5]:
                lines.append(" ".join(_case(rng, w) for w in (a, b, c, d)))
        lines.append(f"{base[s]} {base[s + 1]} unknownword {base[s + 2]}")
    folder = tmp_path_factory.mktemp("gensim")
    questions = folder / "questions.txt"
    questions.write_text("\n".join(lines) + "\n")

    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    pair_lines = ["# Word 1\tWord 2\tHuman (mean)"]
    for _ in range(80):
        i, j = rng.choice(len(base), size=2, replace=False)
        # Human scores loosely follow the (lower-case spelling's) cosine similarity.
        gold = 5 + 4 * float(unit[row[base[i]]] @ unit[row[base[j]]]) + rng.normal(0, 0.8)
        pair_lines.append(f"{_case(rng, base[i])}\t{_case(rng, base[j])}\t{gold:.2f}")
    for k in range(8):
        pair_lines.append(f"zz{k}\t{base[k]}\t{k}.5")
    similarity = folder / "pairs.tsv"
    similarity.write_text("\n".join(pair_lines) + "\n")

    kv = gensim_kv.KeyedVectors(vector_size=DIM)
    kv.add_vectors(words, vectors)
    return {
        "emb": Embeddings(Vocab(words), vectors),
        "kv": kv,
        "questions": questions,
        "pairs": similarity,
    }


@pytest.mark.parametrize("restrict", [None, 200])
@pytest.mark.parametrize("case_insensitive", [True, False])
def test_analogies_equal_gensim(
    planted: dict[str, object], restrict: int | None, case_insensitive: bool
) -> None:
    emb, kv, path = planted["emb"], planted["kv"], planted["questions"]
    assert isinstance(emb, Embeddings)
    assert isinstance(path, Path)
    report = evaluate(
        emb, [path], [planted["pairs"]], restrict=restrict, case_insensitive=case_insensitive
    )
    ours = report.analogies[0]
    score, sections = kv.evaluate_word_analogies(  # type: ignore[attr-defined]
        str(path),
        restrict_vocab=300_000 if restrict is None else restrict,
        case_insensitive=case_insensitive,
    )
    theirs = [(s["section"], len(s["correct"]), len(s["incorrect"])) for s in sections[:-1]]
    assert [(s.name, s.correct, s.attempted - s.correct) for s in ours.sections] == theirs
    total = sections[-1]
    assert ours.total.correct == len(total["correct"])
    assert ours.total.attempted == len(total["correct"]) + len(total["incorrect"])
    assert ours.accuracy == pytest.approx(score)
    # Every question in the file is either attempted or out of vocabulary (gensim only
    # logs the out-of-vocabulary share).
    assert ours.total.questions == len(read_analogies(path))
    if restrict is None and case_insensitive:
        # The planted relations make this a real test: some right, some wrong, some
        # skipped in every section.
        assert 0.2 < score < 0.95
        assert all(s.oov > 0 and s.correct > 0 for s in ours.sections)

    pearson, spearman, oov_percent = kv.evaluate_word_pairs(  # type: ignore[attr-defined]
        str(planted["pairs"]),
        restrict_vocab=300_000 if restrict is None else restrict,
        case_insensitive=case_insensitive,
    )
    pairs = report.similarity[0]
    assert pairs.pearson == pytest.approx(pearson[0], abs=1e-6)
    assert pairs.spearman == pytest.approx(spearman[0], abs=1e-6)
    assert 100 * pairs.oov_ratio == pytest.approx(oov_percent)
    assert pairs.oov >= 8
    if restrict is None and case_insensitive:
        assert pairs.spearman is not None
        assert pairs.spearman > 0.5


@pytest.mark.filterwarnings("ignore:Call to deprecated `init_sims`:DeprecationWarning")
def test_3cosmul_equals_gensim_most_similar_cosmul(planted: dict[str, object]) -> None:
    emb, kv, path = planted["emb"], planted["kv"], planted["questions"]
    assert isinstance(emb, Embeddings)
    assert isinstance(path, Path)
    data = read_analogies(path)
    right = attempted = 0
    for section in data.sections:
        for a, b, c, d in section.questions:
            if not all(w in emb for w in (a, b, c, d)):
                continue
            attempted += 1
            answer = kv.most_similar_cosmul(positive=[b, c], negative=[a], topn=1)  # type: ignore[attr-defined]
            right += answer[0][0] == d
    ours = evaluate_analogies(
        emb, data, method="3cosmul", case_insensitive=False, epsilon=1e-6
    ).total
    assert (ours.correct, ours.attempted) == (right, attempted)
    assert 0 < right < attempted
