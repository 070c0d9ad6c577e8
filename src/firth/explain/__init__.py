"""The mechanics of word2vec on any sentence, as the illustrated explainers draw them.

:func:`explain` returns the tables of Jay Alammar's *The Illustrated Word2vec* and similar
explainers, computed on your sentence: the language-model samples, the skip-gram and
CBOW samples of the sliding window, the noise distribution and the negative-sampling
dataset, and one real training step of a tiny model. Each table is a :class:`Table` with
``to_records()`` and ``to_pandas()``; ``firth explain "SENTENCE"`` draws them.

Examples
--------
>>> from firth.explain import explain
>>> explanation = explain("Thou shalt not make a machine in the likeness of a human mind")
>>> list(explanation.tables)
['language_model', 'skipgram', 'cbow', 'noise', 'negative_sampling', 'step', 'updates']
>>> explanation.tables["skipgram"].rows[5:9]
(('not', 'thou'), ('not', 'shalt'), ('not', 'make'), ('not', 'a'))
"""

from __future__ import annotations

from firth.explain.explanation import TABLE_NAMES, Explanation, explain
from firth.explain.options import ExplainOptions
from firth.explain.table import Cell, Table

__all__ = ["TABLE_NAMES", "Cell", "ExplainOptions", "Explanation", "Table", "explain"]
