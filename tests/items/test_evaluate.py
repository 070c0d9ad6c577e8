"""Tests of firth.items.evaluate: splits, the popularity baseline, next-item metrics."""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter, defaultdict
from collections.abc import Sequence

import pytest

from firth.errors import ConfigError, CorpusError, UnknownWordError
from firth.items.evaluate import (
    NextItemReport,
    PopularityRecommender,
    Recommender,
    compare,
    evaluate_next_item,
    leave_last_out,
    next_item_cases,
    split_sessions,
)
from firth.items.sessions import as_sessions


class FixedRanking:
    """Always the same ranking (scores descending); records what it was asked."""

    def __init__(self, ranking: Sequence[str], *, unknown: frozenset[str] = frozenset()) -> None:
        self.ranking = list(ranking)
        self.unknown = unknown
        self.calls: list[tuple[list[str], int, bool]] = []

    def recommend(
        self, items: Sequence[str], k: int = 10, *, exclude_seen: bool = True
    ) -> list[tuple[str, float]]:
        self.calls.append((list(items), k, exclude_seen))
        if items and all(item in self.unknown for item in items):
            raise UnknownWordError(items[0])
        seen = set(items) if exclude_seen else set()
        ranked = [item for item in self.ranking if item not in seen][:k]
        return [(item, 1.0 / (rank + 1)) for rank, item in enumerate(ranked)]


class Transitions:
    """Recommends the items that most often followed the last history item in training."""

    def __init__(self, sessions: list[list[str]]) -> None:
        self.following: dict[str, Counter[str]] = defaultdict(Counter)
        for session in sessions:
            for before, after in itertools.pairwise(session):
                self.following[before][after] += 1

    def recommend(
        self, items: Sequence[str], k: int = 10, *, exclude_seen: bool = True
    ) -> list[tuple[str, float]]:
        if items[-1] not in self.following:
            raise UnknownWordError(items[-1])
        ranked = sorted(self.following[items[-1]].items(), key=lambda p: (-p[1], p[0]))
        return [(item, float(count)) for item, count in ranked[:k]]


def markov_sessions(seed: int, count: int = 300, items: int = 40) -> list[list[str]]:
    """Sessions where item i is followed by item i+1 (mod items) 90% of the time."""
    rng = random.Random(seed)
    sessions = []
    for _ in range(count):
        current = rng.randrange(items)
        session = [f"s{current}"]
        for _ in range(rng.randint(1, 9)):
            current = (current + 1) % items if rng.random() < 0.9 else rng.randrange(items)
            session.append(f"s{current}")
        sessions.append(session)
    return sessions


# ------------------------------------------------------------------ splits


def test_leave_last_out_holds_out_last_items() -> None:
    sessions = [["a", "b", "c"], ["d"], [1, 2], ["e", "f", "g", "h"]]
    train, cases = leave_last_out(sessions)
    assert train == [["a", "b"], ["d"], ["1"], ["e", "f", "g"]]
    assert cases == [(["a", "b"], "c"), (["1"], "2"), (["e", "f", "g"], "h")]
    train, cases = leave_last_out(sessions, min_length=3)
    assert train == [["a", "b"], ["d"], ["1", "2"], ["e", "f", "g"]]
    assert cases == [(["a", "b"], "c"), (["e", "f", "g"], "h")]
    # the held-out targets never appear in the training copy of their session
    train, cases = leave_last_out(as_sessions([["x", "y"]]))
    assert train == [["x"]]
    assert cases == [(["x"], "y")]
    # histories and training sessions are separate lists
    cases[0][0].append("z")
    assert train == [["x"]]


@pytest.mark.parametrize("bad", [1, 0, True, 2.0, None])
def test_leave_last_out_rejects_bad_min_length(bad: object) -> None:
    with pytest.raises(ConfigError, match="min_length must be an int >= 2"):
        leave_last_out([["a", "b"]], min_length=bad)  # type: ignore[arg-type]


def test_split_sessions_is_a_deterministic_partition() -> None:
    sessions = [[f"i{n}", f"i{n + 1}"] for n in range(50)]
    train, test = split_sessions(sessions, test_fraction=0.2, seed=7)
    assert len(test) == 10
    assert len(train) == 40
    # a partition, each side in the original order
    assert sorted(train + test) == sorted(sessions)
    assert train == [s for s in sessions if s in train]
    assert test == [s for s in sessions if s in test]
    assert split_sessions(sessions, test_fraction=0.2, seed=7) == (train, test)
    assert split_sessions(sessions, test_fraction=0.2, seed=8)[1] != test
    # a known split: the choice depends on the seed and the count only
    assert split_sessions(as_sessions(sessions), test_fraction=0.2, seed=7) == (train, test)
    assert [s[0] for s in split_sessions([[n] for n in range(5)], seed=0)[1]] == ["3"]


