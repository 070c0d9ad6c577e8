"""Hard debiasing (Bolukbasi et al., 2016): neutralise and equalise, with a report.

*Neutralise* removes the component along the bias direction from the words that should
not carry it (occupations, adjectives …) and scales them back to length 1. *Equalise*
moves each pair of words that should differ only along the direction (``he``/``she``,
``grandfather``/``grandmother``) to two unit vectors symmetric about it, so that every
neutral word is at the same distance from both.

Like Bolukbasi et al.'s code, the result holds the *unit* vectors of every word (float32):
cosine queries on untouched words are unchanged, but the original lengths are not kept.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from firth.bias._checks import (
    OnMissing,
    check_on_missing,
    check_pairs,
    check_word_set,
    finite_or_none,
)
from firth.bias.direction import BiasDirection, DirectionLike, unit_direction
from firth.errors import ConfigError
from firth.queries._checks import check_positive_int

if TYPE_CHECKING:
    from firth.embeddings import Embeddings

__all__ = ["DebiasReport", "DebiasResult", "EqualizedPair", "ProjectionChange", "debias"]

# Rows processed at once (bounds the temporaries on large vocabularies).
_BLOCK_ROWS = 1 << 14


@dataclass(frozen=True)
class ProjectionChange:
    """A neutralised word's projection on the direction, before and after."""

    word: str
    before: float
    after: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {"word": self.word, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class EqualizedPair:
    """An equalised pair: projections and asymmetry before and after.

    Attributes
    ----------
    a, b
        The words (``a`` on the positive side after equalising when it was before).
    before, after
        The projections ``(cos(a, g), cos(b, g))`` on the direction ``g``.
    asymmetry_before, asymmetry_after
        The largest ``|cos(w, a) - cos(w, b)|`` over the neutralised words ``w``: 0 when
        every neutral word is as close to ``a`` as to ``b`` (NaN without neutral words).
    """

    a: str
    b: str
    before: tuple[float, float]
    after: tuple[float, float]
    asymmetry_before: float
    asymmetry_after: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "a": self.a,
            "b": self.b,
            "before": list(self.before),
            "after": list(self.after),
            "asymmetry_before": finite_or_none(self.asymmetry_before),
            "asymmetry_after": finite_or_none(self.asymmetry_after),
        }


