"""Graph embeddings: word2vec trained on random walks (DeepWalk, node2vec).

Each job of the training loop generates its walks (a range of walk numbers) into a
buffer and trains on them at once, in the same worker thread: walk generation and
training run in parallel on every core, and the walks are never all in memory. A first
parallel pass walks once to count how often each node is visited (word2vec's noise
distribution and subsampling need the counts before training).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from firth.config.graphs import GraphConfig
from firth.errors import EmptyCorpusError

if TYPE_CHECKING:
    from firth.graphs.graph import Graph
    from firth.models.word2vec import Word2VecModel
    from firth.training.callbacks import Callback

__all__ = ["train_graph"]

logger = logging.getLogger(__name__)


def train_graph(
    graph: Graph,
    config: GraphConfig | None = None,
    *,
    callbacks: Sequence[Callback] = (),
) -> Word2VecModel:
    """Embed the nodes of ``graph`` by DeepWalk (``p = q = 1``) or node2vec.

    Parameters
    ----------
    graph
        The graph (see :func:`firth.graphs.read_edgelist` and its siblings).
    config
        Walk and training options; ``None`` uses :class:`~firth.GraphConfig`'s defaults
        (node2vec's paper: 10 walks of 80 nodes per node, window 10, dimension 128).
    callbacks
        Receive progress and epoch statistics; may raise ``StopTraining``.

    Returns
    -------
    Word2VecModel
        Its words are the node names, most visited first; ``model.embeddings`` holds the
        node vectors. Ctrl-C stops it cleanly (``model.interrupted``).

    Raises
    ------
    EmptyCorpusError
        No node reaches ``min_count`` visits.

    Examples
    --------
    >>> import firth
    >>> from firth.graphs import from_edges
    >>> two_triangles = from_edges([(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)])
    >>> config = firth.GraphConfig(dim=8, walk_length=10, threads=1)
    >>> model = firth.train_graph(two_triangles, config)
    >>> sorted(model.vocab.words)
    ['0', '1', '2', '3', '4', '5']
    """
    from firth.graphs.walks import walk_plan
    from firth.models.word2vec import initial_model, run_jobs, slice_trainer
    from firth.training.loop import plan_jobs
    from firth.vocab import Vocab

    config = config if config is not None else GraphConfig()
    train_config = config.train_config()
    plan = walk_plan(graph, config)
    counts = plan.visit_counts(train_config.effective_threads)
    order = np.argsort(-counts, kind="stable")
    order = order[counts[order] >= config.min_count]
    if len(order) == 0:
        raise EmptyCorpusError(
            f"no node is visited min_count={config.min_count} times by the walks; "
            "lower min_count or add walks_per_node."
        )
    remap = np.full(graph.n_nodes, -1, dtype=np.int32)
    remap[order] = np.arange(len(order), dtype=np.int32)
    vocab = Vocab([graph.nodes[i] for i in order.tolist()], counts[order])
    length = config.walk_length
    epoch_tokens = plan.n_walks * length  # nominal: walks may end early at dead ends
    model = initial_model(
        train_config,
        vocab,
        {
            "tokens": int(counts.sum()),
            "sentences": plan.n_walks,
            "graph": {
                "nodes": graph.n_nodes,
                "edges": graph.n_edges,
                "directed": graph.directed,
                "weighted": graph.weights is not None,
            },
            "walks": config.to_dict(),
        },
    )
    train_slice = slice_trainer(model, epoch_tokens=epoch_tokens, max_sentence=length)

    def call(begin: int, end: int, epoch: int, seed: int) -> tuple[int, float, int]:
        ids, ends = plan.batch(begin, end, remap)
        return train_slice(ids, ends, 0, len(ends), epoch * epoch_tokens + begin * length, seed)

    bounds = plan_jobs(np.arange(1, plan.n_walks + 1, dtype=np.int64) * length, config.job_words)
    logger.info(
        "%s on %d nodes, %d edges: %d walks of up to %d nodes per epoch",
        "DeepWalk" if config.is_deepwalk else f"node2vec (p={config.p}, q={config.q})",
        graph.n_nodes,
        graph.n_edges,
        plan.n_walks,
        length,
    )
    return run_jobs(model, call, bounds, bounds * length, callbacks)
