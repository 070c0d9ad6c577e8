"""``firth train``: train word2vec (or a count-based method) on files and save it."""

from __future__ import annotations

import json
import time
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from firth.cli.common import err, friendly_errors, out
from firth.cli.family import COUNT_METHODS, train_and_save
from firth.errors import ConfigError

if TYPE_CHECKING:
    from firth.models.word2vec import Word2VecModel


class MethodChoice(str, Enum):
    SGNS = "sgns"
    CBOW = "cbow"
    PPMI = "ppmi"
    SVD = "svd"
    GLOVE = "glove"
    LSA = "lsa"


class WeightingChoice(str, Enum):
    UNIFORM = "uniform"
    HARMONIC = "harmonic"
    LINEAR = "linear"


class VectorsChoice(str, Enum):
    W = "w"
    C = "c"
    WC = "w+c"


class SolverChoice(str, Enum):
    ARPACK = "arpack"
    PROPACK = "propack"
    RANDOMIZED = "randomized"


class Arch(str, Enum):
    SKIPGRAM = "skipgram"
    CBOW = "cbow"


class LossChoice(str, Enum):
    NS = "ns"
    HS = "hs"
    BOTH = "both"
    NCE = "nce"


class CbowContextChoice(str, Enum):
    MEAN = "mean"
    SUM = "sum"


class SkipgramUpdateChoice(str, Enum):
    AUTO = "auto"
    WINDOW = "window"
    PAIR = "pair"


class TokenizerChoice(str, Enum):
    WHITESPACE = "whitespace"
    SIMPLE = "simple"


class ErrorsChoice(str, Enum):
    REPLACE = "replace"
    STRICT = "strict"
    IGNORE = "ignore"


_TRAINING = "Training options (default: TrainConfig's)"
_FAMILY = "Count-based methods (ppmi, svd, glove, lsa)"
_READING = "Reading the corpus"
_OUTPUT = "Output"


