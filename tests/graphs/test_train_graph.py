"""DeepWalk and node2vec on graphs with planted communities."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

import firth
from firth.errors import ConfigError, EmptyCorpusError
from firth.graphs import from_edges, generate_walks
from firth.training.callbacks import Callback, Progress, StopTraining

COMMUNITIES = 4
SIZE = 40


def planted_graph(*, weighted: bool = False, seed: int = 0) -> firth.graphs.Graph:
    """A stochastic block model: dense inside communities, sparse between them.

    With ``weighted``, the edges between communities are as frequent as those inside but
    weigh 1/20 as much: only the weights tell the communities apart.
    """
    rng = np.random.default_rng(seed)
    edges: list[tuple[int, int, float]] = []
    n = COMMUNITIES * SIZE
    for a in range(n):
        for b in range(a + 1, n):
            inside = a // SIZE == b // SIZE
            if weighted:
                if rng.random() < 0.15:
                    edges.append((a, b, 1.0 if inside else 0.05))
            elif rng.random() < (0.25 if inside else 0.01):
                edges.append((a, b, 1.0))
    return from_edges(edges) if weighted else from_edges([(a, b) for a, b, _ in edges])


def community_purity(model: firth.Word2VecModel, k: int = 5) -> float:
    emb = model.embeddings
    same = [
        int(other) // SIZE == node // SIZE
        for node in range(COMMUNITIES * SIZE)
        for other, _ in emb.most_similar(str(node), k)
    ]
    return float(np.mean(same))


FAST = {"dim": 32, "walks_per_node": 8, "walk_length": 30, "window": 5, "threads": 2}


@pytest.mark.parametrize(("p", "q"), [(1.0, 1.0), (1.0, 0.5), (0.5, 2.0)])
def test_walk_embeddings_recover_planted_communities(p: float, q: float) -> None:
    model = firth.train_graph(planted_graph(), firth.GraphConfig(p=p, q=q, **FAST))
    assert community_purity(model) >= 0.9
    assert model.corpus["graph"] == {
        "nodes": 160,
        "edges": model.corpus["graph"]["edges"],
        "directed": False,
        "weighted": False,
    }


def test_weighted_walks_follow_the_weights() -> None:
    graph = planted_graph(weighted=True)
    assert community_purity(firth.train_graph(graph, firth.GraphConfig(**FAST))) >= 0.85
    # The same edges without their weights carry no community structure at all.
    unweighted = from_edges([(graph.nodes[a], graph.nodes[b]) for a, b in _edges(graph)])
    assert community_purity(firth.train_graph(unweighted, firth.GraphConfig(**FAST))) <= 0.5


def _edges(graph: firth.graphs.Graph) -> list[tuple[int, int]]:
    return [
        (a, int(b))
        for a in range(graph.n_nodes)
        for b in graph.indices[graph.indptr[a] : graph.indptr[a + 1]]
        if a < b
    ]


def test_walks_are_deterministic_and_independent_of_threads() -> None:
    graph = planted_graph()
    config = firth.GraphConfig(p=0.5, q=2.0, walks_per_node=3, walk_length=12, threads=1)
    one = list(generate_walks(graph, config, batch=7))
    two = list(generate_walks(graph, firth.GraphConfig(**{**config.to_dict(), "threads": 2})))
    assert one == two
    assert len(one) == 3 * graph.n_nodes
    assert Counter(walk[0] for walk in one) == Counter({node: 3 for node in graph.nodes})
    other = list(generate_walks(graph, firth.GraphConfig(**{**config.to_dict(), "seed": 2})))
    assert other != one


def test_vocabulary_counts_are_the_visits_of_the_walks() -> None:
    graph = planted_graph()
    config = firth.GraphConfig(dim=8, walks_per_node=2, walk_length=10, threads=2, seed=3)
    model = firth.train_graph(graph, config)
    visits = Counter(node for walk in generate_walks(graph, config) for node in walk)
    assert dict(zip(model.vocab.words, model.vocab.counts.tolist(), strict=True)) == visits


def test_same_seed_one_thread_gives_the_same_vectors() -> None:
    graph = planted_graph()
    config = firth.GraphConfig(dim=8, walks_per_node=2, walk_length=10, threads=1, q=0.5)
    first = firth.train_graph(graph, config).embeddings.vectors
    np.testing.assert_array_equal(first, firth.train_graph(graph, config).embeddings.vectors)


def test_directed_graph_with_dead_ends_and_min_count() -> None:
    # A chain 0 -> 1 -> ... -> 9: walks end at 9; node 0 is only ever a start.
    graph = from_edges([(i, i + 1) for i in range(9)], directed=True)
    config = firth.GraphConfig(dim=4, walks_per_node=2, walk_length=5, threads=1, min_count=3)
    model = firth.train_graph(graph, config)
    counts = dict(zip(model.vocab.words, model.vocab.counts.tolist(), strict=True))
    assert "0" not in counts
    assert counts["9"] == 2 * 5
    with pytest.raises(EmptyCorpusError, match="min_count"):
        firth.train_graph(graph, firth.GraphConfig(min_count=1000, threads=1))


def test_stopping_early_gives_a_consistent_model() -> None:
    class StopAtOnce(Callback):
        interval = 0.0

        def on_progress(self, progress: Progress) -> None:
            raise StopTraining

    model = firth.train_graph(planted_graph(), firth.GraphConfig(**FAST), callbacks=[StopAtOnce()])
    assert model.interrupted
    with pytest.raises(ConfigError, match="train_graph"):
        firth.resume(model, [["x"]])


def test_bad_options_name_the_graph_option() -> None:
    with pytest.raises(ConfigError, match=r"GraphConfig\.p "):
        firth.GraphConfig(p=-1.0)
    with pytest.raises(ConfigError, match=r"GraphConfig\.window"):
        firth.GraphConfig(window=0)
    with pytest.raises(ConfigError, match=r"GraphConfig\.walk_length"):
        firth.GraphConfig(walk_length=1)
