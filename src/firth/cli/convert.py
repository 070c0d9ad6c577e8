"""``firth convert`` and ``firth export``: move vectors between formats and tools."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from firth.cli.common import err, friendly_errors, out


class FormatChoice(str, Enum):
    NATIVE = "native"
    WORD2VEC = "word2vec"
    WORD2VEC_BINARY = "word2vec-binary"
    GLOVE = "glove"
    FASTTEXT = "fasttext"


class DTypeChoice(str, Enum):
    FLOAT32 = "float32"
    FLOAT16 = "float16"


class ReadErrorsChoice(str, Enum):
    STRICT = "strict"
    SKIP = "skip"


#: Output formats guessed from the output's suffix when --to is not given.
_SUFFIXES = {
    ".bin": FormatChoice.WORD2VEC_BINARY,
    ".txt": FormatChoice.WORD2VEC,
    ".vec": FormatChoice.FASTTEXT,
}

_INPUT_HELP = (
    "Vectors to read: a firth folder, or a word2vec (text or binary), GloVe or fastText .vec file."
)
InputArg = Annotated[Path, typer.Argument(metavar="MODEL", exists=True, help=_INPUT_HELP)]
FromOption = Annotated[
    FormatChoice | None,
    typer.Option("--from", help="Format of the input (default: told from its content)."),
]
LimitOption = Annotated[
    int | None,
    typer.Option(min=0, help="Keep only the first N vectors (the rest is not read)."),
]


def convert_command(
    source: Annotated[Path, typer.Argument(metavar="IN", exists=True, help=_INPUT_HELP)],
    target: Annotated[Path, typer.Argument(metavar="OUT", help="Where to write the vectors.")],
    to: Annotated[
        FormatChoice | None,
        typer.Option(
            "--to",
            help="Output format (default: from OUT's suffix: .bin word2vec-binary, .txt "
            "word2vec, .vec fasttext; anything else a native firth folder).",
        ),
    ] = None,
    from_: FromOption = None,
    limit: LimitOption = None,
    dtype: Annotated[
        DTypeChoice, typer.Option(help="Vector dtype (kept by the native format only).")
    ] = DTypeChoice.FLOAT32,
    errors: Annotated[
        ReadErrorsChoice,
        typer.Option(help="Bad rows in the input: strict (fail) or skip (drop and count)."),
    ] = ReadErrorsChoice.STRICT,
) -> None:
    """Convert vectors IN to another format, written to OUT (atomically)."""
    from firth.io.registry import load_embeddings, save_embeddings

    chosen = to if to is not None else _SUFFIXES.get(target.suffix.lower(), FormatChoice.NATIVE)
    with friendly_errors():
        embeddings = load_embeddings(
            source,
            format=None if from_ is None else from_.value,
            limit=limit,
            dtype=dtype.value,
            errors=errors.value,
        )
        save_embeddings(embeddings, target, format=chosen.value)
    skipped = embeddings.metadata.get("skipped", {}).get("count", 0)
    if skipped:
        err.print(f"[yellow]skipped {skipped:,} bad rows[/] of {source} (errors=skip)")
    out.print(
        f"wrote {len(embeddings):,} words x {embeddings.dim} dimensions to {target} "
        f"({chosen.value})"
    )


def export_command(
    model: InputArg,
    projector: Annotated[
        Path,
        typer.Option("--projector", help="Folder for the TensorBoard Embedding Projector files."),
    ],
    limit: Annotated[
        int | None,
        typer.Option(min=0, help="Export only the first N words (a firth model's most frequent)."),
    ] = None,
    from_: FromOption = None,
    counts: Annotated[
        bool,
        typer.Option(
            "--counts/--no-counts",
            help="Add a 'count' label column when the vocabulary has counts.",
        ),
    ] = True,
) -> None:
    """Export vectors for the TensorBoard Embedding Projector (tensors.tsv, metadata.tsv,
    projector_config.pbtxt and config.json for projector.tensorflow.org)."""
    from firth.io.projector import export_projector
    from firth.io.registry import load_embeddings

    with friendly_errors():
        embeddings = load_embeddings(
            model, format=None if from_ is None else from_.value, limit=limit
        )
        vocab_counts = embeddings.vocab.counts
        columns = {"count": vocab_counts.tolist()} if counts and vocab_counts is not None else None
        export_projector(embeddings, projector, metadata_columns=columns)
    out.print(
        f"exported {len(embeddings):,} words x {embeddings.dim} dimensions to {projector} "
        "(load config.json at projector.tensorflow.org, or point TensorBoard at the folder)"
    )
