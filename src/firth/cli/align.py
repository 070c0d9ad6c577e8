"""``firth align``: map one embedding space onto another from a seed dictionary."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from firth.cli.common import err, friendly_errors, out

_VECTORS_HELP = "a firth folder, or a word2vec (text or binary), GloVe or fastText .vec file"


class AlignMethodChoice(str, Enum):
    PROCRUSTES = "procrustes"
    LSTSQ = "lstsq"


class NormalizeChoice(str, Enum):
    NONE = "none"
    UNIT = "unit"
    CENTER_UNIT = "center+unit"


class RetrievalChoice(str, Enum):
    CSLS = "csls"
    NN = "nn"


def align_command(
    source: Annotated[
        Path, typer.Argument(metavar="SRC", exists=True, help=f"Source vectors: {_VECTORS_HELP}.")
    ],
    target: Annotated[
        Path, typer.Argument(metavar="TGT", exists=True, help=f"Target vectors: {_VECTORS_HELP}.")
    ],
    dictionary: Annotated[
        Path,
        typer.Option(
            "--dict",
            "-d",
            exists=True,
            dir_okay=False,
            help="Seed dictionary: one 'source target' word pair per line.",
        ),
    ],
    test: Annotated[
        Path | None,
        typer.Option(
            "--test",
            "-t",
            exists=True,
            dir_okay=False,
            help="Held-out dictionary: print precision@1/5/10 of translating its words.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Save the source embeddings mapped into the target space here."
        ),
    ] = None,
    method: Annotated[
        AlignMethodChoice, typer.Option(help="Orthogonal Procrustes or least squares.")
    ] = AlignMethodChoice.PROCRUSTES,
    normalize: Annotated[
        NormalizeChoice, typer.Option(help="How both spaces are normalised first.")
    ] = NormalizeChoice.UNIT,
    refine: Annotated[
        int, typer.Option(min=0, help="Iterations of self-learning from mutual CSLS neighbours.")
    ] = 0,
    refine_vocab: Annotated[
        int, typer.Option(min=1, help="Most frequent words of each space used in refinement.")
    ] = 20000,
    retrieval: Annotated[
        RetrievalChoice, typer.Option(help="Translation retrieval for --test.")
    ] = RetrievalChoice.CSLS,
    csls_k: Annotated[int, typer.Option("--csls-k", "-k", min=1, help="CSLS neighbourhood.")] = 10,
    limit: Annotated[
        int | None,
        typer.Option(min=1, help="Read only the first N vectors of each file (most frequent)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the results as JSON on standard output.")
    ] = False,
) -> None:
    """Map the SRC space onto TGT from the word pairs of --dict (e.g. English onto Italian).

    Pairs with a word missing from either space are skipped and counted. With --test,
    the held-out pairs' source words are translated and precision@1/5/10 is printed
    (a word counts as correct if any of its translations is found).
    """
    from firth.align import align, read_dictionary
    from firth.embeddings import load

    with friendly_errors():
        pairs = read_dictionary(dictionary)
        test_pairs = read_dictionary(test) if test is not None else None
        source_emb = load(source, limit=limit)
        target_emb = load(target, limit=limit)
        alignment = align(
            source_emb,
            target_emb,
            pairs,
            method=method.value,
            normalize=normalize.value,
            refine=refine,
            refine_vocab=refine_vocab,
            csls_k=csls_k,
        )
        report = (
            alignment.evaluate(test_pairs, retrieval=retrieval.value)
            if test_pairs is not None
            else None
        )
        if output is not None:
            alignment.mapped().save(output)
    result: dict[str, Any] = {
        "source": str(source),
        "target": str(target),
        "dictionary": str(dictionary),
        "method": alignment.method,
        "normalize": alignment.normalize,
        "source_words": len(source_emb),
        "target_words": len(target_emb),
        "dims": [source_emb.dim, target_emb.dim],
        "pairs_used": alignment.pairs_used,
        "pairs_skipped": alignment.pairs_skipped,
        "refined": list(alignment.refined),
        "test": report,
        "output": None if output is None else str(output),
    }
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    if output is not None:
        err.print(Text(f"saved the mapped source embeddings to {output}"))
    _print_tables(result)


def _print_tables(result: dict[str, Any]) -> None:
    summary = Table(title=Text("alignment", style="bold"), show_header=False)
    summary.add_column("", style="bold")
    summary.add_column("")
    dims = result["dims"]
    rows = [
        ("source", f"{result['source']} ({result['source_words']} words, dim {dims[0]})"),
        ("target", f"{result['target']} ({result['target_words']} words, dim {dims[1]})"),
        ("method", f"{result['method']}, normalize={result['normalize']}"),
        ("seed pairs", f"{result['pairs_used']} used, {result['pairs_skipped']} skipped"),
    ]
    if result["refined"]:
        sizes = " -> ".join(str(n) for n in result["refined"])
        count = len(result["refined"])
        plural = "" if count == 1 else "s"
        rows.append(("refinement", f"{count} re-solve{plural}, pairs {sizes}"))
    for name, value in rows:
        summary.add_row(Text(name), Text(value))
    out.print(summary)
    report = result["test"]
    if report is None:
        return
    scores = Table(title=Text(f"test ({report['retrieval']} retrieval)", style="bold"))
    ks = [key.split("@", 1)[1] for key in report if key.startswith("precision@")]
    for k in ks:
        scores.add_column(f"P@{k}", justify="right")
    scores.add_column("words evaluated", justify="right")
    scores.add_column("pairs skipped", justify="right")
    scores.add_row(
        *(f"{report[f'precision@{k}']:.3f}" for k in ks),
        f"{report['queries']} of {report['sources']}",
        f"{report['pairs_skipped']} of {report['pairs']}",
    )
    out.print(scores)
