"""Bias probes on embeddings: directions, WEAT, analogy probes and hard debiasing.

* :func:`bias_direction` finds a direction from defining pairs such as ``("he", "she")``
  (PCA of the centred pairs, as Bolukbasi et al. 2016, or the mean difference);
  :func:`project_words` places words on it and :func:`direct_bias` measures how much
  supposedly neutral words lean along it.
* :func:`weat` is the Word Embedding Association Test of Caliskan et al. (2017): effect
  size and a permutation p-value, exact for small sets.
* :func:`analogy_probe` asks "he : doctor :: she : ?" for many words;
  :func:`biased_analogies` generates the word pairs most aligned with the direction.
* :func:`debias` neutralises and equalises (Bolukbasi et al.'s hard debiasing) and
  reports what changed. ``firth bias MODEL`` runs all of these from the command line.

Examples
--------
>>> from firth import Embeddings, Vocab
>>> from firth.bias import bias_direction, debias, direct_bias
>>> words = ["he", "she", "doctor", "nurse", "table"]
>>> vectors = [[1, 1, 0], [1, -1, 0], [0.2, 0.4, 1], [0.2, -0.4, 1], [1, 0, -1]]
>>> emb = Embeddings(Vocab(words), vectors)
>>> gender = bias_direction(emb, [("he", "she")])
>>> round(direct_bias(emb, ["doctor", "nurse", "table"], gender), 3)
0.243
>>> fair = debias(emb, gender).embeddings
>>> round(direct_bias(fair, ["doctor", "nurse", "table"], gender), 3)
0.0
"""

from __future__ import annotations

from firth.bias.debias import (
    DebiasReport,
    DebiasResult,
    EqualizedPair,
    ProjectionChange,
    debias,
)
from firth.bias.direction import (
    BiasDirection,
    DirectionLike,
    DirectionMethod,
    bias_direction,
    direct_bias,
    project_words,
)
from firth.bias.probes import AnalogyProbe, BiasedAnalogy, analogy_probe, biased_analogies
from firth.bias.weat import WEATResult, weat

__all__ = [
    "AnalogyProbe",
    "BiasDirection",
    "BiasedAnalogy",
    "DebiasReport",
    "DebiasResult",
    "DirectionLike",
    "DirectionMethod",
    "EqualizedPair",
    "ProjectionChange",
    "WEATResult",
    "analogy_probe",
    "bias_direction",
    "biased_analogies",
    "debias",
    "direct_bias",
    "project_words",
    "weat",
]
