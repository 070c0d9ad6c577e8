"""Bias probes on embeddings with a planted gender direction."""

from __future__ import annotations

import itertools
import json
import math
import statistics

import numpy as np
import pytest

from firth import ConfigError, Embeddings, UnknownWordError, Vocab
from firth.bias import (
    BiasDirection,
    analogy_probe,
    bias_direction,
    biased_analogies,
    debias,
    direct_bias,
    project_words,
    weat,
)

DIM = 20
DEFINING = [("he", "she"), ("man", "woman"), ("his", "her"), ("boy", "girl")]
MALE = ["he", "man", "his", "boy"]
FEMALE = ["she", "woman", "her", "girl"]
MALE_JOBS = {"engineer": 0.4, "programmer": 0.5, "carpenter": 0.6, "pilot": 0.4, "captain": 0.5}
FEMALE_JOBS = {
    "homemaker": -0.9,
    "receptionist": -0.5,
    "dancer": -0.4,
    "librarian": -0.4,
    "secretary": -0.6,
}
NEUTRAL = [f"w{i}" for i in range(40)]
SPECIFIC = ["father", "mother", "actor", "actress", "waiter", "waitress"]


def planted(seed: int = 0) -> tuple[Embeddings, np.ndarray]:
    """Embeddings with a known gender direction ``g``.

    Gendered pairs share a role and differ by ``±a g`` (a = 0.8 for the defining pairs,
    0.4 for actor/actress and waiter/waitress); occupations are a role plus a planted
    lean along ``g``; doctor and nurse share a "medical" role with opposite leans, and
    physician has that role and no gender at all; the w* words have no ``g`` component.
    """
    rng = np.random.default_rng(seed)
    g = rng.normal(size=DIM)
    g /= np.linalg.norm(g)

    def role() -> np.ndarray:
        r = rng.normal(size=DIM)
        r -= (r @ g) * g
        return r / np.linalg.norm(r)

    def noise(scale: float) -> np.ndarray:
        return rng.normal(scale=scale / np.sqrt(DIM), size=DIM)

    vectors: dict[str, np.ndarray] = {}
    pairs = [*DEFINING, ("father", "mother"), ("actor", "actress"), ("waiter", "waitress")]
    for a, b in pairs:
        shared, lean = role(), (0.8 if (a, b) in DEFINING or a == "father" else 0.4)
        vectors[a] = shared + lean * g + noise(0.05)
        vectors[b] = shared - lean * g + noise(0.05)
    medical = role()
    vectors["doctor"] = medical + 0.5 * g + noise(0.3)
    vectors["nurse"] = medical - 0.5 * g + noise(0.3)
    physician = medical + noise(0.3)
    vectors["physician"] = physician - (physician @ g) * g
    for word, lean in {**MALE_JOBS, **FEMALE_JOBS}.items():
        vectors[word] = role() + lean * g
    for word in NEUTRAL:
        vectors[word] = role()
    words = list(vectors)
    matrix = np.array([vectors[w] for w in words], dtype=np.float32)
    return Embeddings(Vocab(words), matrix, metadata={"corpus": "planted"}), g


@pytest.fixture(scope="module")
def emb() -> Embeddings:
    return planted()[0]


@pytest.fixture(scope="module")
def gender(emb: Embeddings) -> BiasDirection:
    return bias_direction(emb, DEFINING)


# -- directions and projections ----------------------------------------------------------


@pytest.mark.parametrize("method", ["pca", "difference"])
@pytest.mark.parametrize("pairs", [DEFINING, [("he", "she")]])
def test_direction_recovers_the_planted_one(method: str, pairs: list[tuple[str, str]]) -> None:
    emb, g = planted()
    direction = bias_direction(emb, pairs, method=method)  # type: ignore[arg-type]
    assert float(direction.vector @ g) > 0.95  # oriented towards the first words ("he")
    assert np.linalg.norm(direction.vector) == pytest.approx(1.0, abs=1e-6)
    assert not direction.vector.flags.writeable
    assert direction.method == method
    assert direction.pairs == tuple(pairs)
    assert direction.variance_ratio > 0.95
    assert direction.components_variance_ratio[0] > 0.95
    if method == "pca":
        assert direction.variance_ratio == pytest.approx(direction.components_variance_ratio[0])
    if len(pairs) == 1:
        assert direction.variance_ratio == pytest.approx(1.0)


