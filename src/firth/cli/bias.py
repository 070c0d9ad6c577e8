"""``firth bias``: bias directions, projections, WEAT, analogy probes and debiasing."""

from __future__ import annotations

import json
import re
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from firth.cli.common import friendly_errors, out
from firth.errors import ConfigError

if TYPE_CHECKING:
    from firth.bias import BiasDirection
    from firth.embeddings import Embeddings

#: Name of the report written next to the arrays of a --debias-out folder.
REPORT_NAME = "debias-report.json"
_WORDS_HELP = "comma-separated, or @FILE (words separated by spaces, commas or lines)"
_DEBIAS = "Debiasing (with --debias-out)"


class DirectionChoice(str, Enum):
    PCA = "pca"
    DIFFERENCE = "difference"


def _pair(value: str, option: str) -> tuple[str, str]:
    parts = [part.strip() for part in value.split(":")]
    if len(parts) != 2 or not all(parts):
        raise ConfigError(
            f"{option} must be two words joined by ':' such as he:she; got {value!r}."
        )
    return parts[0], parts[1]


def _word_list(value: str, option: str) -> list[str]:
    """Words given as ``a,b,c`` or ``@FILE``; every word once, in order."""
    if value.startswith("@"):
        path = Path(value[1:])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{option}: cannot read the word file {path}: {exc}") from None
        words = re.split(r"[,\s]+", text)
    else:
        words = value.split(",")
    result = list(dict.fromkeys(word.strip() for word in words if word.strip()))
    if not result:
        raise ConfigError(f"{option} lists no words; got {value!r} ({_WORDS_HELP}).")
    return result


def _table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    table = Table(title=Text(title, style="bold"))
    for number, column in enumerate(columns):
        table.add_column(Text(column), justify="left" if number == 0 else "right")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _extremes(
    emb: Embeddings, direction: BiasDirection, *, k: int, restrict: int
) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """The ``k`` words of each side of ``direction`` among the first ``restrict`` words."""
    from firth.bias import project_words

    defining = set(direction.words)
    word = emb.vocab.word
    candidates = [word(i) for i in range(min(restrict, len(emb)))]
    ranked = project_words(emb, [w for w in candidates if w not in defining], direction)
    positive = [item for item in ranked[:k] if item[1] > 0]
    negative = [item for item in reversed(ranked[-k:]) if item[1] < 0]
    return positive, negative


