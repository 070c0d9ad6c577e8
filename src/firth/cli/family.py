"""``firth train --method ppmi|svd|glove|lsa``: the count-based family from the CLI.

word2vec (``sgns``, ``cbow``) stays in :mod:`firth.cli.train`; this module maps the
command line's options onto the counting, PPMI, SVD, GloVe and LSA configurations and
refuses, by name, any option the chosen method does not use.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from firth.cli.common import out
from firth.errors import ConfigError

if TYPE_CHECKING:
    import os

    from firth.corpus import Corpus
    from firth.embeddings import Embeddings

COUNT_METHODS = ("ppmi", "svd", "glove", "lsa")

# Command-line option -> (configuration, field) for each count-based method.
_COUNTING = {
    "window": "window",
    "shrink_windows": "shrink_windows",
    "sample": "sample",
    "min_count": "min_count",
    "max_vocab_size": "max_vocab_size",
    "max_final_vocab": "max_final_vocab",
    "threads": "threads",
    "seed": "seed",
    "weighting": "weighting",
}
_PPMI = {"cds": "cds", "shift": "shift"}
_SVD = {"dim": "dim", "eig": "eig", "vectors": "output", "solver": "solver", "seed": "seed"}
_GLOVE = {
    "dim": "dim",
    "epochs": "epochs",
    "alpha": "learning_rate",
    "x_max": "x_max",
    "glove_alpha": "alpha",
    "vectors": "output",
    "threads": "threads",
    "seed": "seed",
}
_LSA = {
    "dim": "dim",
    "eig": "eig",
    "solver": "solver",
    "seed": "seed",
    "document_tokens": "document_tokens",
    "min_count": "min_count",
    "max_vocab_size": "max_vocab_size",
    "max_final_vocab": "max_final_vocab",
}
_USES: dict[str, tuple[dict[str, str], ...]] = {
    "ppmi": (_COUNTING, _PPMI, {"max_contexts": "max_contexts"}),
    "svd": (_COUNTING, _PPMI, _SVD),
    "glove": (_COUNTING, _GLOVE),
    "lsa": (_LSA,),
}


def _pick(options: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    return {field: options[name] for name, field in mapping.items() if name in options}


def train_count_method(
    method: str,
    source: Corpus,
    options: dict[str, Any],
    *,
    cache_dir: str | os.PathLike[str] | None,
) -> Embeddings:
    """Train ``method`` on ``source`` with the command line's ``options`` (given ones only).

    Raises
    ------
    ConfigError
        An option the method does not use, or an invalid value.
    """
    import dataclasses

    import firth
    from firth.config import CountConfig, GloVeConfig, LSAConfig, PPMIConfig, SVDConfig
    from firth.models.glove import GLOVE_COUNTING

    used = {name for mapping in _USES[method] for name in mapping}
    unused = sorted(set(options) - used)
    if unused:
        flags = ", ".join("--" + name.replace("_", "-") for name in unused)
        pronoun = "it" if len(unused) == 1 else "them"
        raise ConfigError(
            f"{flags} not used by --method {method}; remove {pronoun} (see firth train --help)."
        )
    if method == "lsa":
        return firth.train_lsa(source, LSAConfig(**_pick(options, _LSA)), cache_dir=cache_dir)
    counting_options = _pick(options, _COUNTING)
    if method == "glove":  # glove.c's counting defaults (window 15, 1/d), then the options
        counting = dataclasses.replace(GLOVE_COUNTING, **counting_options)
        config = GloVeConfig(**_pick(options, _GLOVE))
        return firth.train_glove(source, config, counting=counting, cache_dir=cache_dir).embeddings
    counting = CountConfig(**counting_options)
    ppmi = PPMIConfig(**_pick(options, _PPMI), **_pick(options, {"max_contexts": "max_contexts"}))
    if method == "ppmi":
        return firth.train_ppmi(source, ppmi, counting=counting, cache_dir=cache_dir)
    svd = SVDConfig(**_pick(options, _SVD))
    return firth.train_svd(source, svd, ppmi=ppmi, counting=counting, cache_dir=cache_dir)


def train_and_save(
    method: str,
    source: Corpus,
    options: dict[str, Any],
    *,
    output: Path,
    cache_dir: Path | None,
    save_word2vec: Path | None,
    binary: bool,
    stats_json: Path | None,
    started: float,
) -> None:
    """Train ``method``, save the embeddings (and the requested extras), report."""
    from firth.io.atomic import atomic_write_text

    emb = train_count_method(method, source, options, cache_dir=cache_dir)
    emb.save(output)
    if save_word2vec is not None:
        emb.save_word2vec(save_word2vec, binary=binary)
    if stats_json is not None:
        stats = {**emb.metadata, "vocab_size": len(emb), "dim": emb.dim,
                 "wall_seconds": time.perf_counter() - started}  # fmt: skip
        atomic_write_text(stats_json, json.dumps(stats, indent=2) + "\n")
    out.print(f"saved {len(emb):,} words x {emb.dim} dimensions ({method}) to {output}")