def test_direction_orientation_follows_the_pair_order(emb: Embeddings) -> None:
    forward = bias_direction(emb, [("he", "she")])
    backward = bias_direction(emb, [("she", "he")])
    np.testing.assert_allclose(forward.vector, -backward.vector, atol=1e-6)
    assert forward.words == ["he", "she"]
    data = json.loads(json.dumps(forward.to_dict()))
    assert data["pairs"] == [["he", "she"]]
    assert len(data["vector"]) == DIM
    assert "vector" not in forward.to_dict(vector=False)


def test_projections_have_the_planted_signs(emb: Embeddings, gender: BiasDirection) -> None:
    words = [*MALE_JOBS, *FEMALE_JOBS, *NEUTRAL[:10]]
    projections = project_words(emb, words, gender)
    values = dict(projections)
    assert [p for _, p in projections] == sorted(values.values(), reverse=True)
    assert all(values[w] > 0.25 for w in MALE_JOBS)
    assert all(values[w] < -0.25 for w in FEMALE_JOBS)
    assert all(abs(values[w]) < 0.05 for w in NEUTRAL[:10])
    assert projections[-1][0] == "homemaker"  # the strongest planted lean
    # a plain vector works the same as the BiasDirection
    again = dict(project_words(emb, words, 3.0 * gender.vector))
    assert again["homemaker"] == pytest.approx(values["homemaker"], abs=1e-6)
    assert project_words(emb, [], gender) == []


def test_direct_bias(emb: Embeddings, gender: BiasDirection) -> None:
    jobs = [*MALE_JOBS, *FEMALE_JOBS]
    biased = direct_bias(emb, jobs, gender)
    assert biased > 0.3
    assert direct_bias(emb, NEUTRAL, gender) < 0.02
    values = np.abs([p for _, p in project_words(emb, jobs, gender)])
    assert direct_bias(emb, jobs, gender, c=2.0) == pytest.approx(float(np.mean(values**2)))


# -- WEAT ------------------------------------------------------------------------------


def reference_weat(
    emb: Embeddings, x: list[str], y: list[str], a: list[str], b: list[str]
) -> tuple[float, float]:
    """Effect size and exact p-value straight from Caliskan et al.'s definitions."""

    def cos(u: str, v: str) -> float:
        p, q = emb[u].astype(np.float64), emb[v].astype(np.float64)
        return float(p @ q / np.linalg.norm(p) / np.linalg.norm(q))

    def s(w: str) -> float:
        return statistics.mean(cos(w, t) for t in a) - statistics.mean(cos(w, t) for t in b)

    def stat(xs: list[str], ys: list[str]) -> float:
        return sum(s(w) for w in xs) - sum(s(w) for w in ys)

    union = x + y
    effect = (statistics.mean(map(s, x)) - statistics.mean(map(s, y))) / statistics.stdev(
        map(s, union)
    )
    observed = stat(x, y)
    splits = list(itertools.combinations(union, len(x)))
    greater = sum(
        stat(list(xi), [w for w in union if w not in xi]) > observed + 1e-9 for xi in splits
    )
    return effect, greater / len(splits)


def test_weat_detects_the_planted_association(emb: Embeddings) -> None:
    result = weat(emb, list(MALE_JOBS), list(FEMALE_JOBS), MALE, FEMALE)
    assert result.effect_size > 1.5
    assert result.p_value < 0.05
    assert result.exact
    assert result.n_permutations == math.comb(10, 5)
    assert result.x_association > 0 > result.y_association
    assert result.sizes == (5, 5, 4, 4)
    assert result.statistic == pytest.approx(5 * (result.x_association - result.y_association))
    effect, p_value = reference_weat(emb, list(MALE_JOBS), list(FEMALE_JOBS), MALE, FEMALE)
    assert result.effect_size == pytest.approx(effect, abs=1e-5)
    assert result.p_value == pytest.approx(p_value)