@dataclass(frozen=True)
class DebiasReport:
    """What :func:`debias` changed.

    Attributes
    ----------
    direction
        How the direction was defined: ``BiasDirection.to_dict(vector=False)``, or
        ``{"method": "vector"}`` for a plain vector.
    neutralized
        How many words were neutralised.
    kept
        How many words were neither neutralised nor equalised (left as they were, apart
        from unit length): by default the specific and defining words.
    max_projection_before, max_projection_after
        The largest ``|cos(w, g)|`` over the neutralised words (NaN without any).
    direct_bias_before, direct_bias_after
        The mean ``|cos(w, g)|`` over the neutralised words: DirectBias with ``c = 1``.
    top_changed
        The neutralised words whose projection was largest, largest first.
    equalized
        One entry per equalised pair.
    missing
        Unknown words left out (``on_missing="drop"``); a pair is left out whole.
    specific_unknown
        How many of the ``specific`` words are not in the vocabulary (ignored).
    """

    direction: dict[str, Any]
    neutralized: int
    kept: int
    max_projection_before: float
    max_projection_after: float
    direct_bias_before: float
    direct_bias_after: float
    top_changed: tuple[ProjectionChange, ...]
    equalized: tuple[EqualizedPair, ...]
    missing: tuple[str, ...] = ()
    specific_unknown: int = 0
    method: str = "hard"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (``json.dumps(..., allow_nan=False)`` accepts it)."""
        return {
            "method": self.method,
            "direction": self.direction,
            "neutralized": self.neutralized,
            "kept": self.kept,
            "max_projection_before": finite_or_none(self.max_projection_before),
            "max_projection_after": finite_or_none(self.max_projection_after),
            "direct_bias_before": finite_or_none(self.direct_bias_before),
            "direct_bias_after": finite_or_none(self.direct_bias_after),
            "top_changed": [change.to_dict() for change in self.top_changed],
            "equalized": [pair.to_dict() for pair in self.equalized],
            "missing": list(self.missing),
            "specific_unknown": self.specific_unknown,
        }

    def summary(self) -> str:
        """A few readable lines: counts, projections and direct bias before and after."""
        pairs = self.direction.get("pairs")
        defined = (
            f"a {self.direction['method']!r} direction of {len(pairs)} pair(s) "
            + ", ".join(f"{a}/{b}" for a, b in pairs)
            if pairs
            else "a given vector"
        )
        lines = [
            f"hard debiasing along {defined}",
            f"neutralised {self.neutralized} words: max |projection| "
            f"{_number(self.max_projection_before)} -> {_number(self.max_projection_after)}, "
            f"direct bias {_number(self.direct_bias_before)} -> "
            f"{_number(self.direct_bias_after)}",
            f"kept {self.kept} specific or defining words",
        ]
        if self.equalized:
            lines.append(f"equalised {len(self.equalized)} pair(s):")
            for pair in self.equalized:
                lines.append(
                    f"  {pair.a}/{pair.b}: projections {pair.before[0]:+.4f}/"
                    f"{pair.before[1]:+.4f} -> {pair.after[0]:+.4f}/{pair.after[1]:+.4f}, "
                    f"asymmetry {_number(pair.asymmetry_before)} -> "
                    f"{_number(pair.asymmetry_after)}"
                )
        if self.top_changed:
            lines.append("largest projections removed:")
            for change in self.top_changed:
                lines.append(f"  {change.word}: {change.before:+.4f} -> {change.after:+.4f}")
        if self.missing:
            lines.append(f"left out {len(self.missing)} unknown word(s): {list(self.missing)}")
        return "\n".join(lines)


def _number(value: float) -> str:
    return f"{value:.4f}" if math.isfinite(value) else "n/a"


@dataclass(frozen=True, eq=False)
class DebiasResult:
    """The debiased embeddings and the report of :func:`debias`."""

    embeddings: Embeddings
    report: DebiasReport


def debias(
    emb: Embeddings,
    direction: DirectionLike,
    *,
    neutral: Sequence[str] | None = None,
    specific: Sequence[str] = (),
    equalize: Sequence[tuple[str, str]] = (),
    on_missing: OnMissing = "raise",
    top: int = 20,
) -> DebiasResult:
    """Hard-debias embeddings: neutralise neutral words, equalise pairs (Bolukbasi et al.).

    With ``g`` the unit direction and ``u`` a word's unit vector:

    * neutralise, for each neutral word: ``u <- (u - (u·g) g) / |u - (u·g) g|``;
    * equalise, for each pair ``(a, b)``: with ``μ = (u_a + u_b) / 2`` and
      ``ν = μ - (μ·g) g``, ``u_a <- ν + z g`` and ``u_b <- ν - z g`` where
      ``z = ±sqrt(1 - |ν|²)`` keeps each word on its side.

    Every other word keeps its unit vector. ``emb`` is not changed.

    Parameters
    ----------
    emb
        The embeddings.
    direction
        A :class:`~firth.bias.BiasDirection` of these embeddings, or any non-zero vector
        of length ``dim``.
    neutral
        The words to neutralise. ``None`` (the default, as Bolukbasi et al.): every word
        except the ``specific`` words, the defining words of ``direction`` and the
        ``equalize`` words.
    specific
        Words that legitimately carry the direction (``"mother"``, ``"king"`` …), left
        as they are; words not in the vocabulary are ignored (counted in the report).
    equalize
        Pairs ``(a, b)`` to make symmetric about the direction; each word in one pair at
        most, and not in ``neutral``.
    on_missing
        Unknown words of ``neutral`` and ``equalize``: ``"raise"`` (an error listing
        them) or ``"drop"`` (left out and listed in the report).
    top
        How many of the most changed neutral words the report lists.

    Returns
    -------
    DebiasResult
        ``embeddings``: new float32 unit-length embeddings with the same vocabulary, whose
        metadata record the debiasing under ``"debias"``; ``report``: a
        :class:`DebiasReport`.

    Raises
    ------
    UnknownWordError
        If ``neutral`` or ``equalize`` holds unknown words and ``on_missing="raise"``.
    ConfigError
        If a word is both neutral and equalised or specific, a word is in two equalise
        pairs, a parameter is malformed, or ``direction`` is zero or of the wrong length.

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> from firth.bias import bias_direction
    >>> words = ["he", "she", "doctor", "nurse", "table"]
    >>> vectors = [[1, 1, 0], [1, -1, 0], [0.2, 0.4, 1], [0.2, -0.4, 1], [1, 0, -1]]
    >>> emb = Embeddings(Vocab(words), vectors)
    >>> result = debias(emb, bias_direction(emb, [("he", "she")]), equalize=[("he", "she")])
    >>> result.report.neutralized, round(result.report.direct_bias_after, 6)
    (3, 0.0)
    >>> [round(float(x), 3) for x in result.embeddings["doctor"]]
    [0.196, 0.0, 0.981]
    >>> result.embeddings.metadata["debias"]["equalized"]
    [['he', 'she']]
    """
    policy = check_on_missing(on_missing)
    shown = check_positive_int("top", top)
    g = unit_direction(emb, direction)
    pairs = check_pairs(equalize, "equalize", allow_empty=True)
    protected = check_word_set(specific, "specific", allow_empty=True)
    missing: list[str] = []

    pair_words = [w for pair in pairs for w in pair]
    repeated = sorted(w for w, n in Counter(pair_words).items() if n > 1)
    if repeated:
        raise ConfigError(
            f"each word may be in one equalize pair at most; {repeated!r} appear in several."
        )
    chosen = None if neutral is None else check_word_set(neutral, "neutral", allow_empty=True)
    if chosen is not None:
        for other, name in ((pair_words, "equalize"), (protected, "specific")):
            clash = sorted(set(chosen) & set(other))
            if clash:
                raise ConfigError(
                    f"words cannot be both neutral and in {name}; got {clash!r} in both."
                )
    if policy == "raise":
        emb._indices(list(dict.fromkeys([*pair_words, *(chosen or [])])))
    else:
        missing.extend(dict.fromkeys(w for w in [*pair_words, *(chosen or [])] if w not in emb))
        pairs = [(a, b) for a, b in pairs if a in emb and b in emb]
        chosen = None if chosen is None else [w for w in chosen if w in emb]
    pair_indices = np.array(
        emb._indices([w for pair in pairs for w in pair]), dtype=np.intp
    ).reshape(-1, 2)

    size = len(emb)
    specific_known = [w for w in protected if w in emb]
    mask = np.zeros(size, dtype=bool)
    if chosen is None:
        mask[:] = True
        defining = direction.words if isinstance(direction, BiasDirection) else []
        for known in [*specific_known, *defining]:
            index = emb.vocab.get_index(known)
            if index >= 0:
                mask[index] = False
        mask[pair_indices.ravel()] = False
    else:
        mask[emb._indices(chosen)] = True

    unit = emb.unit_vectors
    g32 = g.astype(np.float32)
    vectors = np.array(unit, dtype=np.float32)  # a writable copy
    before = np.empty(size, dtype=np.float64)
    after = np.empty(size, dtype=np.float64)
    for start in range(0, size, _BLOCK_ROWS):
        block = vectors[start : start + _BLOCK_ROWS]
        before[start : start + _BLOCK_ROWS] = block @ g32
        chosen_rows = mask[start : start + _BLOCK_ROWS]
        if chosen_rows.any():
            rows = block[chosen_rows].astype(np.float64)
            rows -= np.outer(rows @ g, g)
            lengths = np.linalg.norm(rows, axis=1, keepdims=True)
            np.divide(rows, lengths, out=rows, where=lengths > 0)
            block[chosen_rows] = rows

    for ia, ib in pair_indices.tolist():
        ua, ub = unit[ia].astype(np.float64), unit[ib].astype(np.float64)
        mean = (ua + ub) / 2
        rest = mean - (mean @ g) * g
        z = math.sqrt(max(0.0, 1.0 - float(rest @ rest)))
        if float((ua - ub) @ g) < 0:
            z = -z
        vectors[ia] = rest + z * g
        vectors[ib] = rest - z * g

    for start in range(0, size, _BLOCK_ROWS):
        after[start : start + _BLOCK_ROWS] = vectors[start : start + _BLOCK_ROWS] @ g32
    asymmetry_before = _asymmetry(unit, mask, pair_indices)
    asymmetry_after = _asymmetry(vectors, mask, pair_indices)

    count = int(mask.sum())
    chosen_before = np.abs(before[mask])
    chosen_after = np.abs(after[mask])
    top_rows = np.flatnonzero(mask)[np.argsort(-chosen_before, kind="stable")[:shown]]
    word = emb.vocab.word
    report = DebiasReport(
        direction=(
            direction.to_dict(vector=False)
            if isinstance(direction, BiasDirection)
            else {"method": "vector"}
        ),
        neutralized=count,
        kept=size - count - len(pair_indices) * 2,
        max_projection_before=float(chosen_before.max()) if count else math.nan,
        max_projection_after=float(chosen_after.max()) if count else math.nan,
        direct_bias_before=float(chosen_before.mean()) if count else math.nan,
        direct_bias_after=float(chosen_after.mean()) if count else math.nan,
        top_changed=tuple(
            ProjectionChange(word(i), float(before[i]), float(after[i])) for i in top_rows.tolist()
        ),
        equalized=tuple(
            EqualizedPair(
                a=word(ia),
                b=word(ib),
                before=(float(before[ia]), float(before[ib])),
                after=(float(after[ia]), float(after[ib])),
                asymmetry_before=float(asymmetry_before[n]),
                asymmetry_after=float(asymmetry_after[n]),
            )
            for n, (ia, ib) in enumerate(pair_indices.tolist())
        ),
        missing=tuple(missing),
        specific_unknown=len(protected) - len(specific_known),
    )
    metadata = emb.metadata
    record: dict[str, Any] = {
        "method": "hard",
        "reference": "Bolukbasi et al. 2016, Man is to Computer Programmer as Woman is to "
        "Homemaker?",
        "direction": {**report.direction, "vector": [float(x) for x in g]},
        "neutralized": count,
        "equalized": [[word(ia), word(ib)] for ia, ib in pair_indices.tolist()],
        "specific": len(specific_known),
        "unit_length": True,
        "direct_bias_before": finite_or_none(report.direct_bias_before),
        "direct_bias_after": finite_or_none(report.direct_bias_after),
    }
    if "debias" in metadata:
        record["previous"] = metadata["debias"]
    metadata["debias"] = record
    from firth.embeddings import Embeddings

    return DebiasResult(Embeddings(emb.vocab, vectors, metadata=metadata), report)


def _asymmetry(
    vectors: npt.NDArray[np.float32], mask: npt.NDArray[np.bool_], pairs: npt.NDArray[np.intp]
) -> npt.NDArray[np.float64]:
    """Per pair, the largest ``|v_w · (v_a - v_b)|`` over the rows ``w`` in ``mask``."""
    result = np.full(len(pairs), -np.inf if mask.any() else np.nan)
    if not len(pairs) or not mask.any():
        return result
    differences = (vectors[pairs[:, 0]] - vectors[pairs[:, 1]]).astype(np.float64).T
    for start in range(0, len(vectors), _BLOCK_ROWS):
        rows = vectors[start : start + _BLOCK_ROWS][mask[start : start + _BLOCK_ROWS]]
        if len(rows):
            block = np.abs(rows.astype(np.float64) @ differences).max(axis=0)
            result = np.maximum(result, block)
    return result
