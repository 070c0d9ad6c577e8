"""Queries on embeddings: neighbours, analogies, word arithmetic, axes, approximate search.

The query methods of :class:`~firth.embeddings.Embeddings` are defined here, one module
per family, and mixed into that class:

- :mod:`~firth.queries.similarity`: ``similarity``, ``most_similar`` (a word, a vector or
  a :class:`WordVector`), ``similar_by_vector``, ``most_similar_batch``, ``rank``,
  ``doesnt_match``, ``n_similarity``;
- :mod:`~firth.queries.analogies`: ``analogy`` and ``analogy_batch`` (3CosAdd, 3CosMul);
- :mod:`~firth.queries.geometry`: ``mean_vector``, ``axis``, ``project``,
  ``project_plane``, ``reject``, and :func:`reject_vector` for plain arrays;
- :mod:`~firth.queries.ann`: ``build_index`` and :class:`AnnIndex` (optional extra
  ``firth[ann]``; hnswlib is imported only when an index is built).

Batched results are :class:`Neighbours`; word arithmetic builds :class:`WordVector`.
"""

from __future__ import annotations

from firth.errors import MissingExtraError
from firth.queries.ann import AnnIndex
from firth.queries.expression import WordVector
from firth.queries.geometry import reject_vector
from firth.queries.topk import Neighbours

__all__ = ["AnnIndex", "MissingExtraError", "Neighbours", "WordVector", "reject_vector"]