def test_weat_matches_the_reference_on_a_weak_association(emb: Embeddings) -> None:
    x, y = ["engineer", "w1", "dancer", "w2"], ["w3", "secretary", "w4", "pilot"]
    result = weat(emb, x, y, MALE, FEMALE, permutations=None)
    effect, p_value = reference_weat(emb, x, y, MALE, FEMALE)
    assert 0.05 < p_value < 0.95  # a case where the p-value is not trivially 0 or 1
    assert result.effect_size == pytest.approx(effect, abs=1e-5)
    assert result.p_value == pytest.approx(p_value)


def test_weat_swapping_targets_mirrors_the_result(emb: Embeddings) -> None:
    x, y = NEUTRAL[:6], NEUTRAL[6:12]
    forward = weat(emb, x, y, MALE, FEMALE, permutations=None)
    backward = weat(emb, y, x, MALE, FEMALE, permutations=None)
    assert backward.effect_size == pytest.approx(-forward.effect_size)
    # Partitions come in complementary pairs (stat, -stat); only the observed one ties.
    n = forward.n_permutations
    assert forward.p_value + backward.p_value == pytest.approx(1 - 1 / n)


def test_weat_on_random_sets_finds_nothing(emb: Embeddings) -> None:
    rng = np.random.default_rng(1)
    effects, p_values = [], []
    for _ in range(20):
        chosen = [NEUTRAL[i] for i in rng.permutation(len(NEUTRAL))[:10]]
        result = weat(emb, chosen[:5], chosen[5:], MALE, FEMALE)
        effects.append(abs(result.effect_size))
        p_values.append(result.p_value)
    assert np.mean(effects) < 0.8
    assert sum(p < 0.05 for p in p_values) <= 3
    assert 0.2 < np.mean(p_values) < 0.8


def test_weat_sampled_p_value_agrees_with_exact(emb: Embeddings) -> None:
    x, y = NEUTRAL[:8], NEUTRAL[8:16]
    exact = weat(emb, x, y, MALE, FEMALE, permutations=None)
    sampled = weat(emb, x, y, MALE, FEMALE, permutations=5000, seed=3)
    assert exact.exact
    assert exact.n_permutations == math.comb(16, 8)
    assert not sampled.exact
    assert sampled.n_permutations == 5000
    assert sampled.p_value == pytest.approx(exact.p_value, abs=0.03)
    assert sampled.effect_size == exact.effect_size
    again = weat(emb, x, y, MALE, FEMALE, permutations=5000, seed=3)
    assert again.p_value == sampled.p_value  # reproducible from the seed
    # asking for at least as many permutations as partitions gives the exact test
    assert weat(emb, x, y, MALE, FEMALE, permutations=10**6) == exact


def test_weat_without_any_association_is_undefined() -> None:
    words = ["he", "she", "t1", "t2", "t3", "t4"]
    vectors = [[1, 1, 0], [1, -1, 0], [1, 0, 0], [0, 0, 1], [1, 0, 1], [2, 0, 1]]
    emb = Embeddings(Vocab(words), np.array(vectors, dtype=np.float32))
    result = weat(emb, ["t1", "t2"], ["t3", "t4"], ["he"], ["she"])
    assert math.isnan(result.effect_size)
    assert result.p_value == 1.0  # every partition ties: no evidence, not p = 0
    assert result.to_dict()["effect_size"] is None


def test_weat_missing_words(emb: Embeddings) -> None:
    with pytest.raises(UnknownWordError) as error:
        weat(emb, ["pilot", "zz1"], ["dancer", "zz2"], ["he"], ["she", "zz3"])
    assert error.value.words == ["zz1", "zz2", "zz3"]
    result = weat(
        emb, ["pilot", "zz1"], ["dancer", "zz2"], ["he"], ["she", "zz3"], on_missing="drop"
    )
    assert result.missing == ("zz1", "zz2", "zz3")
    assert result.sizes == (1, 1, 1, 1)
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert data["missing"] == ["zz1", "zz2", "zz3"]
    assert data["sizes"]["A"] == 1
    with pytest.raises(ConfigError, match=r"same number of words \(after leaving out"):
        weat(emb, ["pilot", "zz1"], ["dancer", "nurse"], ["he"], ["she"], on_missing="drop")


