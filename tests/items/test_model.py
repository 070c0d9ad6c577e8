"""item2vec on sessions with planted co-purchase groups."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import firth
from firth.errors import ConfigError, CorpusError, FormatError, UnknownWordError
from firth.items import PopularityRecommender, evaluate_next_item, leave_last_out

GROUPS = 8
PER_GROUP = 12


def planted_sessions(n: int = 1500, *, seed: int = 0, ints: bool = False) -> list[list]:
    """Each session draws 4-8 items from one group, plus one of 3 popular items."""
    rng = np.random.default_rng(seed)
    sessions = []
    for _ in range(n):
        g = int(rng.integers(GROUPS))
        length = int(rng.integers(4, 9))
        picks = rng.choice(PER_GROUP, size=length, replace=False)
        items = [g * PER_GROUP + int(i) for i in picks]
        items.insert(int(rng.integers(length)), 1000 + int(rng.integers(3)))
        sessions.append(items if ints else [f"i{x}" for x in items])
    return sessions


def group(item: str | int) -> int:
    return int(str(item).lstrip("i")) // PER_GROUP


CONFIG = firth.ItemConfig(dim=24, epochs=8, threads=2)


@pytest.fixture(scope="module")
def trained() -> tuple[firth.ItemModel, list, list]:
    train, test = leave_last_out(planted_sessions())
    return firth.train_items(train, CONFIG), train, test


def test_similar_items_come_from_the_same_group(trained) -> None:
    model, _, _ = trained
    hits = total = 0
    for g in range(GROUPS):
        item = f"i{g * PER_GROUP}"
        for other, _ in model.similar_items(item, k=5):
            hits += group(other) == g
            total += 1
    assert hits / total >= 0.9


def test_recommendations_beat_the_popularity_baseline(trained) -> None:
    model, train, test = trained
    cases = [(history, target) for history, target in test if not target.startswith("i10")]
    ours = evaluate_next_item(model, cases, ks=(10,), exclude_seen=True)
    popular = evaluate_next_item(
        PopularityRecommender.fit(train), cases, ks=(10,), exclude_seen=True
    )
    assert ours.hit_rate[10] >= 0.6
    assert popular.hit_rate[10] <= 0.2
    assert ours.mrr > 2 * popular.mrr


def test_recommend_excludes_seen_items_unless_asked(trained) -> None:
    model, _, _ = trained
    session = ["i0", "i1", "i2"]
    recommended = [item for item, _ in model.recommend(session, k=5)]
    assert not set(recommended) & set(session)
    assert all(group(item) == 0 for item in recommended if not item.startswith("i10"))
    again = [item for item, _ in model.recommend(session, k=5, exclude_seen=False)]
    assert set(again) & set(session)


def test_unknown_items_are_ignored_and_all_unknown_is_an_error(trained) -> None:
    model, _, _ = trained
    assert model.recommend(["nope", "i0"], k=3) == model.recommend(["i0"], k=3)
    with pytest.raises(UnknownWordError):
        model.recommend(["nope", "never"])
    with pytest.raises(TypeError, match="single item"):
        model.recommend("i0")  # type: ignore[arg-type]


def test_integer_items_come_back_as_integers() -> None:
    model = firth.train_items(planted_sessions(300, ints=True), CONFIG)
    assert model.item_type == "int"
    top = model.similar_items(0, k=3)
    assert all(isinstance(item, int) for item, _ in top)
    assert isinstance(model.recommend([0, 1], k=1)[0][0], int)
    assert 0 in model
    assert "0" in model
    assert len(model) == GROUPS * PER_GROUP + 3
    assert model.popularity()[0][0] in (1000, 1001, 1002)


def test_the_whole_session_is_context_whatever_the_distance() -> None:
    # A session holds two items of one of 10 groups of 4, at its two ends, with 10
    # random fillers between them: only a context spanning the session links a group.
    rng = np.random.default_rng(1)
    sessions = []
    for _ in range(1500):
        k = int(rng.integers(10))
        a, b = rng.choice(4, size=2, replace=False)
        fillers = [f"f{int(x)}" for x in rng.integers(200, size=10)]
        sessions.append([f"g{k}_{a}", *fillers, f"g{k}_{b}"])
    whole = firth.train_items(sessions, firth.ItemConfig(dim=16, epochs=10, threads=1))
    near = firth.train_items(sessions, firth.ItemConfig(dim=16, epochs=10, threads=1, window=2))
    assert whole.model.config.window == 11
    assert not whole.model.config.shrink_windows

    def same_group(model: firth.ItemModel) -> float:
        found = [
            str(model.similar_items(f"g{k}_{i}", k=1)[0][0]).startswith(f"g{k}_")
            for k in range(10)
            for i in range(4)
        ]
        return float(np.mean(found))

    assert same_group(whole) >= 0.9
    assert same_group(near) <= 0.3


def test_negative_ns_exponent_trains(trained) -> None:
    _, train, _ = trained
    model = firth.train_items(train[:300], firth.ItemConfig(dim=8, epochs=2, ns_exponent=-0.5))
    assert model.model.config.ns_exponent == -0.5
    assert np.isfinite(model.embeddings.vectors).all()


def test_sessions_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "sessions.txt"
    path.write_text("\n".join(" ".join(s) for s in planted_sessions(300)) + "\n")
    model = firth.train_items(path, CONFIG)
    assert model.item_type == "str"
    assert group(model.similar_items("i0", k=1)[0][0]) == 0


def test_save_and_load(tmp_path: Path) -> None:
    model = firth.train_items(planted_sessions(200, ints=True), firth.ItemConfig(dim=8, epochs=1))
    model.save(tmp_path / "items")
    loaded = firth.ItemModel.load(tmp_path / "items")
    assert loaded.item_type == "int"
    assert loaded.recommend([0, 1], k=3) == model.recommend([0, 1], k=3)
    assert firth.load(tmp_path / "items").words == model.embeddings.words
    words = firth.train([["a", "b"]] * 10, firth.TrainConfig(dim=4, min_count=1, epochs=1))
    words.save(tmp_path / "words")
    with pytest.raises(FormatError, match="not an item model"):
        firth.ItemModel.load(tmp_path / "words")


def test_bad_sessions_and_options() -> None:
    with pytest.raises(CorpusError, match="is a str"):
        firth.train_items(["a b c"])
    with pytest.raises(CorpusError, match="float"):
        firth.train_items([["a", 1.5]])
    with pytest.raises(ConfigError, match=r"ItemConfig\.window"):
        firth.ItemConfig(window=0)
    with pytest.raises(ConfigError, match=r"ItemConfig\.dim"):
        firth.ItemConfig(dim=0)
