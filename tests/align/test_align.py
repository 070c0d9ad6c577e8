"""Aligned embedding spaces on generated spaces with a planted map between them.

The target space is random; the source space is the target rotated by a known orthogonal
``R`` (``source = target @ R``, plus noise), with its words in another order and a few
words of its own, so the map that aligns them is ``W = Rᵀ``.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from firth import Embeddings, Vocab
from firth.align import Alignment, align, parse_dictionary, read_dictionary
from firth.align.retrieval import mutual_neighbours
from firth.errors import ConfigError, FormatError, UnknownWordError


def _orthogonal(rng: np.random.Generator, dim: int) -> np.ndarray:
    q, r = np.linalg.qr(rng.standard_normal((dim, dim)))
    return q * np.sign(np.diag(r))


def _unit(a: np.ndarray) -> np.ndarray:
    return a / np.linalg.norm(a, axis=-1, keepdims=True)


def _planted(
    *,
    n: int = 300,
    dim: int = 10,
    noise: float = 0.0,
    seed: int = 0,
    decay: float | None = None,
    extra: int = 5,
) -> tuple[Embeddings, Embeddings, np.ndarray]:
    """Target words ``t{i}``, source words ``s{i}`` = target rotated, in shuffled order.

    Each space also has ``extra`` words the other lacks (``only_s*``, ``only_t*``).
    ``decay`` gives dimension ``j`` a scale ``decay**j`` (an anisotropic space, as real
    embeddings are).
    """
    rng = np.random.default_rng(seed)
    target = rng.standard_normal((n + extra, dim))
    if decay is not None:
        target *= decay ** np.arange(dim)
    rotation = _orthogonal(rng, dim)
    scale = np.linalg.norm(target[:n], axis=1, keepdims=True) / np.sqrt(dim)
    source = target[:n] @ rotation + noise * scale * rng.standard_normal((n, dim))
    source = np.vstack([source, rng.standard_normal((extra, dim))])
    source_words = [f"s{i}" for i in range(n)] + [f"only_s{i}" for i in range(extra)]
    order = rng.permutation(n + extra)
    src = Embeddings(Vocab([source_words[i] for i in order]), source[order])
    tgt = Embeddings(
        Vocab([f"t{i}" for i in range(n)] + [f"only_t{i}" for i in range(extra)]), target
    )
    return src, tgt, rotation


def _pairs(ids: range) -> list[tuple[str, str]]:
    return [(f"s{i}", f"t{i}") for i in ids]


# -- solving the map ---------------------------------------------------------------------


def test_procrustes_recovers_the_rotation() -> None:
    src, tgt, rotation = _planted(noise=0.01)
    seed = [*_pairs(range(100)), ("only_t0", "t0"), ("s1", "only_s1"), ("nope", "nada")]
    mapping = align(src, tgt, seed + _pairs(range(10)))  # repeated pairs count once
    assert mapping.method == "procrustes"
    assert (mapping.pairs_used, mapping.pairs_skipped) == (100, 3)
    assert mapping.matrix.shape == (10, 10)
    assert mapping.matrix.dtype == np.float32
    np.testing.assert_allclose(mapping.matrix @ mapping.matrix.T, np.eye(10), atol=1e-5)
    np.testing.assert_allclose(mapping.matrix, rotation.T, atol=0.02)
    held_out = _pairs(range(100, 300))
    for retrieval in ("nn", "csls"):
        report = mapping.evaluate(held_out, retrieval=retrieval)
        assert report["precision@1"] == 1.0
        assert report["queries"] == 200


def test_lstsq_is_exact_without_noise() -> None:
    src, tgt, rotation = _planted(noise=0.0, seed=1)
    mapping = align(src, tgt, _pairs(range(40)), method="lstsq")
    assert mapping.method == "lstsq"
    np.testing.assert_allclose(mapping.matrix, rotation.T, atol=1e-4)
    assert mapping.evaluate(_pairs(range(40, 300)), retrieval="nn")["precision@1"] == 1.0


def test_lstsq_fits_a_general_linear_map_that_procrustes_cannot() -> None:
    rng = np.random.default_rng(2)
    target = rng.standard_normal((200, 6))
    skew = np.diag([4.0, 2.0, 1.0, 0.5, 0.25, 0.1]) @ _orthogonal(rng, 6)
    src = Embeddings(Vocab([f"s{i}" for i in range(200)]), target @ skew)
    tgt = Embeddings(Vocab([f"t{i}" for i in range(200)]), target)
    lstsq = align(src, tgt, _pairs(range(50)), method="lstsq", normalize="none")
    np.testing.assert_allclose(lstsq.matrix, np.linalg.inv(skew), atol=1e-3)
    procrustes = align(src, tgt, _pairs(range(50)), normalize="none")
    held_out = _pairs(range(50, 200))
    assert lstsq.evaluate(held_out, retrieval="nn")["precision@1"] == 1.0
    assert procrustes.evaluate(held_out, retrieval="nn")["precision@1"] < 0.8


def test_center_and_unit_normalisation_keeps_the_rotation() -> None:
    src, tgt, rotation = _planted(noise=0.0, seed=3, extra=0)
    shift = 3.0 * np.ones(10)  # a common offset: centering removes it from both spaces
    tgt = Embeddings(tgt.vocab, tgt.vectors + shift)
    src = Embeddings(src.vocab, src.vectors + shift @ rotation)
    mapping = align(src, tgt, _pairs(range(30)), normalize="center+unit")
    np.testing.assert_allclose(mapping.matrix, rotation.T, atol=1e-4)
    assert mapping.evaluate(_pairs(range(30, 300)))["precision@1"] == 1.0


def test_unequal_dimensions_use_the_semi_orthogonal_solution() -> None:
    rng = np.random.default_rng(4)
    source = rng.standard_normal((150, 6))
    lift = _orthogonal(rng, 9)[:6]  # 6 x 9 with orthonormal rows
    small = Embeddings(Vocab([f"s{i}" for i in range(150)]), source)
    large = Embeddings(Vocab([f"t{i}" for i in range(150)]), source @ lift)
    up = align(small, large, _pairs(range(30)))
    assert up.matrix.shape == (6, 9)
    np.testing.assert_allclose(up.matrix @ up.matrix.T, np.eye(6), atol=1e-5)
    np.testing.assert_allclose(up.matrix, lift, atol=1e-4)
    mapped = up.transform(small.vectors)
    np.testing.assert_allclose(np.linalg.norm(mapped, axis=1), 1.0, atol=1e-5)  # norms kept
    assert up.evaluate(_pairs(range(30, 150)))["precision@1"] == 1.0
    back = [(f"t{i}", f"s{i}") for i in range(30)]
    down = align(large, small, back)
    assert down.matrix.shape == (9, 6)
    np.testing.assert_allclose(down.matrix.T @ down.matrix, np.eye(6), atol=1e-5)
    held_out = [(f"t{i}", f"s{i}") for i in range(30, 150)]
    assert down.evaluate(held_out, retrieval="nn")["precision@1"] == 1.0


@pytest.mark.parametrize("seed", [1, 2])
def test_refinement_from_a_tiny_seed_dictionary(seed: int) -> None:
    src, tgt, rotation = _planted(n=300, dim=12, noise=0.05, seed=seed, decay=0.8)
    tiny = _pairs(range(5))
    held_out = _pairs(range(100, 300))
    plain = align(src, tgt, tiny)
    refined = align(src, tgt, tiny, refine=10)
    before = plain.evaluate(held_out, ks=(1,))["precision@1"]
    after = refined.evaluate(held_out, ks=(1,))["precision@1"]
    assert before < 0.5
    assert after >= 0.95
    assert plain.refined == ()
    assert 1 <= len(refined.refined) <= 10
    assert refined.refined[-1] > 250  # the induced dictionary covers most words
    assert refined.pairs_used == 5
    np.testing.assert_allclose(refined.matrix, rotation.T, atol=0.05)


def test_refinement_only_looks_at_the_most_frequent_words() -> None:
    src, tgt, _ = _planted(n=300, dim=12, noise=0.05, seed=0, decay=0.8)
    # With counts, the "frequent" words are those with the largest counts, wherever
    # their rows are; the induced dictionary can only pair words among them.
    rng = np.random.default_rng(0)
    src = Embeddings(Vocab(src.words, counts=rng.permutation(len(src)) + 1), src.vectors)
    mapping = align(src, tgt, _pairs(range(5)), refine=3, refine_vocab=40)
    assert all(n <= 40 + 5 for n in mapping.refined)


def test_mutual_neighbours_keeps_only_pairs_chosen_both_ways() -> None:
    source = _unit(np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]], dtype=np.float32))
    target = _unit(np.array([[1.0, 0.05], [0.1, 1.0]], dtype=np.float32))
    rows, columns = mutual_neighbours(source, target, csls_k=1)
    # Source rows 0 and 1 both pick target 0, which picks source row 0 back.
    assert rows.tolist() == [0, 2]
    assert columns.tolist() == [0, 1]


# -- retrieval and evaluation ------------------------------------------------------------


def test_csls_avoids_a_planted_hub() -> None:
    """Every mapped word leans towards one direction; a target word sits right on it.

    Mapped word ``s{i}`` is ``unit(1.5 u + z_i)``, its translation ``t{i}`` that plus
    noise (cosine about 0.78), while the hub ``u`` has cosine about 0.83 with *every*
    mapped word: nearest-neighbour retrieval answers the hub, CSLS (whose ``r_S``
    penalises the hub) answers the translation.
    """
    rng = np.random.default_rng(0)
    n, dim = 200, 64
    direction = _unit(rng.standard_normal(dim))
    mapped = _unit(1.5 * direction + _unit(rng.standard_normal((n, dim))))
    translations = _unit(mapped + 0.8 * _unit(rng.standard_normal((n, dim))))
    src = Embeddings(Vocab([f"s{i}" for i in range(n)]), mapped)
    tgt = Embeddings(
        Vocab([f"t{i}" for i in range(n)] + ["hub"]), np.vstack([translations, direction])
    )
    mapping = Alignment(src, tgt, np.eye(dim))
    words = [f"s{i}" for i in range(n)]
    nn = [found[0][0] for found in mapping.translate(words, k=1, retrieval="nn")]
    csls = [found[0][0] for found in mapping.translate(words, k=1, retrieval="csls")]
    assert nn.count("hub") / n > 0.8
    assert csls.count("hub") / n < 0.15
    gold = _pairs(range(n))
    assert mapping.evaluate(gold, ks=(1,), retrieval="csls")["precision@1"] > 0.85
    assert mapping.evaluate(gold, ks=(1,), retrieval="nn")["precision@1"] < 0.15


def test_csls_scores_follow_the_formula() -> None:
    src, tgt, _ = _planted(n=60, dim=5, noise=0.3, seed=5, extra=0)
    mapping = align(src, tgt, _pairs(range(60)), csls_k=3)
    found = mapping.translate(["s7"], k=60)[0]
    mapped = _unit(mapping.mapped().vectors)
    target = _unit(tgt.vectors.astype(np.float64))
    cos = mapped @ target.T  # all source x all target, fine at this size
    r_target = np.sort(cos, axis=1)[:, -3:].mean(axis=1)  # r_T(x), per source word
    r_source = np.sort(cos, axis=0)[-3:, :].mean(axis=0)  # r_S(y), per target word
    row = src.vocab.index("s7")
    expected = 2 * cos[row] - r_target[row] - r_source
    assert [w for w, _ in found] == [tgt.vocab.word(j) for j in np.argsort(-expected)]
    np.testing.assert_allclose([s for _, s in found], np.sort(expected)[::-1], atol=1e-5)


def _circle(angles_deg: list[float], prefix: str) -> Embeddings:
    radians = np.radians(angles_deg)
    vectors = np.stack([np.cos(radians), np.sin(radians)], axis=1)
    return Embeddings(Vocab([f"{prefix}{i}" for i in range(len(angles_deg))]), vectors)


def test_precision_at_k_on_a_hand_computed_case() -> None:
    """Eight words at 0°, 20°, ..., 140° in both spaces: the map is the identity.

    From s1 (20°), the targets by angle are t1, t0/t2, t3, t4 (ranks 1, 2-3, 4, 5); from
    s7 (140°), t0 is the farthest (rank 8).
    """
    angles = [20.0 * i for i in range(8)]
    src, tgt = _circle(angles, "s"), _circle(angles, "t")
    mapping = align(src, tgt, [(f"s{i}", f"t{i}") for i in range(8)])
    np.testing.assert_allclose(mapping.matrix, np.eye(2), atol=1e-6)
    test = [
        ("s0", "t3"),  # s0: gold {t3, t0}; t0 is rank 1, so correct at every k
        ("s0", "t0"),
        ("s1", "t4"),  # rank 5: correct at 5 and 10, not 1
        ("s7", "t0"),  # rank 8: correct at 10 only
        ("s2", "missing"),  # target word unknown: skipped; s2 has no other gold
        ("nope", "t1"),  # source word unknown: skipped
        ("s1", "t4"),  # a repeated pair counts once
    ]
    report = mapping.evaluate(test, retrieval="nn")
    assert report["precision@1"] == pytest.approx(1 / 3)
    assert report["precision@5"] == pytest.approx(2 / 3)
    assert report["precision@10"] == pytest.approx(3 / 3)
    assert report["pairs"] == 6
    assert report["pairs_found"] == 4
    assert report["pairs_skipped"] == 2
    assert report["sources"] == 5
    assert report["queries"] == 3
    assert report["coverage"] == pytest.approx(3 / 5)
    assert report["retrieval"] == "nn"
    assert mapping.evaluate(test, ks=(4, 2), retrieval="nn").keys() >= {
        "precision@2",
        "precision@4",
    }
    assert mapping.evaluate(test, ks=(4,), retrieval="nn")["precision@4"] == pytest.approx(1 / 3)
    ranked = [w for w, _ in mapping.translate(["s1"], k=8, retrieval="nn")[0]]
    assert ranked[0] == "t1"
    assert set(ranked[1:3]) == {"t0", "t2"}
    assert ranked[3:5] == ["t3", "t4"]
    assert ranked[-1] == "t7"


def test_transform_and_mapped_agree() -> None:
    src, tgt, _ = _planted(noise=0.01, seed=6)
    mapping = align(src, tgt, _pairs(range(50)), method="lstsq")
    mapped = mapping.mapped()
    assert mapped.words == src.words
    assert mapped.dim == tgt.dim
    assert mapped.metadata["alignment"]["method"] == "lstsq"
    np.testing.assert_allclose(mapped.vectors, mapping.transform(src.vectors), atol=1e-6)
    single = mapping.transform(src["s3"])
    assert single.shape == (tgt.dim,)
    np.testing.assert_allclose(single, mapped["s3"], atol=1e-6)
    # Mapped into the target space, s3 is next to t3.
    assert tgt.similar_by_vector(single, k=1)[0][0] == "t3"


def test_translate_returns_k_answers_per_word() -> None:
    src, tgt, _ = _planted(noise=0.01, seed=7)
    mapping = align(src, tgt, _pairs(range(50)))
    found = mapping.translate(["s60", "s61"], k=3)
    assert [len(f) for f in found] == [3, 3]
    assert [f[0][0] for f in found] == ["t60", "t61"]
    assert found[0][0][1] > found[0][1][1] >= found[0][2][1]
    everything = mapping.translate(["s60"], k=10_000, retrieval="nn")[0]
    assert len(everything) == len(tgt)


# -- persistence ---------------------------------------------------------------------------


@pytest.mark.parametrize("normalize", ["none", "unit", "center+unit"])
def test_save_and_load_round_trip(tmp_path: Path, normalize: str) -> None:
    src, tgt, _ = _planted(noise=0.01, seed=8)
    mapping = align(src, tgt, _pairs(range(50)), normalize=normalize, csls_k=4)  # type: ignore[arg-type]
    mapping.save(tmp_path / "map")
    back = Alignment.load(tmp_path / "map", src, tgt)
    assert np.array_equal(back.matrix, mapping.matrix)
    assert (back.method, back.normalize, back.csls_k) == ("procrustes", normalize, 4)
    assert (back.pairs_used, back.pairs_skipped) == (mapping.pairs_used, mapping.pairs_skipped)
    probe = src.vectors[:7]
    np.testing.assert_allclose(back.transform(probe), mapping.transform(probe), atol=1e-6)
    assert back.translate(["s90"], k=3) == mapping.translate(["s90"], k=3)
    mapping.save(tmp_path / "map")  # saving over a saved alignment replaces it


def test_load_refuses_other_kinds_and_other_spaces(tmp_path: Path) -> None:
    src, tgt, _ = _planted(noise=0.01, seed=9)
    mapping = align(src, tgt, _pairs(range(50)))
    tgt.save(tmp_path / "embeddings")
    with pytest.raises(FormatError, match="not an alignment"):
        Alignment.load(tmp_path / "embeddings", src, tgt)
    mapping.save(tmp_path / "map")
    smaller = Embeddings(tgt.vocab, tgt.vectors[:, :4])
    with pytest.raises(ConfigError, match=r"maps 10 to 10 dimensions.*4 \(target\)"):
        Alignment.load(tmp_path / "map", src, smaller)
    with pytest.raises(FormatError, match=r"no manifest\.json"):
        Alignment.load(tmp_path, src, tgt)


# -- bad input -----------------------------------------------------------------------------


def test_too_few_usable_pairs() -> None:
    src, tgt, _ = _planted(seed=10)
    with pytest.raises(ConfigError, match=r"at least 2 .*got 1 of 3 .*'x' not in the source"):
        align(src, tgt, [("s1", "t1"), ("x", "t2"), ("s3", "y")])
    with pytest.raises(ConfigError, match="got 1 of 1"):
        align(src, tgt, [("s1", "t1"), ("s1", "t1")])  # one distinct pair
    with pytest.raises(ConfigError, match="direction"):
        align(src, tgt, [("t1", "s1"), ("t2", "s2")])  # reversed dictionary


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"method": "svd"}, "method must be one of 'procrustes', 'lstsq'; got 'svd'"),
        ({"normalize": "center"}, "normalize must be one of"),
        ({"refine": -1}, "refine must be an integer >= 0; got -1"),
        ({"refine": True}, "refine must be an integer >= 0; got True"),
        ({"refine_vocab": 0}, "refine_vocab must be an integer >= 1"),
        ({"csls_k": 0}, "csls_k must be an integer >= 1"),
    ],
)
def test_invalid_options(options: dict[str, object], message: str) -> None:
    src, tgt, _ = _planted(seed=11, n=20)
    with pytest.raises(ConfigError, match=message):
        align(src, tgt, _pairs(range(10)), **options)  # type: ignore[arg-type]


def test_invalid_pairs_and_spaces() -> None:
    src, tgt, _ = _planted(seed=12, n=20)
    with pytest.raises(ConfigError, match=r"item 1 is \('s2',\)"):
        align(src, tgt, [("s1", "t1"), ("s2",)])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="got a str"):
        align(src, tgt, "s1 t1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"target must be firth\.Embeddings"):
        align(src, tgt.vectors, _pairs(range(5)))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"shape \(source.dim, target.dim\) = \(10, 10\)"):
        Alignment(src, tgt, np.eye(9))


def test_bad_queries() -> None:
    src, tgt, _ = _planted(seed=13, n=30)
    mapping = align(src, tgt, _pairs(range(20)))
    with pytest.raises(UnknownWordError, match=r"'s99'.* is not in the vocabulary"):
        mapping.translate(["s1", "s99"])
    with pytest.raises(ConfigError, match="k must be an integer >= 1"):
        mapping.translate(["s1"], k=0)
    with pytest.raises(ConfigError, match="retrieval must be one of 'nn', 'csls'"):
        mapping.translate(["s1"], retrieval="gc")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"10 components .*got shape \(3, 4\)"):
        mapping.transform(np.ones((3, 4)))
    with pytest.raises(ConfigError, match="finite"):
        mapping.transform(np.full(10, np.nan))
    with pytest.raises(ConfigError, match="none of the 1 test pairs"):
        mapping.evaluate([("x", "t1")])
    with pytest.raises(ConfigError, match="ks must"):
        mapping.evaluate(_pairs(range(3)), ks=5)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="ks must be an integer >= 1"):
        mapping.evaluate(_pairs(range(3)), ks=(1, 0))


# -- dictionary files ----------------------------------------------------------------------


def test_read_dictionary_layouts(tmp_path: Path) -> None:
    path = tmp_path / "en-it.txt"
    path.write_bytes(
        "\ufeff# English -> Italian\r\n"
        "one uno\r\n"
        "\r\n"
        "   # an indented comment\n"
        "two \t due\n"
        "new york\tnuova york\n"
        "city  città\n"
        "one uno\n".encode()
    )
    assert read_dictionary(path) == [
        ("one", "uno"),
        ("two", "due"),
        ("new york", "nuova york"),
        ("city", "città"),
        ("one", "uno"),
    ]
    packed = tmp_path / "en-it.txt.gz"
    packed.write_bytes(gzip.compress(b"dog cane\ncat gatto\n"))
    assert read_dictionary(packed) == [("dog", "cane"), ("cat", "gatto")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"one uno\ntwo\n", r"line 2: expected two words .*got 1 field: 'two'"),
        (b"one uno\n\nthree tre drei\n", r"line 3: .*got 3 fields: 'three tre drei'"),
        (b"one\t\tuno\n", r"line 1: .*got 3 fields"),
        (b"one uno\ncaf\xe9 caff\xe8\n", r"line 2: not valid UTF-8 .*iconv"),
        (b"", "holds no word pair"),
        (b"# only a comment\n\n", "holds no word pair"),
    ],
)
def test_read_dictionary_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "dict.txt"
    path.write_bytes(content)
    with pytest.raises(FormatError, match=message) as caught:
        read_dictionary(path)
    assert str(path) in str(caught.value)


def test_read_dictionary_missing_file_and_parse_lines(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"cannot read dictionary .*No such file"):
        read_dictionary(tmp_path / "absent.txt")
    assert parse_dictionary(["a b\n", "c\td"]) == [("a", "b"), ("c", "d")]
    with pytest.raises(TypeError, match="lines must be str"):
        parse_dictionary([b"a b"])  # type: ignore[list-item]


# -- the same numbers as gensim ------------------------------------------------------------


def test_lstsq_nn_translates_as_gensim_translation_matrix() -> None:
    translation_matrix = pytest.importorskip("gensim.models.translation_matrix")
    keyed = pytest.importorskip("gensim.models.keyedvectors")
    src, tgt, _ = _planted(n=80, dim=12, noise=0.5, seed=14, extra=0)
    pairs = _pairs(range(30))
    queries = [f"s{i}" for i in range(30, 80)]

    def kv(emb: Embeddings) -> object:
        vectors = keyed.KeyedVectors(emb.dim)
        vectors.add_vectors(emb.words, emb.vectors.astype(np.float32))
        return vectors

    model = translation_matrix.TranslationMatrix(kv(src), kv(tgt))
    model.train(pairs)
    theirs = model.translate(queries, topn=3, source_lang_vec=kv(src), target_lang_vec=kv(tgt))
    mapping = align(src, tgt, pairs, method="lstsq", normalize="unit")
    ours = mapping.translate(queries, k=3, retrieval="nn")
    assert [[w for w, _ in found] for found in ours] == [theirs[q] for q in queries]
    np.testing.assert_allclose(mapping.matrix, model.translation_matrix, atol=1e-4)