def train_command(
    corpus: Annotated[list[Path], typer.Argument(help="Text files (.gz/.bz2/.xz too) or folders.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder to save the model in (native format).")
    ],
    method: Annotated[
        MethodChoice | None,
        typer.Option(
            help="sgns (skip-gram) or cbow: word2vec (default cbow, or --arch); ppmi, svd, "
            "glove, lsa: the count-based family on the same corpus pipeline.",
            rich_help_panel=_TRAINING,
        ),
    ] = None,
    arch: Annotated[
        Arch | None, typer.Option(help="Architecture.", rich_help_panel=_TRAINING)
    ] = None,
    loss: Annotated[
        LossChoice | None,
        typer.Option(
            help="Negative sampling, hierarchical softmax, both, or noise-contrastive estimation.",
            rich_help_panel=_TRAINING,
        ),
    ] = None,
    dim: Annotated[
        int | None, typer.Option(help="Vector dimension.", rich_help_panel=_TRAINING)
    ] = None,
    window: Annotated[
        int | None, typer.Option(help="Maximum context distance.", rich_help_panel=_TRAINING)
    ] = None,
    shrink_windows: Annotated[
        bool | None,
        typer.Option(
            "--shrink-windows/--fixed-windows",
            help="Random window shrinking.",
            rich_help_panel=_TRAINING,
        ),
    ] = None,
    negative: Annotated[
        int | None, typer.Option(help="Noise words per example.", rich_help_panel=_TRAINING)
    ] = None,
    ns_exponent: Annotated[
        float | None, typer.Option(help="Noise distribution exponent.", rich_help_panel=_TRAINING)
    ] = None,
    sample: Annotated[
        float | None,
        typer.Option(help="Subsampling threshold (0: off).", rich_help_panel=_TRAINING),
    ] = None,
    min_count: Annotated[
        int | None, typer.Option(help="Drop rarer words.", rich_help_panel=_TRAINING)
    ] = None,
    max_vocab_size: Annotated[
        int | None,
        typer.Option(help="Prune while counting above this many words.", rich_help_panel=_TRAINING),
    ] = None,
    max_final_vocab: Annotated[
        int | None, typer.Option(help="Keep at most this many words.", rich_help_panel=_TRAINING)
    ] = None,
    epochs: Annotated[
        int | None, typer.Option(help="Passes over the corpus.", rich_help_panel=_TRAINING)
    ] = None,
    alpha: Annotated[
        float | None,
        typer.Option(
            help="Starting learning rate (0.025 skip-gram, 0.05 CBOW).", rich_help_panel=_TRAINING
        ),
    ] = None,
    min_alpha: Annotated[
        float | None, typer.Option(help="Final learning rate.", rich_help_panel=_TRAINING)
    ] = None,
    cbow_context: Annotated[
        CbowContextChoice | None,
        typer.Option(help="Mean or sum of the CBOW context.", rich_help_panel=_TRAINING),
    ] = None,
    skipgram_update: Annotated[
        SkipgramUpdateChoice | None,
        typer.Option(
            help="Skip-gram: a whole window with shared noise words (fast) or word2vec.c's "
            "per-pair updates; auto: window for negative sampling, pair with hs.",
            rich_help_panel=_TRAINING,
        ),
    ] = None,
    threads: Annotated[
        int | None,
        typer.Option(help="Worker threads (default: all cores).", rich_help_panel=_TRAINING),
    ] = None,
    seed: Annotated[
        int | None, typer.Option(help="Random seed.", rich_help_panel=_TRAINING)
    ] = None,
    compute_loss: Annotated[
        bool | None,
        typer.Option(
            "--loss-report/--no-loss-report",
            help="Compute the training loss.",
            rich_help_panel=_TRAINING,
        ),
    ] = None,
    weighting: Annotated[
        WeightingChoice | None,
        typer.Option(
            help="Co-occurrence weight at distance d: 1, 1/d or (window-d+1)/window "
            "(default: uniform; glove: 1/d over a window of 15, as glove.c).",
            rich_help_panel=_FAMILY,
        ),
    ] = None,
    cds: Annotated[
        float | None,
        typer.Option(help="PPMI context-distribution smoothing.", rich_help_panel=_FAMILY),
    ] = None,
    shift: Annotated[
        float | None,
        typer.Option(help="Shifted PMI: subtract log(shift).", rich_help_panel=_FAMILY),
    ] = None,
    max_contexts: Annotated[
        int | None,
        typer.Option(help="ppmi: keep the most frequent contexts.", rich_help_panel=_FAMILY),
    ] = None,
    eig: Annotated[
        float | None,
        typer.Option(help="svd/lsa: eigenvalue weighting p.", rich_help_panel=_FAMILY),
    ] = None,
    vectors: Annotated[
        VectorsChoice | None,
        typer.Option(
            help="Word vectors, context vectors or their sum (svd, glove; for sgns/cbow what "
            "--save-word2vec writes).",
            rich_help_panel=_FAMILY,
        ),
    ] = None,
    solver: Annotated[
        SolverChoice | None, typer.Option(help="svd/lsa: SVD solver.", rich_help_panel=_FAMILY)
    ] = None,
    x_max: Annotated[
        float | None, typer.Option(help="glove: weighting cut-off.", rich_help_panel=_FAMILY)
    ] = None,
    glove_alpha: Annotated[
        float | None,
        typer.Option(
            help="glove: weighting exponent (--alpha is the learning rate).",
            rich_help_panel=_FAMILY,
        ),
    ] = None,
    document_tokens: Annotated[
        int | None,
        typer.Option(help="lsa: tokens per document (default: a line).", rich_help_panel=_FAMILY),
    ] = None,
    tokenizer: Annotated[
        TokenizerChoice,
        typer.Option(
            help="whitespace: split on spaces; simple: lowercase words, punctuation split off.",
            rich_help_panel=_READING,
        ),
    ] = TokenizerChoice.WHITESPACE,
    encoding_errors: Annotated[
        ErrorsChoice,
        typer.Option(
            help="Invalid UTF-8: replace (and count), strict (fail), ignore.",
            rich_help_panel=_READING,
        ),
    ] = ErrorsChoice.REPLACE,
    max_sentence_length: Annotated[
        int,
        typer.Option(
            min=1,
            help="Longer lines are cut into pieces (no token dropped).",
            rich_help_panel=_READING,
        ),
    ] = 10_000,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            help="Keep the encoded corpus here and reuse it (default: a temporary folder).",
            rich_help_panel=_READING,
        ),
    ] = None,
    checkpoint: Annotated[
        Path | None, typer.Option(help="Folder for resumable checkpoints.", rich_help_panel=_OUTPUT)
    ] = None,
    checkpoint_every: Annotated[
        float | None, typer.Option(help="Seconds between checkpoints.", rich_help_panel=_OUTPUT)
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            help="Continue the run saved in this model or checkpoint folder.",
            rich_help_panel=_OUTPUT,
        ),
    ] = None,
    save_word2vec: Annotated[
        Path | None,
        typer.Option(
            help="Also write the vectors in word2vec.c's format.", rich_help_panel=_OUTPUT
        ),
    ] = None,
    binary: Annotated[
        bool, typer.Option(help="With --save-word2vec: binary format.", rich_help_panel=_OUTPUT)
    ] = False,
    stats_json: Annotated[
        Path | None,
        typer.Option(
            help="Write per-epoch words, seconds, words/s and loss as JSON.",
            rich_help_panel=_OUTPUT,
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Train word2vec (or --method ppmi|svd|glove|lsa) on CORPUS and save it to OUTPUT.

    Ctrl-C stops word2vec at the next job boundary and saves a consistent, resumable model.
    """
    import firth
    from firth.cli.progress import ProgressBar
    from firth.corpus import Corpus
    from firth.io.atomic import atomic_write_text

    options: dict[str, Any] = {
        name: value.value if isinstance(value, Enum) else value
        for name, value in {
            "architecture": arch,
            "loss": loss,
            "dim": dim,
            "window": window,
            "shrink_windows": shrink_windows,
            "negative": negative,
            "ns_exponent": ns_exponent,
            "sample": sample,
            "min_count": min_count,
            "max_vocab_size": max_vocab_size,
            "max_final_vocab": max_final_vocab,
            "epochs": epochs,
            "alpha": alpha,
            "min_alpha": min_alpha,
            "cbow_context": cbow_context,
            "skipgram_update": skipgram_update,
            "threads": threads,
            "seed": seed,
            "compute_loss": compute_loss,
        }.items()
        if value is not None
    }
    family: dict[str, Any] = {
        name: value.value if isinstance(value, Enum) else value
        for name, value in {
            "weighting": weighting,
            "cds": cds,
            "shift": shift,
            "max_contexts": max_contexts,
            "eig": eig,
            "vectors": vectors,
            "solver": solver,
            "x_max": x_max,
            "glove_alpha": glove_alpha,
            "document_tokens": document_tokens,
        }.items()
        if value is not None
    }
    callbacks = [] if quiet else [ProgressBar()]
    started = time.perf_counter()
    with friendly_errors():
        source = Corpus(
            corpus,
            tokenizer=tokenizer.value,
            encoding_errors=encoding_errors.value,
            max_sentence_length=max_sentence_length,
        )
        if method is not None and method.value in COUNT_METHODS:
            word2vec_only = {
                "--arch": arch, "--loss": loss, "--checkpoint": checkpoint,
                "--checkpoint-every": checkpoint_every, "--resume": resume,
            }  # fmt: skip
            given = [flag for flag, value in word2vec_only.items() if value is not None]
            if given:
                raise ConfigError(
                    f"{', '.join(given)}: only for word2vec, not --method {method.value}."
                )
            options.pop("architecture", None)
            if "compute_loss" in options:  # refused as not used, under its flag's name
                options["loss_report"] = options.pop("compute_loss")
            train_and_save(
                method.value,
                source,
                {**options, **family},
                output=output,
                cache_dir=cache_dir,
                save_word2vec=save_word2vec,
                binary=binary,
                stats_json=stats_json,
                started=started,
            )
            return
        options.update(_word2vec_method(method, arch))
        w2v_vectors = family.pop("vectors", "w")
        if family:
            flags = ", ".join("--" + name.replace("_", "-") for name in sorted(family))
            raise ConfigError(f"{flags}: only for --method ppmi, svd, glove or lsa.")
        if resume is not None:
            extra = sorted(set(options) - {"threads"})
            if extra:
                raise ConfigError(
                    f"--resume continues with the checkpoint's own options; remove {extra} "
                    "(only --threads may change)."
                )
            model = firth.resume(
                resume,
                source,
                threads=threads,
                callbacks=callbacks,
                checkpoint=checkpoint,
                checkpoint_every=checkpoint_every,
                cache_dir=cache_dir,
            )
        else:
            config = firth.TrainConfig(**options)
            model = firth.train(
                source,
                config,
                callbacks=callbacks,
                checkpoint=checkpoint,
                checkpoint_every=checkpoint_every,
                cache_dir=cache_dir,
            )
        model.save(output)
        if save_word2vec is not None:
            model.embeddings_of(w2v_vectors).save_word2vec(save_word2vec, binary=binary)
        if stats_json is not None:
            atomic_write_text(
                stats_json,
                json.dumps(_stats(model, time.perf_counter() - started), indent=2) + "\n",
            )
    if model.interrupted:
        err.print(
            f"[yellow]interrupted[/] at epoch {model.state.epoch + 1}/{model.config.epochs}; "
            f"the model saved to {output} is consistent and usable. Continue with:\n"
            f"  firth train {' '.join(str(p) for p in corpus)} --resume {output} -o {output}"
        )
        raise typer.Exit(code=130)
    out.print(f"saved {len(model.vocab):,} words x {model.config.dim} dimensions to {output}")


def _word2vec_method(method: MethodChoice | None, arch: Arch | None) -> dict[str, str]:
    """The architecture ``--method sgns|cbow`` implies, checked against ``--arch``."""
    if method is None:
        return {}
    architecture = "skipgram" if method is MethodChoice.SGNS else "cbow"
    if arch is not None and arch.value != architecture:
        raise ConfigError(
            f"--method {method.value} trains {architecture}, but --arch {arch.value} was given; "
            "drop one of them."
        )
    return {"architecture": architecture}


def _stats(model: Word2VecModel, wall_seconds: float) -> dict[str, Any]:
    epochs = [h.to_dict() for h in model.history]
    effective = sum(h["effective_words"] for h in epochs)
    seconds = sum(h["seconds"] for h in epochs)
    return {
        "config": model.config.to_dict(),
        "corpus": model.corpus,
        "vocab_size": len(model.vocab),
        "timings": model.timings,
        "wall_seconds": wall_seconds,
        "interrupted": model.interrupted,
        "effective_words": effective,
        "train_seconds": seconds,
        "words_per_second": effective / seconds if seconds > 0 else 0.0,
        "epochs": epochs,
    }