def bias_command(
    model: Annotated[
        Path, typer.Argument(exists=True, help="A model folder or vectors file (firth.load).")
    ],
    pair: Annotated[
        list[str] | None,
        typer.Option(
            "--pair",
            "-p",
            metavar="A:B",
            help="A defining pair such as he:she; repeat for several (default he:she).",
        ),
    ] = None,
    method: Annotated[
        DirectionChoice,
        typer.Option(help="pca: first component of the centred pairs; difference: mean."),
    ] = DirectionChoice.PCA,
    words: Annotated[
        str | None,
        typer.Option(
            "--words",
            "-w",
            help=f"Words to place on the direction, {_WORDS_HELP}; default: the most "
            "biased words of each side.",
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("-k", "--top", min=1, help="Rows per list (extremes, analogies).")
    ] = 10,
    restrict: Annotated[
        int,
        typer.Option(min=1, help="Words searched for the extremes and --analogies (the first N)."),
    ] = 5000,
    weat_sets: Annotated[
        tuple[str, str, str, str] | None,
        typer.Option(
            "--weat",
            metavar="X Y A B",
            help=f"WEAT of targets X, Y and attributes A, B: four word lists, each {_WORDS_HELP}.",
        ),
    ] = None,
    permutations: Annotated[
        int, typer.Option(min=1, help="Random partitions for the WEAT p-value.")
    ] = 10_000,
    exact: Annotated[
        bool, typer.Option("--exact", help="Enumerate every partition (small sets only).")
    ] = False,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the WEAT partitions.")] = 0,
    analogies: Annotated[
        bool,
        typer.Option(
            "--analogies",
            help="Probe A : word :: B : ? (first pair) for --words or the top words, and "
            "list the word pairs most aligned with the direction.",
        ),
    ] = False,
    delta: Annotated[
        float,
        typer.Option(help="--analogies: largest |x - y| of a pair (> 0)."),
    ] = 1.0,
    debias_out: Annotated[
        Path | None,
        typer.Option(
            "--debias-out",
            help=f"Hard-debias and save the embeddings to this folder, with {REPORT_NAME}.",
            rich_help_panel=_DEBIAS,
        ),
    ] = None,
    equalize: Annotated[
        list[str] | None,
        typer.Option(
            "--equalize",
            metavar="A:B",
            help="A pair to equalise (repeat for several).",
            rich_help_panel=_DEBIAS,
        ),
    ] = None,
    specific: Annotated[
        str | None,
        typer.Option(
            help=f"Words left as they are (gender-specific), {_WORDS_HELP}; unknown ones are "
            "ignored.",
            rich_help_panel=_DEBIAS,
        ),
    ] = None,
    neutral: Annotated[
        str | None,
        typer.Option(
            help=f"Words to neutralise, {_WORDS_HELP}; default: every word except the "
            "specific, defining and equalised ones.",
            rich_help_panel=_DEBIAS,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the results as JSON on standard output.")
    ] = False,
) -> None:
    """Measure (and optionally remove) a bias direction in MODEL, such as gender.

    The direction comes from defining pairs (--pair he:she --pair man:woman). Shown:
    the words leaning most to each side (or --words), a WEAT test (--weat), analogy
    probes (--analogies), and with --debias-out the effect of hard debiasing
    (Bolukbasi et al. 2016).
    """
    from firth.bias import (
        analogy_probe,
        bias_direction,
        biased_analogies,
        debias,
        project_words,
        weat,
    )
    from firth.embeddings import load
    from firth.io.atomic import atomic_write_text

    with friendly_errors():
        pairs = [_pair(value, "--pair") for value in pair] if pair else [("he", "she")]
        listed = _word_list(words, "--words") if words is not None else None
        sets = None
        if weat_sets is not None:
            named = zip("XYAB", weat_sets, strict=True)
            sets = [_word_list(value, f"--weat {name}") for name, value in named]
        equal_pairs = [_pair(value, "--equalize") for value in equalize or []]
        specific_words = _word_list(specific, "--specific") if specific is not None else []
        neutral_words = _word_list(neutral, "--neutral") if neutral is not None else None
        if debias_out is None and (equal_pairs or specific is not None or neutral is not None):
            raise ConfigError(
                "--equalize, --specific and --neutral set up debiasing; add --debias-out "
                "FOLDER to run it."
            )
        if debias_out is not None and debias_out.resolve() == model.resolve():
            raise ConfigError(
                f"--debias-out must not be the model itself ({model}); choose a new folder."
            )

        emb = load(model)
        direction = bias_direction(emb, pairs, method=method.value)
        result: dict[str, Any] = {
            "model": str(model),
            "direction": direction.to_dict(vector=False),
        }
        if listed is not None:
            projections = project_words(emb, listed, direction)
            result["projections"] = [{"word": w, "projection": p} for w, p in projections]
            probe_words = listed
        else:
            positive, negative = _extremes(emb, direction, k=top, restrict=restrict)
            result["extremes"] = {
                "positive": [{"word": w, "projection": p} for w, p in positive],
                "negative": [{"word": w, "projection": p} for w, p in negative],
            }
            probe_words = [w for w, _ in positive]
        rounds = None if exact else permutations
        weat_result = weat(emb, *sets, permutations=rounds, seed=seed) if sets else None
        if weat_result is not None:
            result["weat"] = weat_result.to_dict()
        if analogies:
            probes = (
                analogy_probe(emb, probe_words, pairs=pairs[:1], k=1, restrict=restrict)
                if probe_words
                else []
            )
            generated = biased_analogies(emb, direction, k=top, delta=delta, restrict=restrict)
            result["analogy_probes"] = [probe.to_dict() for probe in probes]
            result["biased_analogies"] = [item.to_dict() for item in generated]
        summary = None
        if debias_out is not None:
            debiased = debias(
                emb,
                direction,
                neutral=neutral_words,
                specific=specific_words,
                equalize=equal_pairs,
                top=top,
            )
            debiased.embeddings.save(debias_out)
            report = debiased.report.to_dict()
            try:
                atomic_write_text(
                    debias_out / REPORT_NAME,
                    json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n",
                )
            except OSError as exc:
                raise ConfigError(f"--debias-out: cannot write {REPORT_NAME}: {exc}") from None
            result["debias"] = {"saved_to": str(debias_out), "report": report}
            summary = debiased.report.summary()
            if sets:
                after = weat(debiased.embeddings, *sets, permutations=rounds, seed=seed)
                result["weat_after_debias"] = after.to_dict()

    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False))
        return
    _print(result, summary=summary)