@pytest.mark.parametrize(
    ("sets", "options", "message"),
    [
        ((["pilot"], ["dancer", "nurse"], MALE, FEMALE), {}, "same number of words; got 1 and 2"),
        (([], [], MALE, FEMALE), {}, "x must hold at least one word"),
        ((["pilot"], ["dancer"], [], FEMALE), {}, "a must hold at least one word"),
        ((["pilot", "w1"], ["w1", "dancer"], MALE, FEMALE), {}, "disjoint.*'w1'"),
        ((["pilot"], ["dancer"], ["he"], ["he"]), {}, "a and b must be disjoint"),
        ((["pilot", "pilot"], ["dancer", "w1"], MALE, FEMALE), {}, "repeat a word"),
        ((["pilot"], ["dancer"], MALE, FEMALE), {"permutations": 0}, "permutations must be"),
        ((["pilot"], ["dancer"], MALE, FEMALE), {"seed": -1}, "seed must be"),
        ((["pilot"], ["dancer"], MALE, FEMALE), {"on_missing": "skip"}, "on_missing must be"),
        ((NEUTRAL[:12], NEUTRAL[12:24], MALE, FEMALE), {"permutations": None}, "too long"),
    ],
)
def test_weat_rejects_bad_input(
    emb: Embeddings, sets: tuple[list[str], ...], options: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        weat(emb, *sets, **options)  # type: ignore[arg-type]


# -- analogies -------------------------------------------------------------------------


def test_analogy_probe_finds_the_stereotype(emb: Embeddings) -> None:
    probes = analogy_probe(emb, ["doctor", "nurse"], pairs=[("he", "she"), ("she", "he")], k=3)
    assert [(p.a, p.b, p.word) for p in probes] == [
        ("he", "she", "doctor"),
        ("he", "she", "nurse"),
        ("she", "he", "doctor"),
        ("she", "he", "nurse"),
    ]
    assert probes[0].answer == "nurse"  # he : doctor :: she : nurse
    assert probes[3].answer == "doctor"  # she : nurse :: he : doctor
    assert len(probes[0].answers) == 3
    assert probes[0].to_dict()["answers"][0]["word"] == "nurse"


def test_biased_analogies_pair_words_along_the_direction(
    emb: Embeddings, gender: BiasDirection
) -> None:
    found = biased_analogies(emb, gender, k=5)
    pairs = [(p.x, p.y) for p in found]
    assert set(pairs[:2]) == {("actor", "actress"), ("waiter", "waitress")}
    assert found[0].score > 0.95
    assert ("doctor", "nurse") in pairs  # the planted occupational bias
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)
    assert all(0 < p.distance <= 1.0 and 0 < p.score <= 1.0 for p in found)
    assert not {w for pair in pairs for w in pair} & set(gender.words)
    # a tighter delta keeps only the close pairs; candidates restrict the search
    assert all(p.distance <= 0.8 for p in biased_analogies(emb, gender, delta=0.8))
    only = biased_analogies(emb, gender, candidates=["pilot", "dancer", "w1"], k=5)
    assert {(p.x, p.y) for p in only} <= {("pilot", "dancer"), ("pilot", "w1"), ("w1", "dancer")}
    assert biased_analogies(emb, gender, restrict=1) == []


# -- debiasing -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def debiased(emb: Embeddings, gender: BiasDirection) -> object:
    return debias(
        emb,
        gender,
        specific=[*SPECIFIC, "not-a-word"],
        equalize=[("he", "she"), ("man", "woman"), ("father", "mother")],
        top=5,
    )


