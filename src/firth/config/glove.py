"""Validated GloVe training configuration.

:class:`GloVeConfig` holds every GloVe option in one frozen dataclass, validated when
built. The defaults are those of the reference implementation (Pennington et al. 2014,
``glove.c``): ``x_max=100``, ``alpha=0.75``, AdaGrad with ``learning_rate=0.05``, 25
epochs and the sum of the word and context vectors as output (``-model 2``); only the
dimension differs (100, as firth's word2vec; glove.c uses 50). On small corpora
glove.c's ``demo.sh`` lowers ``x_max`` to 10.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from firth.config._checks import (
    ConfigMixin,
    check_choice,
    check_float,
    check_int,
)
from firth.config.counting import Output

__all__ = ["GloVeConfig"]


@dataclass(frozen=True)
class GloVeConfig(ConfigMixin):
    """Every GloVe training option, validated.

    Parameters
    ----------
    dim
        Dimension of the vectors.
    epochs
        Passes over the non-zero co-occurrence entries (in a new random order each time).
    x_max
        Counts at or above ``x_max`` get the full weight 1; smaller counts ``x`` get
        ``(x / x_max) ** alpha``.
    alpha
        Exponent of the weighting function (0 weighs every non-zero entry equally).
    learning_rate
        AdaGrad's initial step size.
    output
        The vectors of :attr:`GloVeModel.embeddings <firth.models.glove.GloVeModel>`:
        ``"w"`` the word vectors, ``"c"`` the context vectors, or ``"w+c"`` their sum
        (the paper's choice; biases are never included).
    threads
        Worker threads (Hogwild); ``None`` means every core.
    seed
        Seed of the initial vectors and of the order of the entries in every epoch.

    Examples
    --------
    >>> config = GloVeConfig(dim=50, epochs=15)
    >>> config.output, config.x_max
    ('w+c', 100.0)
    >>> GloVeConfig(output="sum")
    Traceback (most recent call last):
    ...
    firth.errors.ConfigError: GloVeConfig.output must be one of 'w', 'c', 'w+c'; got 'sum'.
    """

    dim: int = 100
    epochs: int = 25
    x_max: float = 100.0
    alpha: float = 0.75
    learning_rate: float = 0.05
    output: Output = "w+c"
    threads: int | None = None
    seed: int = 1

    def __post_init__(self) -> None:
        check_int(self, "dim", 1)
        check_int(self, "epochs", 1)
        check_float(self, "x_max", 0.0, 1e30, low_open=True)
        check_float(self, "alpha", 0.0, 10.0)
        check_float(self, "learning_rate", 0.0, 10.0, low_open=True)
        check_choice(self, "output", ("w", "c", "w+c"))
        check_int(self, "threads", 1, optional=True)
        check_int(self, "seed", 0, maximum=2**64 - 1)

    @property
    def effective_threads(self) -> int:
        """The number of worker threads actually used (``threads`` or every core)."""
        return self.threads if self.threads is not None else max(1, os.cpu_count() or 1)
