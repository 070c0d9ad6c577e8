"""``ExplainOptions``: the validated options of :func:`~firth.explain.explain`."""

from __future__ import annotations

from dataclasses import dataclass

from firth.config._checks import ConfigMixin, check_choice, check_float, check_int, fail
from firth.config.word2vec import Architecture
from firth.corpus.tokenize import TOKENIZERS, Tokenizer

__all__ = ["ExplainOptions"]


@dataclass(frozen=True)
class ExplainOptions(ConfigMixin):
    """The options of an explanation, validated when built (names as in ``TrainConfig``).

    Parameters
    ----------
    window
        Maximum distance between a word and its context words (also the number of
        previous words the language-model table shows).
    negative
        Noise words drawn per positive sample.
    architecture
        ``"skipgram"`` or ``"cbow"``: whose samples are negative-sampled and trained in
        the training step (both sample tables are always shown).
    dim
        Dimension of the tiny model's vectors.
    alpha
        Learning rate of the training step.
    seed
        Seed of the noise words and of the tiny model's initial vectors.
    ns_exponent
        Exponent of the unigram noise distribution (0.75 in word2vec).
    tokenizer
        How a sentence given as a string is split: ``"simple"`` or ``"whitespace"``.

    Examples
    --------
    >>> ExplainOptions(window=3).to_dict()["window"]
    3
    >>> ExplainOptions(negative=0)
    Traceback (most recent call last):
    ...
    firth.errors.ConfigError: ExplainOptions.negative must be an integer >= 1; got 0.
    """

    window: int = 2
    negative: int = 2
    architecture: Architecture = "skipgram"
    dim: int = 4
    alpha: float = 0.025
    seed: int = 1
    ns_exponent: float = 0.75
    tokenizer: Tokenizer = "simple"

    def __post_init__(self) -> None:
        check_int(self, "window", 1)
        check_int(self, "negative", 1)
        check_choice(self, "architecture", ("skipgram", "cbow"))
        check_int(self, "dim", 1)
        check_float(self, "alpha", 0.0, 10.0, low_open=True)
        check_int(self, "seed", 0)
        if self.seed >= 2**64:
            raise fail(self, "seed", "below 2**64", self.seed)
        check_float(self, "ns_exponent", -10.0, 10.0)
        check_choice(self, "tokenizer", TOKENIZERS)