def test_debias_neutralises_and_keeps_the_input(emb: Embeddings, gender: BiasDirection) -> None:
    before = np.array(emb.vectors)
    result = debias(emb, gender, specific=SPECIFIC, equalize=[("he", "she")])
    np.testing.assert_array_equal(emb.vectors, before)
    assert "debias" not in emb.metadata
    fair = result.embeddings
    jobs = [*MALE_JOBS, *FEMALE_JOBS, "doctor", "nurse"]
    assert direct_bias(emb, jobs, gender) > 0.3
    assert direct_bias(fair, jobs, gender) < 1e-5
    np.testing.assert_allclose(np.linalg.norm(fair.vectors, axis=1), 1.0, atol=1e-5)
    # words that are not neutralised keep their direction
    for word in ["actor", "his", "boy"]:
        cosine = float(fair[word] @ emb.unit_vectors[emb.vocab.index(word)])
        assert cosine == pytest.approx(1.0, abs=1e-6)
    # a neutralised word keeps its other components
    index = emb.vocab.index("pilot")
    rest = emb.unit_vectors[index] - (emb.unit_vectors[index] @ gender.vector) * gender.vector
    np.testing.assert_allclose(fair.vectors[index], rest / np.linalg.norm(rest), atol=1e-6)
    assert fair.words == emb.words
    assert fair.metadata["corpus"] == "planted"


def test_debias_removes_the_stereotyped_analogy(emb: Embeddings, debiased: object) -> None:
    fair = debiased.embeddings  # type: ignore[attr-defined]
    assert analogy_probe(emb, ["doctor"])[0].answer == "nurse"
    assert analogy_probe(fair, ["doctor"])[0].answer != "nurse"
    assert analogy_probe(fair, ["nurse"], pairs=[("she", "he")])[0].answer == "physician"
    x, y = list(MALE_JOBS), list(FEMALE_JOBS)
    assert weat(emb, x, y, MALE, FEMALE).effect_size > 1.5
    after = weat(fair, x, y, MALE, FEMALE)
    assert abs(after.effect_size) < 1.0
    assert after.p_value > 0.05


def test_equalise_makes_pairs_equidistant_from_neutral_words(
    emb: Embeddings, gender: BiasDirection, debiased: object
) -> None:
    fair = debiased.embeddings  # type: ignore[attr-defined]
    neutral = [*MALE_JOBS, *FEMALE_JOBS, "doctor", "nurse", "physician", *NEUTRAL]
    for a, b in [("he", "she"), ("man", "woman"), ("father", "mother")]:
        ua, ub = fair[a], fair[b]
        assert np.linalg.norm(ua) == pytest.approx(1.0, abs=1e-6)
        assert float(ua @ gender.vector) == pytest.approx(-float(ub @ gender.vector), abs=1e-6)
        assert float(ua @ gender.vector) > 0.5  # each word stays on its side
        for word in neutral:
            w = fair[word]
            assert abs(float(w @ ua) - float(w @ ub)) < 1e-5
        unit = {w: emb.unit_vectors[emb.vocab.index(w)] for w in [a, b, *neutral]}
        gaps = [abs(float(unit[w] @ (unit[a] - unit[b]))) for w in neutral]
        assert max(gaps) > 0.3  # they were not equidistant before


def test_debias_report(emb: Embeddings, gender: BiasDirection, debiased: object) -> None:
    report = debiased.report  # type: ignore[attr-defined]
    # left alone: the specific and defining words, of which 6 are equalised
    assert report.neutralized == len(emb) - len(SPECIFIC) - 2 * len(DEFINING)
    assert report.kept == len(SPECIFIC) + 2 * len(DEFINING) - 6
    assert report.specific_unknown == 1
    assert report.max_projection_before > 0.6
    assert report.max_projection_after < 1e-5
    assert report.direct_bias_before > 0.05
    assert report.direct_bias_after < 1e-6
    changed = [c.word for c in report.top_changed]
    assert changed == ["homemaker", "carpenter", "secretary", "programmer", "nurse"]
    assert report.top_changed[0].before < -0.6
    assert abs(report.top_changed[0].after) < 1e-5
    he_she = report.equalized[0]
    assert (he_she.a, he_she.b) == ("he", "she")
    assert he_she.after[0] == pytest.approx(-he_she.after[1], abs=1e-6)
    assert he_she.asymmetry_before > 0.5
    assert he_she.asymmetry_after < 1e-5
    data = json.loads(json.dumps(report.to_dict(), allow_nan=False))
    assert data["neutralized"] == report.neutralized
    assert data["direction"]["pairs"] == [list(p) for p in DEFINING]
    assert data["equalized"][2]["a"] == "father"
    text = report.summary()
    assert f"neutralised {report.neutralized} words" in text
    assert "he/she" in text
    assert "homemaker" in text
    record = debiased.embeddings.metadata["debias"]  # type: ignore[attr-defined]
    assert record["method"] == "hard"
    assert record["direction"]["method"] == "pca"
    assert len(record["direction"]["vector"]) == DIM
    assert record["equalized"] == [["he", "she"], ["man", "woman"], ["father", "mother"]]
    json.dumps(record, allow_nan=False)