def _print(result: dict[str, Any], *, summary: str | None) -> None:
    direction = result["direction"]
    a, b = direction["pairs"][0]
    shown_pairs = ", ".join(f"{x}/{y}" for x, y in direction["pairs"])
    out.print(
        Text(
            f"{result['model']}: {direction['method']} direction of {shown_pairs}; "
            f"{direction['variance_ratio']:.1%} of the pairs' variance lies along it "
            f"(positive: the {a!r} side)."
        ),
        soft_wrap=True,
    )
    if "projections" in result:
        rows = [[r["word"], f"{r['projection']:+.4f}"] for r in result["projections"]]
        out.print(_table(f"projections on {a} - {b}", ["word", "projection"], rows))
    if "extremes" in result:
        for side, name in (("positive", a), ("negative", b)):
            rows = [[r["word"], f"{r['projection']:+.4f}"] for r in result["extremes"][side]]
            out.print(_table(f"most {name!r}-leaning words", ["word", "projection"], rows))
    for key, title in (("weat", "WEAT"), ("weat_after_debias", "WEAT after debiasing")):
        if key in result:
            out.print(_weat_table(result[key], title))
    if "analogy_probes" in result:
        rows = [
            [
                f"{p['a']} : {p['word']} :: {p['b']} : ?",
                p["answers"][0]["word"] if p["answers"] else "-",
                f"{p['answers'][0]['score']:.4f}" if p["answers"] else "",
            ]
            for p in result["analogy_probes"]
        ]
        out.print(_table("analogy probes", ["question", "answer", "score"], rows))
        rows = [
            [f"{g['x']} : {g['y']}", f"{g['score']:.4f}", f"{g['distance']:.4f}"]
            for g in result["biased_analogies"]
        ]
        out.print(_table(f"pairs most aligned with {a} - {b}", ["pair", "score", "distance"], rows))
    if summary is not None:
        out.print(Text(summary), soft_wrap=True)
        saved_to = result["debias"]["saved_to"]
        out.print(Text(f"saved the debiased embeddings to {saved_to}"), soft_wrap=True)


def _weat_table(data: dict[str, Any], title: str) -> Table:
    sizes = data["sizes"]
    effect = data["effect_size"]
    test = "exact" if data["exact"] else f"{data['n_permutations']:,} random partitions"
    rows = [
        ["effect size (d)", "n/a" if effect is None else f"{effect:+.4f}"],
        ["p-value (one-sided)", f"{data['p_value']:.4g} ({test})"],
        ["statistic", f"{data['statistic']:+.4f}"],
        ["mean s(x, A, B)", f"{data['x_association']:+.4f}"],
        ["mean s(y, A, B)", f"{data['y_association']:+.4f}"],
        ["sizes X, Y, A, B", ", ".join(str(sizes[k]) for k in "XYAB")],
    ]
    if data["missing"]:
        rows.append(["left out", ", ".join(data["missing"])])
    return _table(title, ["", "value"], rows)
