"""``firth graph``: embed the nodes of a graph by DeepWalk or node2vec and save them."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from firth.cli.common import err, friendly_errors, out

_WALKS = "Walks"
_TRAINING = "Training"


class GraphFormat(str, Enum):
    EDGELIST = "edgelist"
    ADJLIST = "adjlist"


def graph_command(
    edges: Annotated[
        Path,
        typer.Argument(help="Edge list ('a b [weight]' per line; .gz read) or --format adjlist."),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder to save the model in (native format).")
    ],
    p: Annotated[
        float,
        typer.Option("--p", help="Return parameter (1/p to step back).", rich_help_panel=_WALKS),
    ] = 1.0,
    q: Annotated[
        float,
        typer.Option(
            "--q",
            help="In-out parameter (1/q to move away); p = q = 1 is DeepWalk.",
            rich_help_panel=_WALKS,
        ),
    ] = 1.0,
    walks: Annotated[
        int, typer.Option(help="Walks started from every node.", rich_help_panel=_WALKS)
    ] = 10,
    length: Annotated[int, typer.Option(help="Nodes per walk.", rich_help_panel=_WALKS)] = 80,
    graph_format: Annotated[
        GraphFormat, typer.Option("--format", help="Input format.")
    ] = GraphFormat.EDGELIST,
    weighted: Annotated[
        bool | None,
        typer.Option(
            "--weighted/--unweighted", help="Default: weighted when every line has a third column."
        ),
    ] = None,
    directed: Annotated[bool, typer.Option("--directed", help="Edges go one way only.")] = False,
    dim: Annotated[int, typer.Option(help="Dimension.", rich_help_panel=_TRAINING)] = 128,
    window: Annotated[
        int, typer.Option(help="Context window in a walk.", rich_help_panel=_TRAINING)
    ] = 10,
    epochs: Annotated[
        int, typer.Option(help="Passes over the walks.", rich_help_panel=_TRAINING)
    ] = 1,
    negative: Annotated[
        int, typer.Option(help="Noise nodes per example.", rich_help_panel=_TRAINING)
    ] = 5,
    sample: Annotated[
        float,
        typer.Option(
            help="Subsampling of often-visited nodes (0: none; use 0 below ~1,000 nodes).",
            rich_help_panel=_TRAINING,
        ),
    ] = 1e-3,
    threads: Annotated[
        int | None, typer.Option(help="Threads (default: every core).", rich_help_panel=_TRAINING)
    ] = None,
    seed: Annotated[
        int, typer.Option(help="Seed of the walks and the training.", rich_help_panel=_TRAINING)
    ] = 1,
    labels: Annotated[
        Path | None,
        typer.Option(
            help="'node label' lines: print node-classification Micro/Macro-F1 (scikit-learn)."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Embed the nodes of EDGES (DeepWalk, or node2vec with --p/--q) and save them to OUTPUT.

    The model's words are the node names: query it with firth similar, serve it with
    firth serve. The walks are generated in parallel and never all held in memory.
    """
    import firth
    from firth.cli.progress import ProgressBar
    from firth.graphs import read_adjlist, read_edgelist

    with friendly_errors():
        config = firth.GraphConfig(
            p=p, q=q, walks_per_node=walks, walk_length=length, dim=dim, window=window,
            epochs=epochs, negative=negative, sample=sample, threads=threads, seed=seed,
        )  # fmt: skip
        if graph_format is GraphFormat.ADJLIST:
            if weighted:
                raise firth.ConfigError("--weighted: an adjacency list has no weights.")
            graph = read_adjlist(edges, directed=directed)
        else:
            graph = read_edgelist(edges, weighted=weighted, directed=directed)
        err.print(f"{graph!r}")
        model = firth.train_graph(graph, config, callbacks=[] if quiet else [ProgressBar()])
        model.save(output)
        if labels is not None:
            from firth.graphs import node_classification, read_labels

            report = node_classification(model.embeddings, read_labels(labels))
            _print_table(report.table())
    if model.interrupted:
        err.print(f"[yellow]interrupted[/]: the partly trained model is saved to {output}.")
        raise typer.Exit(code=130)
    out.print(f"saved {len(model.vocab):,} nodes x {model.config.dim} dimensions to {output}")


def _print_table(cells: list[tuple[str, ...]]) -> None:
    from rich.table import Table

    table = Table(*cells[0])
    for row in cells[1:]:
        table.add_row(*row)
    out.print(table)
