"""Random walks on a :class:`~firth.graphs.Graph`, generated in parallel and streamed.

The walks of a run are numbered ``0 .. walks_per_node * n_nodes - 1``; round ``r`` starts
one walk from every node, in an order shuffled from the seed. Walk ``w`` draws from its own
random stream (a function of the seed and ``w``), so the walks are the same whatever the
number of threads or the size of the batches, and an epoch can generate them again instead
of keeping them: memory holds a batch per thread, never the whole set.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from firth.config.graphs import GraphConfig

if TYPE_CHECKING:
    from firth.graphs.graph import Graph

__all__ = ["WalkPlan", "generate_walks", "walk_plan"]


@dataclass(frozen=True)
class WalkPlan:
    """The arrays and scalars the walk kernels need, prepared once per run."""

    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int32]
    weights: npt.NDArray[np.float32]
    weight_sums: npt.NDArray[np.float64]
    prob: npt.NDArray[np.float64]
    alias: npt.NDArray[np.int32]
    weighted: bool
    second_order: bool
    inv_p: float
    inv_q: float
    starts: npt.NDArray[np.int32]
    length: int
    seed: int

    @property
    def n_walks(self) -> int:
        """Walks in the run (per epoch)."""
        return len(self.starts)

    def kernel_args(self) -> tuple[Any, ...]:
        """The leading arguments of :func:`firth._kernels.walks.walk_batch`."""
        return (
            self.indptr,
            self.indices,
            self.weights,
            self.weight_sums,
            self.prob,
            self.alias,
            self.weighted,
            self.second_order,
            self.inv_p,
            self.inv_q,
            self.starts,
        )

    def batch(
        self, begin: int, end: int, remap: npt.NDArray[np.int32]
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]:
        """Walks ``begin .. end - 1`` as ``(ids, sentence_ends)``, each node as ``remap[node]``."""
        from firth._kernels.walks import walk_batch

        kernel: Any = walk_batch  # called with the unpacked leading arguments
        ids = np.empty((end - begin) * self.length, dtype=np.int32)
        ends = np.empty(end - begin, dtype=np.int64)
        count, written = kernel(
            *self.kernel_args(),
            np.int64(begin),
            np.int64(end),
            np.int64(self.length),
            np.uint64(self.seed),
            remap,
            ids,
            ends,
        )
        return ids[:written], ends[:count]

    def visit_counts(self, threads: int) -> npt.NDArray[np.int64]:
        """How often each node occurs in the walks (walked once, in parallel, not kept)."""
        from firth._kernels.walks import count_visits

        kernel: Any = count_visits  # called with the unpacked leading arguments
        n = len(self.indptr) - 1
        cuts = np.linspace(0, self.n_walks, threads + 1).astype(np.int64)
        counts = np.zeros((threads, n), dtype=np.int64)

        def count(part: int) -> None:
            kernel(
                *self.kernel_args(),
                cuts[part],
                cuts[part + 1],
                np.int64(self.length),
                np.uint64(self.seed),
                counts[part],
            )

        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(count, range(threads)))
        total: npt.NDArray[np.int64] = counts.sum(axis=0)
        return total


def walk_plan(graph: Graph, config: GraphConfig) -> WalkPlan:
    """Prepare the walks of ``config`` on ``graph`` (alias tables, start order)."""
    from firth._kernels.walks import alias_tables

    weighted = graph.weights is not None
    if graph.weights is not None:
        weights = np.ascontiguousarray(graph.weights, dtype=np.float32)
        prob, alias = alias_tables(graph.indptr, weights)
        weight_sums = np.add.reduceat(weights.astype(np.float64), graph.indptr[:-1])
        weight_sums[np.diff(graph.indptr) == 0] = 0.0  # reduceat repeats a value at empty rows
    else:
        weights = np.ones(1, dtype=np.float32)
        prob, alias = np.ones(1), np.zeros(1, dtype=np.int32)
        weight_sums = np.diff(graph.indptr).astype(np.float64)
    rng = np.random.default_rng(config.seed)
    n = graph.n_nodes
    starts = np.concatenate(
        [rng.permutation(n).astype(np.int32) for _ in range(config.walks_per_node)]
    )
    return WalkPlan(
        indptr=np.ascontiguousarray(graph.indptr, dtype=np.int64),
        indices=np.ascontiguousarray(graph.indices, dtype=np.int32),
        weights=weights,
        weight_sums=weight_sums,
        prob=prob,
        alias=alias,
        weighted=weighted,
        second_order=not config.is_deepwalk,
        inv_p=1.0 / config.p,
        inv_q=1.0 / config.q,
        starts=starts,
        length=config.walk_length,
        seed=config.seed,
    )


def generate_walks(
    graph: Graph, config: GraphConfig | None = None, *, batch: int = 10_000
) -> Iterator[list[str]]:
    """The walks of ``config`` on ``graph`` as lists of node names, streamed in batches.

    Batches of ``batch`` walks are generated in parallel by ``config.threads`` threads
    (the Numba kernels release the GIL); at most two batches per thread are held at once.
    The walks are exactly those :func:`firth.train_graph` trains on.

    Examples
    --------
    >>> from firth.graphs import from_edges
    >>> ring = from_edges([(i, (i + 1) % 6) for i in range(6)])
    >>> walks = list(generate_walks(ring, GraphConfig(walks_per_node=2, walk_length=4)))
    >>> len(walks), {len(walk) for walk in walks}
    (12, {4})
    >>> all(int(b) - int(a) in (1, -1, 5, -5) for w in walks for a, b in zip(w, w[1:]))
    True
    """
    config = config if config is not None else GraphConfig()
    if batch < 1:
        from firth.errors import ConfigError

        raise ConfigError(f"batch must be a positive number of walks; got {batch!r}.")
    plan = walk_plan(graph, config)
    identity = np.arange(graph.n_nodes, dtype=np.int32)
    names = graph.nodes
    threads = config.train_config().effective_threads
    with ThreadPoolExecutor(threads) as pool:
        pending = []
        for begin in range(0, plan.n_walks, batch):
            end = min(begin + batch, plan.n_walks)
            pending.append(pool.submit(plan.batch, begin, end, identity))
            if len(pending) < 2 * threads:
                continue
            yield from _as_names(*pending.pop(0).result(), names)
        for future in pending:
            yield from _as_names(*future.result(), names)


def _as_names(
    ids: npt.NDArray[np.int32], ends: npt.NDArray[np.int64], names: tuple[str, ...]
) -> Iterator[list[str]]:
    start = 0
    for end in ends.tolist():
        yield [names[i] for i in ids[start:end].tolist()]
        start = end
