"""The Word Embedding Association Test (WEAT) of Caliskan et al. (2017).

Two sets of target words ``X`` and ``Y`` (e.g. male and female occupations) and two sets
of attribute words ``A`` and ``B`` (e.g. male and female terms). Each target word's
association is ``s(w, A, B) = mean_a cos(w, a) - mean_b cos(w, b)``; the test statistic
is ``sum_x s(x) - sum_y s(y)``, the effect size the difference of the mean associations
over the standard deviation of all of them, and the one-sided p-value the share of
equal-size partitions of ``X ∪ Y`` whose statistic exceeds the observed one.

The associations are computed once per word; the permutation test then only sums them,
so thousands of partitions take milliseconds.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from firth.bias._checks import (
    OnMissing,
    check_on_missing,
    check_word_set,
    finite_or_none,
    split_known,
)
from firth.errors import ConfigError
from firth.queries._checks import check_optional_positive_int, check_seed

if TYPE_CHECKING:
    from firth.embeddings import Embeddings

__all__ = ["EXACT_LIMIT", "WEATResult", "weat"]

logger = logging.getLogger(__name__)

#: The most partitions an exact test enumerates (``C(2n, n)``; n = 11 gives 705,432).
EXACT_LIMIT = 1_000_000
# Associations spread less than this are equal up to float32 rounding.
_TIED_SPREAD = 1e-6
# Values (partitions x set size) handled per block of the permutation test.
_BLOCK_VALUES = 1 << 20


@dataclass(frozen=True)
class WEATResult:
    """The outcome of :func:`weat`.

    Attributes
    ----------
    effect_size
        Caliskan et al.'s d: ``(mean_x s(x) - mean_y s(y)) / std_{w in X ∪ Y} s(w)``,
        with the sample standard deviation (``ddof=1``). Between about -2 and 2;
        positive when ``X`` is closer to ``A`` (and ``Y`` to ``B``) than the reverse.
        NaN when every association is equal (their spread is below 1e-6, the
        precision of float32 cosines): then nothing separates ``X`` from ``Y``.
    p_value
        One-sided permutation p-value ``P(stat(X_i, Y_i) > stat(X, Y))`` over the
        equal-size partitions ``(X_i, Y_i)`` of ``X ∪ Y``: small when the association
        is stronger than chance. Exact when ``exact``, else estimated from
        ``n_permutations`` random partitions. 1 when the effect size is NaN (every
        partition ties with the observed one, so there is no evidence of association).
    statistic
        ``sum_x s(x, A, B) - sum_y s(y, A, B)``.
    n_permutations
        Partitions evaluated (all ``C(2n, n)`` of them when ``exact``).
    exact
        Whether every partition was enumerated.
    x_association, y_association
        The mean association ``s(w, A, B)`` over ``X`` and over ``Y``.
    sizes
        The sizes of ``X``, ``Y``, ``A``, ``B`` that were used.
    missing
        Unknown words left out (only with ``on_missing="drop"``).
    """

    effect_size: float
    p_value: float
    statistic: float
    n_permutations: int
    exact: bool
    x_association: float
    y_association: float
    sizes: tuple[int, int, int, int]
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (an undefined effect size is ``None``)."""
        return {
            "effect_size": finite_or_none(self.effect_size),
            "p_value": self.p_value,
            "statistic": self.statistic,
            "n_permutations": self.n_permutations,
            "exact": self.exact,
            "x_association": self.x_association,
            "y_association": self.y_association,
            "sizes": dict(zip("XYAB", self.sizes, strict=True)),
            "missing": list(self.missing),
        }


