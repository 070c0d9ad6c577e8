"""The noise distribution (unigram counts to the power 0.75) and the negative-sampling dataset.

Noise words are drawn here with NumPy's ``default_rng(seed)``: one uniform number per
draw picks the word whose cumulative-probability interval holds it. firth's kernels draw
from the same distribution with word2vec.c's linear congruential generator (see
:func:`firth._kernels.steps.draw_negatives`), so the words differ from a real training
run; the distribution and the rule for a draw of the positive word are the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError
from firth.explain.samples import Sample
from firth.explain.table import Table
from firth.vocab import Vocab

__all__ = ["NoiseDistribution", "draw_noise", "negative_sampling_table", "noise_distribution"]


@dataclass(frozen=True, eq=False)
class NoiseDistribution:
    """Each vocabulary word with its count, ``count ** exponent`` and its probability.

    The words are ordered as firth orders a vocabulary: by descending count, ties by the
    word itself (or in the given :class:`~firth.vocab.Vocab`'s order).
    """

    words: tuple[str, ...]
    counts: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float64]
    probabilities: npt.NDArray[np.float64]
    exponent: float

    def table(self) -> Table:
        """The distribution as a table: word, count, ``count**exponent``, probability.

        Examples
        --------
        >>> noise = noise_distribution(["a", "b", "a"], None, 1.0)
        >>> noise.table().rows
        (('a', 2, 2.0, 0.6666666666666666), ('b', 1, 1.0, 0.3333333333333333))
        """
        power = f"count**{self.exponent:g}"
        rows = tuple(
            (w, int(c), float(x), float(p))
            for w, c, x, p in zip(
                self.words, self.counts, self.weights, self.probabilities, strict=True
            )
        )
        total = float(self.weights.sum())
        return Table(
            title=f"Noise distribution: {power}, normalised",
            columns=("word", "count", power, "probability"),
            rows=rows,
            note=f"probability = {power} / {total:.4f} (the sum of the column). The power "
            "below 1 draws rare words more often than their share of the corpus.",
        )


def noise_distribution(
    tokens: Sequence[str], counts: Mapping[str, int] | Vocab | None, exponent: float
) -> NoiseDistribution:
    """The noise distribution over ``counts`` (the sentence's own counts when ``None``).

    Raises
    ------
    ConfigError
        If a count is not a positive integer, a :class:`~firth.vocab.Vocab` has no counts,
        or a word of the sentence has no count.

    Examples
    --------
    >>> noise = noise_distribution(["b", "a", "b"], None, 0.75)
    >>> noise.words, noise.counts.tolist(), noise.probabilities.round(4).tolist()
    (('b', 'a'), [2, 1], [0.6271, 0.3729])
    """
    if counts is None:
        vocab = Vocab.from_counts(Counter(tokens).items())
    elif isinstance(counts, Vocab):
        if counts.counts is None:
            raise ConfigError(
                "explain: counts is a Vocab without counts (e.g. read from a word2vec "
                "file); pass one with counts, such as a trained model's vocab."
            )
        vocab = counts
    elif isinstance(counts, Mapping):
        for word, count in counts.items():
            if not isinstance(word, str) or isinstance(count, bool) or not isinstance(count, int):
                raise ConfigError(
                    f"explain: counts must map words (str) to integer counts; got "
                    f"{word!r}: {count!r}."
                )
        vocab = Vocab.from_counts(counts.items())
    else:
        raise ConfigError(
            "explain: counts must be a mapping of word to count, a Vocab, or None (the "
            f"sentence's own counts); got {type(counts).__name__}."
        )
    assert vocab.counts is not None
    counts_array = np.asarray(vocab.counts, dtype=np.int64)
    if len(counts_array) and int(counts_array.min()) < 1:
        low = vocab.word(int(np.argmin(counts_array)))
        raise ConfigError(
            f"explain: every count must be >= 1; got {low!r}: {int(counts_array.min())}. "
            "Drop words never seen from counts."
        )
    missing = sorted({t for t in tokens if t not in vocab})
    if missing:
        raise ConfigError(
            f"explain: counts has no count for the sentence's word(s) {missing[:10]!r}; add "
            "them to counts (or leave counts=None to use the sentence's own counts)."
        )
    weights = counts_array.astype(np.float64) ** float(exponent)
    return NoiseDistribution(
        words=tuple(vocab.words),
        counts=counts_array,
        weights=weights,
        probabilities=weights / weights.sum(),
        exponent=float(exponent),
    )


def draw_noise(
    probabilities: npt.NDArray[np.float64], uniforms: npt.NDArray[np.float64]
) -> npt.NDArray[np.int64]:
    """The word whose cumulative-probability interval holds each uniform number.

    Examples
    --------
    >>> draw_noise(np.array([0.75, 0.25]), np.array([0.1, 0.74, 0.8])).tolist()
    [0, 0, 1]
    """
    cumulative = np.cumsum(probabilities)
    ids = np.searchsorted(cumulative, uniforms, side="right")
    # Rounding can leave the last cumulative value just below 1.
    drawn: npt.NDArray[np.int64] = np.minimum(ids, len(probabilities) - 1).astype(np.int64)
    return drawn


def negative_sampling_table(
    samples: Sequence[Sample],
    noise_ids: Sequence[Sequence[int]],
    noise: NoiseDistribution,
    input_columns: Sequence[str],
    negative: int,
) -> Table:
    """Each positive sample (target 1) followed by its noise words (target 0).

    ``noise_ids[s]`` are the noise words kept for sample ``s`` (draws of its output word
    already dropped).
    """
    rows = []
    for number, ((inputs, output), ids) in enumerate(zip(samples, noise_ids, strict=True)):
        rows.append((number, *inputs, output, 1))
        rows.extend((number, *inputs, noise.words[i], 0) for i in ids)
    return Table(
        title=f"Negative sampling ({negative} noise draws per sample)",
        columns=("sample", *input_columns, "output", "target"),
        rows=tuple(rows),
        note="Each real sample (target 1) is followed by its noise words (target 0), drawn "
        "from the noise distribution with NumPy's "
        "default_rng(seed). A draw of the sample's own output word is dropped, as "
        "word2vec.c does, so a sample may have fewer noise words; a noise word may be "
        "drawn twice.",
    )