def test_debias_twice_keeps_the_history(debiased: object) -> None:
    fair = debiased.embeddings  # type: ignore[attr-defined]
    again = debias(fair, bias_direction(fair, [("he", "she")]), neutral=["pilot", "w1"])
    assert again.report.neutralized == 2
    assert again.report.kept == len(fair) - 2
    assert again.embeddings.metadata["debias"]["previous"]["method"] == "hard"


def test_debias_with_a_plain_vector_and_dropped_words(emb: Embeddings) -> None:
    _, g = planted()
    result = debias(
        emb,
        g,
        neutral=["pilot", "dancer", "zz"],
        equalize=[("he", "she"), ("qq", "she2")],
        on_missing="drop",
    )
    assert result.report.missing == ("qq", "she2", "zz")
    assert result.report.neutralized == 2
    assert result.report.direction == {"method": "vector"}
    assert [(p.a, p.b) for p in result.report.equalized] == [("he", "she")]
    assert abs(float(result.embeddings["pilot"] @ g)) < 1e-6
    assert "left out 3 unknown word(s)" in result.report.summary()


def test_bad_input_is_reported(emb: Embeddings, gender: BiasDirection) -> None:
    with pytest.raises(UnknownWordError) as error:
        bias_direction(emb, [("he", "xx"), ("yy", "she")])
    assert error.value.words == ["xx", "yy"]
    with pytest.raises(UnknownWordError) as error:
        project_words(emb, ["pilot", "pilott", "qq"], gender)
    assert error.value.words == ["pilott", "qq"]
    assert "did you mean 'pilot'" in str(error.value)
    with pytest.raises(UnknownWordError) as error:
        debias(emb, gender, equalize=[("he", "shee")], neutral=["zz"])
    assert error.value.words == ["shee", "zz"]
    opposite = [("he", "she"), ("she", "he")]
    bad = [
        (lambda: bias_direction(emb, []), "at least one pair"),
        (lambda: bias_direction(emb, [("he",)]), "two words"),  # type: ignore[list-item]
        (lambda: bias_direction(emb, [("he", "he")]), "must differ"),
        (lambda: bias_direction(emb, "he"), "not a single str"),  # type: ignore[arg-type]
        (lambda: bias_direction(emb, DEFINING, method="svd"), "method must be"),  # type: ignore[arg-type]
        (lambda: bias_direction(emb, opposite, method="difference"), "cancel"),
        (lambda: direct_bias(emb, [], gender), "at least one word"),
        (lambda: direct_bias(emb, ["pilot"], gender, c=0), "c must be"),
        (lambda: project_words(emb, ["pilot"], np.zeros(DIM)), "length 0"),
        (lambda: project_words(emb, ["pilot"], np.ones(3)), "length 20"),
        (lambda: debias(emb, gender, neutral=["he"], equalize=[("he", "she")]), "both neutral"),
        (lambda: debias(emb, gender, neutral=["actor"], specific=["actor"]), "both neutral"),
        (lambda: debias(emb, gender, equalize=[("he", "she"), ("he", "her")]), "one equalize"),
        (lambda: debias(emb, gender, top=0), "top must be"),
        (lambda: biased_analogies(emb, gender, delta=0), "delta must be"),
        (lambda: biased_analogies(emb, gender, k=0), "k must be"),
        (lambda: analogy_probe(emb, ["doctor"], pairs=[]), "at least one pair"),
    ]  # fmt: skip
    for call, message in bad:
        with pytest.raises(ConfigError, match=message):
            call()
    with pytest.raises(TypeError, match="not a word"):
        project_words(emb, ["pilot"], "he")  # type: ignore[arg-type]
    other = Embeddings(Vocab(["he", "she"]), [[1.0, 0.0], [0.0, 1.0]])
    with pytest.raises(ConfigError, match="dim 2"):
        direct_bias(other, ["he"], gender)