def weat(
    emb: Embeddings,
    x: Sequence[str],
    y: Sequence[str],
    a: Sequence[str],
    b: Sequence[str],
    *,
    permutations: int | None = 10_000,
    seed: int = 0,
    on_missing: OnMissing = "raise",
) -> WEATResult:
    """The Word Embedding Association Test of targets ``x``, ``y`` and attributes ``a``, ``b``.

    Tests whether the target words ``x`` are closer (by cosine) to the attribute words
    ``a`` than to ``b``, compared with the targets ``y``: e.g. ``x`` = male-typed
    occupations, ``y`` = female-typed ones, ``a`` = male terms, ``b`` = female terms.
    See :class:`WEATResult` for the formulas.

    Parameters
    ----------
    emb
        The embeddings.
    x, y
        Target words: two disjoint sets of the same size, without repeats.
    a, b
        Attribute words: two disjoint non-empty sets (their sizes may differ).
    permutations
        Random partitions for the p-value. ``None``, or a number at least the count of
        partitions ``C(2n, n)`` (``n = len(x)``), enumerates every partition instead (an
        exact test, up to :data:`EXACT_LIMIT` partitions).
    seed
        Seed of the random partitions: the same seed and words give the same p-value.
    on_missing
        ``"raise"``: unknown words are an error listing all of them. ``"drop"``: they
        are left out and listed in :attr:`WEATResult.missing` (the target sets must
        still have equal sizes).

    Returns
    -------
    WEATResult

    Raises
    ------
    UnknownWordError
        If words are unknown and ``on_missing="raise"`` (every one is listed).
    ConfigError
        If a set is empty or repeats a word, ``x`` and ``y`` (or ``a`` and ``b``)
        overlap or ``x`` and ``y`` differ in size, ``permutations`` is not ``None`` or an
        integer >= 1, or an exact test would need more than :data:`EXACT_LIMIT`
        partitions.

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> words = ["he", "she", "doctor", "nurse", "pilot", "dancer"]
    >>> vectors = [[1, 1], [1, -1], [1, 0.5], [1, -0.6], [1, 0.4], [1, -0.3]]
    >>> emb = Embeddings(Vocab(words), vectors)
    >>> result = weat(emb, ["doctor", "pilot"], ["nurse", "dancer"], ["he"], ["she"])
    >>> round(result.effect_size, 3), result.p_value, result.exact, result.n_permutations
    (1.695, 0.0, True, 6)
    """
    policy = check_on_missing(on_missing)
    sets = {
        name: check_word_set(words, name)
        for name, words in (("x", x), ("y", y), ("a", a), ("b", b))
    }
    for first, second in (("x", "y"), ("a", "b")):
        shared = sorted(set(sets[first]) & set(sets[second]))
        if shared:
            raise ConfigError(
                f"{first} and {second} must be disjoint word sets; both hold {shared!r}."
            )
    rounds = check_optional_positive_int("permutations", permutations)
    rng_seed = check_seed(seed)
    missing: list[str] = []
    if policy == "raise":
        emb._indices(list(dict.fromkeys(w for words in sets.values() for w in words)))
    else:
        for name, words in sets.items():
            sets[name], unknown = split_known(emb, words)
            missing.extend(unknown)
        if missing:
            logger.info("weat: left out %d unknown words: %s", len(missing), missing)
        empty = [name for name, words in sets.items() if not words]
        if empty:
            raise ConfigError(
                f"after leaving out the unknown words {missing!r}, the set(s) {empty} are "
                "empty; give known words."
            )
    n = len(sets["x"])
    if n != len(sets["y"]):
        dropped = " (after leaving out unknown words)" if missing else ""
        raise ConfigError(
            f"x and y must hold the same number of words{dropped}; got {n} and "
            f"{len(sets['y'])}: add or remove target words so the sizes match."
        )

    scores = _associations(emb, sets["x"] + sets["y"], sets["a"], sets["b"])
    sx, sy = scores[:n], scores[n:]
    statistic = float(sx.sum() - sy.sum())
    spread = float(np.std(scores, ddof=1))
    tied = spread < _TIED_SPREAD
    effect = math.nan if tied else float((sx.mean() - sy.mean()) / spread)

    partitions = math.comb(2 * n, n)
    sampled = rounds is not None and rounds < partitions
    if not sampled and partitions > EXACT_LIMIT:
        raise ConfigError(
            f"an exact test over {partitions:,} partitions of {2 * n} target words is too "
            f"long (the limit is {EXACT_LIMIT:,}); pass permutations=10000 (or any number) "
            "to sample random partitions."
        )
    # stat(X_i, Y_i) = 2 * sum(s[X_i]) - sum(s), so comparing the sums is enough.
    observed = float(sx.sum())
    tolerance = 1e-9 * (1.0 + float(np.abs(scores).sum()))
    if rounds is not None and sampled:
        greater = _count_sampled(scores, n, observed + tolerance, rounds, rng_seed)
        count = rounds
    else:
        greater = _count_exact(scores, n, observed + tolerance)
        count = partitions
    return WEATResult(
        effect_size=effect,
        p_value=1.0 if tied else greater / count,
        statistic=statistic,
        n_permutations=count,
        exact=not sampled,
        x_association=float(sx.mean()),
        y_association=float(sy.mean()),
        sizes=(n, n, len(sets["a"]), len(sets["b"])),
        missing=tuple(missing),
    )


def _associations(
    emb: Embeddings, targets: list[str], a: list[str], b: list[str]
) -> npt.NDArray[np.float64]:
    """``s(w, A, B) = mean_a cos(w, a) - mean_b cos(w, b)`` for each target word."""
    unit = emb.unit_vectors

    def rows(words: list[str]) -> npt.NDArray[np.float64]:
        return unit[np.array(emb._indices(words), dtype=np.intp)].astype(np.float64)

    t = rows(targets)
    result: npt.NDArray[np.float64] = (t @ rows(a).T).mean(axis=1) - (t @ rows(b).T).mean(axis=1)
    return result


def _count_exact(scores: npt.NDArray[np.float64], n: int, threshold: float) -> int:
    """How many n-subsets of ``scores`` sum to more than ``threshold``."""
    combos = itertools.combinations(range(2 * n), n)
    per_block = max(1, _BLOCK_VALUES // n)
    greater = 0
    while True:
        flat = itertools.chain.from_iterable(itertools.islice(combos, per_block))
        block = np.fromiter(flat, dtype=np.intp).reshape(-1, n)
        if not len(block):
            return greater
        greater += int(np.count_nonzero(scores[block].sum(axis=1) > threshold))


def _count_sampled(
    scores: npt.NDArray[np.float64], n: int, threshold: float, rounds: int, seed: int
) -> int:
    """How many of ``rounds`` uniformly random n-subsets sum to more than ``threshold``."""
    rng = np.random.default_rng(seed)
    per_block = max(1, _BLOCK_VALUES // (2 * n))
    greater = 0
    for start in range(0, rounds, per_block):
        size = min(per_block, rounds - start)
        keys = rng.random((size, 2 * n))
        chosen = np.argpartition(keys, n - 1, axis=1)[:, :n]  # a uniform random n-subset
        greater += int(np.count_nonzero(scores[chosen].sum(axis=1) > threshold))
    return greater
