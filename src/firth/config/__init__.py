"""Validated, frozen configuration dataclasses: one per method.

Each is validated when built, so a bad value fails at once with a message that names the
option, the rule it broke and the value received; ``to_dict`` / ``from_dict`` round-trip
them through JSON.
"""

from __future__ import annotations

from firth.config.counting import (
    CountConfig,
    LSAConfig,
    Output,
    PPMIConfig,
    SVDConfig,
    SVDSolver,
    Weighting,
)
from firth.config.glove import GloVeConfig
from firth.config.graphs import GraphConfig
from firth.config.items import ItemConfig
from firth.config.phrases import (
    ENGLISH_CONNECTOR_WORDS,
    ConnectorWords,
    PhrasesConfig,
    PhrasesScoring,
)
from firth.config.word2vec import (
    Architecture,
    CbowContext,
    Loss,
    SkipgramUpdate,
    TrainConfig,
)

__all__ = [
    "ENGLISH_CONNECTOR_WORDS",
    "Architecture",
    "CbowContext",
    "ConnectorWords",
    "CountConfig",
    "GloVeConfig",
    "GraphConfig",
    "ItemConfig",
    "LSAConfig",
    "Loss",
    "Output",
    "PPMIConfig",
    "PhrasesConfig",
    "PhrasesScoring",
    "SVDConfig",
    "SVDSolver",
    "SkipgramUpdate",
    "TrainConfig",
    "Weighting",
]
