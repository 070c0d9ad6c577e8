"""``firth items``: item2vec on sessions (playlists, baskets, browsing sessions)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from firth.cli.common import err, friendly_errors, out, report_table

_INPUT = "Input"
_TRAINING = "Training"


class SessionFormatChoice(str, Enum):
    AUTO = "auto"
    LINES = "lines"
    CSV = "csv"
    TSV = "tsv"


def items_command(
    sessions: Annotated[
        Path,
        typer.Argument(help="One session per line, or a CSV/TSV of user, item, timestamp."),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder to save the model in (native format).")
    ],
    session_format: Annotated[
        SessionFormatChoice,
        typer.Option("--format", help="auto: by suffix.", rich_help_panel=_INPUT),
    ] = SessionFormatChoice.AUTO,
    user: Annotated[
        str, typer.Option(help="User column (name, or 0-based index).", rich_help_panel=_INPUT)
    ] = "user",
    item: Annotated[str, typer.Option(help="Item column.", rich_help_panel=_INPUT)] = "item",
    time: Annotated[
        str | None,
        typer.Option(help="Timestamp column (numbers or ISO 8601).", rich_help_panel=_INPUT),
    ] = "timestamp",
    no_time: Annotated[
        bool,
        typer.Option(
            "--no-time", help="No timestamp column: keep file order.", rich_help_panel=_INPUT
        ),
    ] = False,
    session_gap: Annotated[
        float | None,
        typer.Option(
            help="Split a user's events at gaps longer than this (seconds).", rich_help_panel=_INPUT
        ),
    ] = None,
    dim: Annotated[int, typer.Option(help="Dimension.", rich_help_panel=_TRAINING)] = 64,
    window: Annotated[
        int | None,
        typer.Option(
            help="Context window; default: the whole session (item2vec).", rich_help_panel=_TRAINING
        ),
    ] = None,
    epochs: Annotated[
        int, typer.Option(help="Passes over the sessions.", rich_help_panel=_TRAINING)
    ] = 10,
    negative: Annotated[
        int, typer.Option(help="Noise items per example.", rich_help_panel=_TRAINING)
    ] = 5,
    ns_exponent: Annotated[
        float,
        typer.Option(
            help="Noise exponent; negative favours rare items.", rich_help_panel=_TRAINING
        ),
    ] = 0.75,
    sample: Annotated[
        float,
        typer.Option(help="Subsampling of frequent items (0: none).", rich_help_panel=_TRAINING),
    ] = 0.0,
    min_count: Annotated[
        int, typer.Option(help="Drop items seen fewer times.", rich_help_panel=_TRAINING)
    ] = 1,
    threads: Annotated[
        int | None, typer.Option(help="Threads (default: every core).", rich_help_panel=_TRAINING)
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed.", rich_help_panel=_TRAINING)] = 1,
    evaluate: Annotated[
        bool,
        typer.Option(
            help="Hold out every session's last item; report hit rate and MRR against popularity."
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Train item vectors on SESSIONS (item2vec) and save them to OUTPUT.

    With --evaluate the saved model is the one trained without the held-out items.
    Query it with firth similar; recommend from Python with firth.ItemModel.load.
    """
    import firth
    from firth.cli.progress import ProgressBar
    from firth.items import (
        PopularityRecommender,
        compare,
        evaluate_next_item,
        leave_last_out,
        read_sessions,
    )

    def column(value: str) -> str | int:
        return int(value) if value.isdigit() else value

    with friendly_errors():
        config = firth.ItemConfig(
            dim=dim, window=window, epochs=epochs, negative=negative, ns_exponent=ns_exponent,
            sample=sample, min_count=min_count, threads=threads, seed=seed,
        )  # fmt: skip
        source = read_sessions(
            sessions,
            format=session_format.value,
            user=column(user),
            item=column(item),
            time=None if no_time or time is None else column(time),
            session_gap=session_gap,
        )
        callbacks = [] if quiet else [ProgressBar()]
        if evaluate:
            train, cases = leave_last_out(source)
            model = firth.train_items(train, config, callbacks=callbacks)
            reports = {
                "item2vec": evaluate_next_item(model, cases, exclude_seen=True),
                "popularity": evaluate_next_item(
                    PopularityRecommender.fit(train), cases, exclude_seen=True
                ),
            }
            out.print(report_table(compare(reports)))
        else:
            model = firth.train_items(source, config, callbacks=callbacks)
        model.save(output)
    if model.model.interrupted:
        err.print(f"[yellow]interrupted[/]: the partly trained model is saved to {output}.")
        raise typer.Exit(code=130)
    out.print(f"saved {len(model):,} items x {dim} dimensions to {output}")