def test_split_sessions_keeps_both_sides_non_empty() -> None:
    two = [["a"], ["b"]]
    for fraction in (0.01, 0.5, 0.99):
        train, test = split_sessions(two, test_fraction=fraction)
        assert len(train) == len(test) == 1
    with pytest.raises(CorpusError, match="at least 2 sessions"):
        split_sessions([["a", "b"]])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"test_fraction": 0}, "test_fraction must be a number in"),
        ({"test_fraction": 1.0}, "test_fraction must be a number in"),
        ({"test_fraction": True}, "test_fraction must be a number in"),
        ({"seed": -1}, "seed must be an int >= 0"),
        ({"seed": 1.5}, "seed must be an int >= 0"),
    ],
)
def test_split_sessions_rejects_bad_options(options: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        split_sessions([["a"], ["b"]], **options)  # type: ignore[arg-type]


def test_next_item_cases_every_position_and_truncated_history() -> None:
    sessions = [["a", "b", "c", "d"], ["e"], [5, 6]]
    cases = list(next_item_cases(sessions))
    assert cases == [
        (["a"], "b"),
        (["a", "b"], "c"),
        (["a", "b", "c"], "d"),
        (["5"], "6"),
    ]
    assert list(next_item_cases(sessions, history=2)) == [
        (["a"], "b"),
        (["a", "b"], "c"),
        (["b", "c"], "d"),
        (["5"], "6"),
    ]
    generated = markov_sessions(seed=1, count=40)
    assert len(list(next_item_cases(generated))) == sum(len(s) - 1 for s in generated)


def test_next_item_cases_checks_at_call_time() -> None:
    with pytest.raises(ConfigError, match="history must be an int >= 1"):
        next_item_cases([["a", "b"]], history=0)
    with pytest.raises(CorpusError, match="is a float"):
        next_item_cases([["a", 2.5]])  # type: ignore[list-item]


# ------------------------------------------------------------------ popularity


def test_popularity_ranks_by_count_then_item() -> None:
    sessions = [["b", "c", "a"], ["c", "d", "b"], ["c", "e"], [7, "b"]]
    pop = PopularityRecommender.fit(sessions)
    assert pop.counts == {"b": 3, "c": 3, "a": 1, "d": 1, "e": 1, "7": 1}
    assert isinstance(pop, Recommender)
    top = pop.recommend([], k=3)
    assert [item for item, _ in top] == ["b", "c", "7"]
    assert [score for _, score in top] == [0.3, 0.3, 0.1]
    assert [i for i, _ in pop.recommend(["b", "7"], k=3)] == ["c", "a", "d"]
    assert [i for i, _ in pop.recommend(["b", "7"], k=3, exclude_seen=False)] == ["b", "c", "7"]
    # k past the catalogue: everything left, nothing invented
    assert [i for i, _ in pop.recommend(["c"], k=100)] == ["b", "7", "a", "d", "e"]
    assert sum(score for _, score in pop.recommend([], k=100, exclude_seen=False)) == pytest.approx(
        1.0
    )
    assert repr(pop) == "PopularityRecommender(<6 items>)"


def test_popularity_constructor_and_fit_checks() -> None:
    assert PopularityRecommender({"x": 2, "y": 5}).recommend([], k=1) == [("y", 5 / 7)]
    with pytest.raises(ConfigError, match="count of 'x' must be an int >= 1"):
        PopularityRecommender({"x": 0})
    with pytest.raises(ConfigError, match="items must be str"):
        PopularityRecommender({1: 3})  # type: ignore[dict-item]
    with pytest.raises(ConfigError, match="counts is empty"):
        PopularityRecommender({})
    with pytest.raises(ConfigError, match="must be a mapping"):
        PopularityRecommender([("x", 1)])  # type: ignore[arg-type]
    with pytest.raises(CorpusError, match="hold no item"):
        PopularityRecommender.fit([[], []])
    pop = PopularityRecommender({"x": 1})
    with pytest.raises(ConfigError, match="k must be an int >= 1"):
        pop.recommend(["x"], k=0)
    with pytest.raises(ConfigError, match="exclude_seen must be True or False"):
        pop.recommend(["x"], exclude_seen=1)  # type: ignore[arg-type]


# ------------------------------------------------------------------ metrics


def test_metrics_on_a_fixed_ranking_by_hand() -> None:
    ranking = FixedRanking(["a", "b", "c", "d", "e", "f"])
    cases = [
        (["x"], "a"),  # rank 1
        (["x"], "c"),  # rank 3
        (["x"], "f"),  # rank 6: past the cut-off 5
        (["x"], "zz"),  # not recommended at all
    ]
    report = evaluate_next_item(ranking, cases, ks=(5, 1, 3, 3))
    assert report.ks == (1, 3, 5)
    assert report.cutoff == 5
    assert dict(report.hits) == {1: 1, 3: 2, 5: 2}
    assert report.hit_rate == {1: 0.25, 3: 0.5, 5: 0.5}
    assert report.mrr == pytest.approx((1 + 1 / 3) / 4)
    assert report.n == 4
    assert report.n_unscored == 0
    assert report.exclude_seen is False
    # the recommender was asked once per case, for max(ks) items, without exclusion
    assert ranking.calls == [(["x"], 5, False)] * 4


def test_results_past_the_cutoff_are_ignored() -> None:
    class Greedy:
        def recommend(
            self, items: Sequence[str], k: int = 10, *, exclude_seen: bool = True
        ) -> list[tuple[str, float]]:
            return [(f"i{n}", 1.0) for n in range(1000)]  # ignores k

    cases = [(["a"], "i1"), (["a"], "i9"), (["a"], "i10")]  # ranks 2, 10 and 11
    report = evaluate_next_item(Greedy(), cases, ks=(2, 10))
    assert report.hit_rate == {2: 1 / 3, 10: 2 / 3}
    assert report.mrr == pytest.approx((1 / 2 + 1 / 10) / 3)
    report = evaluate_next_item(Greedy(), [(["a"], "i1"), (["a"], "i10")], ks=(2,))
    assert report.hit_rate == {2: 0.5}
    assert report.mrr == pytest.approx(0.25)


def test_unscorable_cases_count_as_misses() -> None:
    ranking = FixedRanking(["a", "b"], unknown=frozenset({"u1", "u2"}))
    cases = [(["u1"], "a"), (["u1", "u2"], "a"), (["u1", "k"], "a"), (["k"], "b")]
    report = evaluate_next_item(ranking, cases, ks=(1, 2))
    assert report.n == 4
    assert report.n_unscored == 2
    assert report.hit_rate == {1: 0.25, 2: 0.5}
    assert report.mrr == pytest.approx((1 + 0.5) / 4)


def test_exclude_seen_is_passed_and_makes_repeats_misses() -> None:
    pop = PopularityRecommender({"a": 5, "b": 3, "c": 1})
    cases = [(["a", "b"], "a"), (["c"], "a"), (["a"], "b")]
    kept = evaluate_next_item(pop, cases, ks=(1, 2))
    assert kept.hit_rate == {1: 2 / 3, 2: 1.0}
    dropped = evaluate_next_item(pop, cases, ks=(1, 2), exclude_seen=True)
    assert dropped.exclude_seen is True
    # the repeated "a" can no longer be recommended; the others move up
    assert dropped.hit_rate == {1: 2 / 3, 2: 2 / 3}
    assert dropped.mrr == pytest.approx(2 / 3)
    ranking = FixedRanking(["a"])
    evaluate_next_item(ranking, [(["q"], "a")], ks=(3,), exclude_seen=True)
    assert ranking.calls == [(["q"], 3, True)]


def test_planted_transitions_beat_popularity() -> None:
    sessions = markov_sessions(seed=5)
    train, test = split_sessions(sessions, test_fraction=0.25, seed=0)
    cases = list(next_item_cases(test, history=3))
    popular = evaluate_next_item(PopularityRecommender.fit(train), cases, ks=(1, 10))
    chain = evaluate_next_item(Transitions(train), cases, ks=(1, 10))
    assert chain.hit_rate[1] > 0.8  # the planted successor is right ~90% of the time
    assert popular.hit_rate[1] < 0.15  # 40 items, no favourite
    assert chain.mrr > 3 * popular.mrr
    table = compare({"transitions": chain, "popularity": popular})
    assert table.columns == ("model", "cases", "unscored", "hit@1 %", "hit@10 %", "mrr@10")
    assert [row[0] for row in table.rows] == ["transitions", "popularity"]
    assert table.rows[0][3] == f"{100 * chain.hit_rate[1]:.2f}"
    assert table.numeric == (False, True, True, True, True, True)


def test_report_renderings() -> None:
    report = evaluate_next_item(
        FixedRanking(["a", "b", "c"]), [(["x"], "b"), (["x"], "q")], ks=(1, 3)
    )
    data = report.to_dict()
    assert data == {
        "n": 2,
        "n_unscored": 0,
        "exclude_seen": False,
        "hit_rate@1": 0.0,
        "hit_rate@3": 0.5,
        "mrr@3": 0.25,
    }
    assert json.loads(json.dumps(data)) == data
    assert report.rows() == [
        ("hit_rate@1", 0.0),
        ("hit_rate@3", 0.5),
        ("mrr@3", 0.25),
        ("cases", 2),
        ("unscored", 0),
    ]
    assert report.to_text().splitlines()[2] == "mrr@3       0.2500"
    other = NextItemReport((5,), {5: 1}, 0.5, 2, 0, True)
    table = compare({"m1": report, "m2": other})
    assert table.columns == ("model", "cases", "unscored", "hit@1 %", "hit@3 %", "hit@5 %", "mrr")
    assert table.rows[1] == ("m2", "2", "0", "-", "-", "50.00", "0.5000")
    assert "history excluded" in table.title
    with pytest.raises(ConfigError, match="reports is empty"):
        compare({})


def test_bad_evaluation_inputs() -> None:
    ranking = FixedRanking(["a"])
    with pytest.raises(CorpusError, match="no test cases"):
        evaluate_next_item(ranking, [])
    with pytest.raises(CorpusError, match=r"test case 1 must be a \(history, target\) pair"):
        evaluate_next_item(ranking, [(["a"], "b"), ("a b", "c")])
    with pytest.raises(CorpusError, match="test case 0"):
        evaluate_next_item(ranking, [(["a"], 3.0)])  # type: ignore[list-item]
    with pytest.raises(CorpusError, match="test case 0"):
        evaluate_next_item(ranking, [(["a"], "")])
    with pytest.raises(CorpusError, match="test case 0"):
        evaluate_next_item(ranking, [(b"ab", "a")])  # type: ignore[list-item]
    for ks in [(), (0, 5), [True], "15", (2.0,)]:
        with pytest.raises(ConfigError, match="ks must be a non-empty sequence of ints >= 1"):
            evaluate_next_item(ranking, [(["a"], "b")], ks=ks)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="exclude_seen must be True or False"):
        evaluate_next_item(ranking, [(["a"], "b")], exclude_seen=0)  # type: ignore[arg-type]

    class Bare:
        def recommend(
            self, items: Sequence[str], k: int = 10, *, exclude_seen: bool = True
        ) -> list[str]:
            return ["a", "b"]

    with pytest.raises(ConfigError, match=r"\(item, score\) pairs; got 'a' at position 1"):
        evaluate_next_item(Bare(), [(["x"], "b")])  # type: ignore[arg-type]
    # tuple histories are accepted
    assert evaluate_next_item(ranking, [(("x",), "a")]).hit_rate[1] == 1.0  # type: ignore[list-item]


def test_integer_item_ids_are_compared_as_strings() -> None:
    class IntIds:
        """Like an ItemModel trained on int ids: returns ints."""

        def recommend(
            self, items: Sequence[str], k: int = 10, *, exclude_seen: bool = True
        ) -> list[tuple[int, float]]:
            assert all(isinstance(item, str) for item in items)
            return [(7, 0.9), (3, 0.5), (10, 0.1)][:k]

    _, cases = leave_last_out([[1, 2, 3], [4, 10], [5, 6]])
    assert cases == [(["1", "2"], "3"), (["4"], "10"), (["5"], "6")]
    report = evaluate_next_item(IntIds(), cases, ks=(1, 3))
    assert report.hit_rate == {1: 0.0, 3: 2 / 3}
    assert report.mrr == pytest.approx((1 / 2 + 1 / 3) / 3)
    # int targets given directly are accepted too
    assert evaluate_next_item(IntIds(), [(["1"], 7)], ks=(1,)).hit_rate == {1: 1.0}  # type: ignore[list-item]
