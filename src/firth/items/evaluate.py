"""Next-item evaluation for item embeddings: splits, a popularity baseline, hit rate and MRR.

The protocol is the one of session-based recommendation: show a recommender the items of
a session so far (the history) and check whether the item that actually came next (the
target) is among its top ``k`` recommendations.

* :func:`leave_last_out` holds out the last item of every session;
  :func:`split_sessions` holds out whole sessions and :func:`next_item_cases` turns them
  into one case per position;
* anything with a ``recommend`` method (:class:`Recommender`) can be evaluated, such as
  the :class:`PopularityRecommender` baseline, which every model should beat;
* :func:`evaluate_next_item` gives hit rate at several ``k`` and the mean reciprocal rank
  (:class:`NextItemReport`); :func:`compare` puts several reports side by side.

Examples
--------
>>> from firth.items.evaluate import (PopularityRecommender, evaluate_next_item,
...                                   leave_last_out)
>>> sessions = [["a", "b", "c"], ["a", "b"], ["b", "c"], ["c", "a", "b"]]
>>> train, cases = leave_last_out(sessions)
>>> cases[0]
(['a', 'b'], 'c')
>>> baseline = PopularityRecommender.fit(train)
>>> report = evaluate_next_item(baseline, cases, ks=(1, 2))
>>> report.hit_rate, report.mrr
({1: 0.0, 2: 0.5}, 0.25)
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol, TypeAlias, runtime_checkable

from firth.errors import ConfigError, CorpusError, UnknownWordError
from firth.evaluate.report import ReportTable
from firth.items.sessions import Sessions, as_sessions

__all__ = [
    "Case",
    "NextItemReport",
    "PopularityRecommender",
    "Recommender",
    "compare",
    "evaluate_next_item",
    "leave_last_out",
    "next_item_cases",
    "split_sessions",
]

logger = logging.getLogger(__name__)

Case: TypeAlias = tuple[list[str], str]
"""A next-item test case: the history (items so far, oldest first) and the target."""

SessionsLike: TypeAlias = Sessions | Iterable[Sequence[str | int]]


@runtime_checkable
class Recommender(Protocol):
    """Anything that recommends items from a history of items.

    ``recommend(items, k, exclude_seen=...)`` returns at most ``k`` ``(item, score)`` pairs,
    best first. Items are ``str``, or ``int`` for a recommender trained on integer ids (such
    as an :class:`~firth.items.ItemModel`): the evaluation compares them as strings. With
    ``exclude_seen=True`` no item of ``items`` is returned. A recommender that cannot score
    a history at all (every item unknown to it) raises
    :class:`~firth.errors.UnknownWordError`.
    """

    def recommend(
        self, items: Sequence[str], k: int = 10, *, exclude_seen: bool = True
    ) -> Sequence[tuple[str | int, float]]:
        """The ``k`` best next items after ``items``, as ``(item, score)``, best first."""
        ...


def leave_last_out(
    sessions: SessionsLike, *, min_length: int = 2
) -> tuple[list[list[str]], list[Case]]:
    """Hold out the last item of every session: training sessions and test cases.

    Parameters
    ----------
    sessions
        :class:`~firth.items.sessions.Sessions`, or sessions held in memory (lists of
        ``str`` or ``int`` items, see :func:`~firth.items.sessions.as_sessions`).
    min_length
        Sessions of at least this many items (at least 2) give a test case; shorter ones
        go whole into the training sessions and are not tested.

    Returns
    -------
    train : list of list of str
        Every session, without its last item when it gave a test case, in order.
    cases : list of (list of str, str)
        For every tested session, its items but the last (the history) and its last item
        (the target), in order.

    Examples
    --------
    >>> train, cases = leave_last_out([["a", "b", "c"], ["d"], [1, 2]])
    >>> train
    [['a', 'b'], ['d'], ['1']]
    >>> cases
    [(['a', 'b'], 'c'), (['1'], '2')]
    """
    _check_int("leave_last_out", "min_length", min_length, 2)
    train: list[list[str]] = []
    cases: list[Case] = []
    for session in as_sessions(sessions):
        if len(session) >= min_length:
            train.append(session[:-1])
            cases.append((session[:-1], session[-1]))
        else:
            train.append(session)
    return train, cases


def split_sessions(
    sessions: SessionsLike, *, test_fraction: float = 0.2, seed: int = 0
) -> tuple[list[list[str]], list[list[str]]]:
    """Hold out whole sessions, chosen at random: training and test sessions.

    Parameters
    ----------
    sessions
        :class:`~firth.items.sessions.Sessions`, or sessions held in memory.
    test_fraction
        The share of sessions held out, in ``(0, 1)``: ``round(test_fraction * n)``
        sessions, but at least one and at most ``n - 1`` so that neither side is empty.
    seed
        The choice is a function of ``seed`` and the number of sessions only (Python's
        :class:`random.Random`), the same on every run and platform.

    Returns
    -------
    train, test : list of list of str
        The two parts, each in the original order of the sessions.

    Raises
    ------
    CorpusError
        There are fewer than two sessions.

    Examples
    --------
    >>> sessions = [[str(i), str(i + 1)] for i in range(10)]
    >>> train, test = split_sessions(sessions, test_fraction=0.3, seed=1)
    >>> len(train), len(test)
    (7, 3)
    >>> split_sessions(sessions, test_fraction=0.3, seed=1) == (train, test)
    True
    """
    fraction_ok = isinstance(test_fraction, (int, float)) and not isinstance(test_fraction, bool)
    if not fraction_ok or not 0 < test_fraction < 1:
        raise ConfigError(
            f"split_sessions: test_fraction must be a number in (0, 1); got {test_fraction!r}."
        )
    _check_int("split_sessions", "seed", seed, 0)
    everything = list(as_sessions(sessions))
    count = len(everything)
    if count < 2:
        raise CorpusError(
            f"split_sessions needs at least 2 sessions to hold some out; got {count}."
        )
    held = min(max(round(test_fraction * count), 1), count - 1)
    chosen = set(random.Random(seed).sample(range(count), held))
    train = [s for i, s in enumerate(everything) if i not in chosen]
    test = [s for i, s in enumerate(everything) if i in chosen]
    return train, test


def next_item_cases(test_sessions: SessionsLike, *, history: int | None = None) -> Iterator[Case]:
    """One case per position of every session: the items before it, and the item there.

    A session of ``n`` items gives ``n - 1`` cases (positions ``1`` to ``n - 1``), as in
    the evaluation of session-based recommenders. Cases are produced lazily (their
    histories take memory quadratic in the session length); wrap the call in ``list`` to
    evaluate several recommenders on the same cases.

    Parameters
    ----------
    test_sessions
        :class:`~firth.items.sessions.Sessions`, or sessions held in memory.
    history
        Keep only the last ``history`` items of each history (at least 1); ``None``
        (default) keeps the whole session so far.

    Yields
    ------
    (list of str, str)
        The history, oldest item first, and the target.

    Examples
    --------
    >>> list(next_item_cases([["a", "b", "c"], ["d"]]))
    [(['a'], 'b'), (['a', 'b'], 'c')]
    >>> list(next_item_cases([["a", "b", "c"]], history=1))
    [(['a'], 'b'), (['b'], 'c')]
    """
    if history is not None:
        _check_int("next_item_cases", "history", history, 1)
    checked = as_sessions(test_sessions)
    return _cases(checked, history)


def _cases(sessions: Sessions, history: int | None) -> Iterator[Case]:
    for session in sessions:
        for position in range(1, len(session)):
            start = 0 if history is None else max(0, position - history)
            yield session[start:position], session[position]


class PopularityRecommender:
    """Recommends the most frequent items, whatever the history: the baseline to beat.

    Items are ranked by count, most frequent first, ties broken by item id (ascending);
    the score of an item is its share of all counted events.

    Parameters
    ----------
    counts
        How often each item occurs (counts >= 1).

    Examples
    --------
    >>> pop = PopularityRecommender.fit([["a", "b"], ["b", "c"], ["b", "a"]])
    >>> pop.recommend(["b"], k=2)
    [('a', 0.3333333333333333), ('c', 0.16666666666666666)]
    >>> pop.recommend(["b"], k=2, exclude_seen=False)
    [('b', 0.5), ('a', 0.3333333333333333)]
    """

    def __init__(self, counts: Mapping[str, int]) -> None:
        if not isinstance(counts, Mapping):
            raise ConfigError(
                "PopularityRecommender: counts must be a mapping from item to count; got "
                f"{type(counts).__name__}. Use PopularityRecommender.fit(sessions) to count."
            )
        for item, count in counts.items():
            if not isinstance(item, str):
                raise ConfigError(
                    f"PopularityRecommender: items must be str; got {item!r} "
                    f"({type(item).__name__})."
                )
            if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                raise ConfigError(
                    f"PopularityRecommender: the count of {item!r} must be an int >= 1; "
                    f"got {count!r}."
                )
        if not counts:
            raise ConfigError("PopularityRecommender: counts is empty; there is nothing to rank.")
        total = sum(counts.values())
        ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
        self._counts = dict(ranked)
        self._ranking = [(item, count / total) for item, count in ranked]

    @classmethod
    def fit(cls, sessions: SessionsLike) -> PopularityRecommender:
        """Count the items of ``sessions`` (every occurrence counts).

        Raises
        ------
        CorpusError
            The sessions hold no item.
        """
        counts: Counter[str] = Counter()
        for session in as_sessions(sessions):
            counts.update(session)
        if not counts:
            raise CorpusError("PopularityRecommender.fit: the sessions hold no item.")
        return cls(counts)

    @property
    def counts(self) -> dict[str, int]:
        """Item counts, most frequent first (a copy)."""
        return dict(self._counts)

    def recommend(
        self, items: Sequence[str], k: int = 10, *, exclude_seen: bool = True
    ) -> list[tuple[str, float]]:
        """The ``k`` most frequent items, as ``(item, share of events)``, best first.

        With ``exclude_seen=True`` (default) items of ``items`` are skipped. Fewer than
        ``k`` pairs come back when the catalogue runs out.
        """
        _check_int("recommend", "k", k, 1)
        if not isinstance(exclude_seen, bool):
            raise ConfigError(
                f"recommend: exclude_seen must be True or False; got {exclude_seen!r}."
            )
        if not exclude_seen:
            return self._ranking[:k]
        seen = set(items)
        chosen = (pair for pair in self._ranking if pair[0] not in seen)
        return list(islice(chosen, k))

    def __repr__(self) -> str:
        return f"PopularityRecommender(<{len(self._counts)} items>)"


@dataclass(frozen=True)
class NextItemReport:
    """Results of :func:`evaluate_next_item`.

    Parameters
    ----------
    ks
        The cut-offs, ascending.
    hits
        For each ``k``, how many cases had the target in the top ``k``.
    mrr
        Mean reciprocal rank at ``max(ks)``: ``1 / rank`` of the target when it is in the
        top ``max(ks)``, else 0, averaged over all cases.
    n
        The number of cases, unscored ones included.
    n_unscored
        Cases the recommender could not score (it raised
        :class:`~firth.errors.UnknownWordError`, e.g. every history item unknown to it).
        They count as misses, so a model cannot look better by refusing cases.
    exclude_seen
        Whether the history items were excluded from the recommendations.
    """

    ks: tuple[int, ...]
    hits: Mapping[int, int]
    mrr: float
    n: int
    n_unscored: int
    exclude_seen: bool

    @property
    def cutoff(self) -> int:
        """The largest ``k``, at which the MRR is cut."""
        return self.ks[-1]

    @property
    def hit_rate(self) -> dict[int, float]:
        """For each ``k``, the share of cases with the target in the top ``k``."""
        return {k: self.hits[k] / self.n for k in self.ks}

    def to_dict(self) -> dict[str, Any]:
        """The report as a flat, JSON-ready dictionary (``"hit_rate@10"``, ``"mrr@20"`` …).

        Examples
        --------
        >>> report = NextItemReport((1, 2), {1: 1, 2: 3}, 0.5, 4, 1, False)
        >>> report.to_dict()  # doctest: +NORMALIZE_WHITESPACE
        {'n': 4, 'n_unscored': 1, 'exclude_seen': False, 'hit_rate@1': 0.25,
         'hit_rate@2': 0.75, 'mrr@2': 0.5}
        """
        data: dict[str, Any] = {
            "n": self.n,
            "n_unscored": self.n_unscored,
            "exclude_seen": self.exclude_seen,
        }
        for k, rate in self.hit_rate.items():
            data[f"hit_rate@{k}"] = rate
        data[f"mrr@{self.cutoff}"] = self.mrr
        return data

    def rows(self) -> list[tuple[str, float | int]]:
        """``(metric, value)`` rows: each hit rate, the MRR, the cases and unscored cases.

        Examples
        --------
        >>> NextItemReport((1, 2), {1: 1, 2: 3}, 0.5, 4, 1, False).rows()
        [('hit_rate@1', 0.25), ('hit_rate@2', 0.75), ('mrr@2', 0.5), ('cases', 4), ('unscored', 1)]
        """
        rows: list[tuple[str, float | int]] = [
            (f"hit_rate@{k}", rate) for k, rate in self.hit_rate.items()
        ]
        rows.append((f"mrr@{self.cutoff}", self.mrr))
        rows.append(("cases", self.n))
        rows.append(("unscored", self.n_unscored))
        return rows

    def to_text(self) -> str:
        """The report as aligned ``metric  value`` lines.

        Examples
        --------
        >>> print(NextItemReport((1, 2), {1: 1, 2: 3}, 0.5, 4, 1, False).to_text())
        hit_rate@1  0.2500
        hit_rate@2  0.7500
        mrr@2       0.5000
        cases            4
        unscored         1
        """
        cells = [(name, f"{v:.4f}" if isinstance(v, float) else str(v)) for name, v in self.rows()]
        left = max(len(name) for name, _ in cells)
        right = max(len(value) for _, value in cells)
        return "\n".join(f"{name.ljust(left)}  {value.rjust(right)}" for name, value in cells)


def evaluate_next_item(
    recommender: Recommender,
    cases: Iterable[Case],
    *,
    ks: Sequence[int] = (1, 5, 10, 20),
    exclude_seen: bool = False,
) -> NextItemReport:
    """Hit rate at each ``k`` and MRR of ``recommender`` on next-item ``cases``.

    For each case the recommender is asked for its top ``max(ks)`` items after the
    history; the target's rank is its position in that list (the first occurrence;
    anything past ``max(ks)`` is ignored). A case the recommender cannot score
    (:class:`~firth.errors.UnknownWordError`) is a miss, and is counted in
    :attr:`NextItemReport.n_unscored`. Targets the recommender has never seen are misses
    too: a model is not rewarded for a small catalogue.

    Parameters
    ----------
    recommender
        Anything with a ``recommend(items, k, *, exclude_seen)`` method
        (:class:`Recommender`).
    cases
        ``(history, target)`` pairs, e.g. from :func:`leave_last_out` or
        :func:`next_item_cases`; read once.
    ks
        Cut-offs (ints >= 1); the MRR is cut at the largest.
    exclude_seen
        Passed to ``recommend``. ``False`` (default) because in sessions items do repeat
        (a song played again): excluding the history would make every repeated target a
        certain miss. ``True`` matches the protocols that remove repeats from the test.

    Returns
    -------
    NextItemReport

    Raises
    ------
    CorpusError
        ``cases`` is empty, or a case is not a ``(history, target)`` pair of a list of
        items and an item (``str``, or ``int`` which is compared as its decimal string).

    Examples
    --------
    >>> class Fixed:
    ...     def recommend(self, items, k=10, *, exclude_seen=True):
    ...         return [("x", 0.9), ("y", 0.5), ("z", 0.1)][:k]
    >>> report = evaluate_next_item(Fixed(), [(["a"], "y"), (["b"], "w")], ks=(1, 3))
    >>> report.hit_rate, report.mrr
    ({1: 0.0, 3: 0.5}, 0.25)
    """
    chosen = _check_ks(ks)
    if not isinstance(exclude_seen, bool):
        raise ConfigError(
            f"evaluate_next_item: exclude_seen must be True or False; got {exclude_seen!r}."
        )
    cutoff = chosen[-1]
    hits = dict.fromkeys(chosen, 0)
    reciprocal = 0.0
    count = unscored = 0
    for number, case in enumerate(cases):
        history, target = _check_case(case, number)
        count += 1
        try:
            recommended = recommender.recommend(history, cutoff, exclude_seen=exclude_seen)
        except UnknownWordError:
            unscored += 1
            continue
        rank = _rank(recommended, target, cutoff)
        if rank is None:
            continue
        reciprocal += 1.0 / rank
        for k in chosen:
            if rank <= k:
                hits[k] += 1
    if count == 0:
        raise CorpusError(
            "evaluate_next_item: there are no test cases; sessions need at least 2 items to "
            "give one."
        )
    report = NextItemReport(
        ks=chosen,
        hits=hits,
        mrr=reciprocal / count,
        n=count,
        n_unscored=unscored,
        exclude_seen=exclude_seen,
    )
    logger.info(
        "next-item evaluation: %d cases (%d unscored), hit_rate@%d %.4f, mrr@%d %.4f",
        count,
        unscored,
        cutoff,
        report.hit_rate[cutoff],
        cutoff,
        report.mrr,
    )
    return report


def compare(reports: Mapping[str, NextItemReport]) -> ReportTable:
    """Several reports side by side, one row per model, ready to draw.

    Hit rates are percentages; a cut-off missing from a report shows as ``-``.

    Examples
    --------
    >>> a = NextItemReport((1, 5), {1: 1, 5: 2}, 0.55, 4, 0, False)
    >>> b = NextItemReport((1, 5), {1: 0, 5: 1}, 0.05, 4, 2, False)
    >>> table = compare({"item2vec": a, "popularity": b})
    >>> table.columns
    ('model', 'cases', 'unscored', 'hit@1 %', 'hit@5 %', 'mrr@5')
    >>> table.rows[0]
    ('item2vec', '4', '0', '25.00', '50.00', '0.5500')
    """
    if not reports:
        raise ConfigError("compare: reports is empty; pass {'model name': report, ...}.")
    ks = sorted({k for report in reports.values() for k in report.ks})
    cutoffs = {report.cutoff for report in reports.values()}
    mrr = f"mrr@{cutoffs.pop()}" if len(cutoffs) == 1 else "mrr"  # cut at each one's max k
    columns = ("model", "cases", "unscored", *(f"hit@{k} %" for k in ks), mrr)
    rows = []
    for name, report in reports.items():
        rates = report.hit_rate
        cells = [f"{100 * rates[k]:.2f}" if k in rates else "-" for k in ks]
        rows.append((name, str(report.n), str(report.n_unscored), *cells, f"{report.mrr:.4f}"))
    title = "next-item prediction" + (" (history excluded)" if _any_excluded(reports) else "")
    return ReportTable(
        title=title,
        columns=columns,
        rows=tuple(rows),
        numeric=(False, *([True] * (len(columns) - 1))),
    )


def _any_excluded(reports: Mapping[str, NextItemReport]) -> bool:
    return any(report.exclude_seen for report in reports.values())


def _rank(recommended: object, target: str, cutoff: int) -> int | None:
    if not isinstance(recommended, Sequence) or isinstance(recommended, (str, bytes)):
        raise ConfigError(
            "evaluate_next_item: recommend() must return a list of (item, score) pairs; "
            f"got {type(recommended).__name__} ({recommended!r:.60})."
        )
    for position, pair in enumerate(islice(recommended, cutoff), start=1):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ConfigError(
                "evaluate_next_item: recommend() must return (item, score) pairs; got "
                f"{pair!r:.60} at position {position}."
            )
        item = pair[0]
        if item == target or (isinstance(item, int) and str(item) == target):
            return position
    return None


def _check_case(case: object, number: int) -> Case:
    if isinstance(case, tuple) and len(case) == 2:
        history, target = case
        if isinstance(target, int) and not isinstance(target, bool):
            target = str(target)
        if isinstance(target, str) and target:
            if isinstance(history, list):
                return history, target
            if isinstance(history, Sequence) and not isinstance(history, (str, bytes)):
                return list(history), target
    raise CorpusError(
        f"test case {number} must be a (history, target) pair: a list of items and an item "
        f"(a non-empty str or an int); got {case!r:.80}. next_item_cases and leave_last_out "
        "make such cases."
    )


def _check_ks(ks: object) -> tuple[int, ...]:
    values = list(ks) if isinstance(ks, Sequence) and not isinstance(ks, str) else None
    if not values or any(isinstance(k, bool) or not isinstance(k, int) or k < 1 for k in values):
        raise ConfigError(
            f"evaluate_next_item: ks must be a non-empty sequence of ints >= 1; got {ks!r}."
        )
    return tuple(sorted(set(values)))


def _check_int(owner: str, name: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"{owner}: {name} must be an int >= {minimum}; got {value!r}.")
