"""Graph embeddings: graphs in CSR form, node labels and node classification.

* :class:`Graph` and its constructors :func:`read_edgelist`, :func:`read_adjlist`,
  :func:`from_edges` and :func:`from_scipy` (:mod:`firth.graphs.graph`);
* :func:`read_labels` and the DeepWalk / node2vec benchmark :func:`node_classification`
  (:mod:`firth.graphs.labels`; needs the ``firth[sklearn]`` extra);
* :func:`generate_walks` (DeepWalk and node2vec walks, :mod:`firth.graphs.walks`) and
  :func:`train_graph` (word2vec on the walks, streamed, :mod:`firth.graphs.train`).

Importing this package imports neither scipy nor scikit-learn.

Examples
--------
>>> from firth.graphs import from_edges
>>> g = from_edges([(0, 1), (1, 2), (2, 0)])
>>> g.n_nodes, g.n_edges, g.neighbors("0")
(3, 3, ['1', '2'])
"""

from __future__ import annotations

from firth.graphs.graph import (
    Graph,
    UnknownNodeError,
    from_edges,
    from_scipy,
    read_adjlist,
    read_edgelist,
)
from firth.graphs.labels import (
    DEFAULT_TRAIN_RATIOS,
    ClassificationScore,
    NodeClassificationReport,
    node_classification,
    read_labels,
)
from firth.graphs.train import train_graph
from firth.graphs.walks import generate_walks

__all__ = [
    "DEFAULT_TRAIN_RATIOS",
    "ClassificationScore",
    "Graph",
    "NodeClassificationReport",
    "UnknownNodeError",
    "from_edges",
    "from_scipy",
    "generate_walks",
    "node_classification",
    "read_adjlist",
    "read_edgelist",
    "read_labels",
    "train_graph",
]
