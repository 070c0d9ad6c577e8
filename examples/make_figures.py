"""Draw the README's figures from a model of the bundled demo corpus.

Trains skip-gram vectors on ``examples/gutenberg_demo_3M.txt.xz`` (about 10 seconds on two
cores), or loads a saved model, and writes PNG images with :mod:`firth.viz`::

    pip install -e '.[viz]'
    python examples/make_figures.py                      # train, write docs/images/*.png
    python examples/make_figures.py --model demo-model   # use a saved model instead
    python examples/make_figures.py --save-model demo-model --format svg

With the same firth version and ``--threads 1`` the training, and so the figures, are
reproducible; with more threads (the default here: 2) they vary slightly from run to run.
"""

from __future__ import annotations

import argparse
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path

import firth
from firth import viz

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "gutenberg_demo_3M.txt.xz"
OUT = HERE.parent / "docs" / "images"

STRIP_WORDS = ["king", "man", "woman", "queen", "water"]

PEOPLE = [
    "man", "woman", "boy", "girl", "father", "mother", "son", "daughter", "brother",
    "sister", "husband", "wife", "king", "queen", "prince", "princess", "lord", "lady",
]  # fmt: skip
ARROWS = [("man", "woman"), ("king", "queen"), ("father", "mother"), ("boy", "girl")]

NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty"]
JOBS = [
    "soldier", "sailor", "farmer", "merchant", "priest", "lawyer", "servant", "captain",
    "judge", "physician", "carpenter", "shepherd",
]  # fmt: skip
ANIMALS = ["horse", "dog", "cat", "sheep", "cow", "bird", "wolf", "lion"]

MATRIX_WORDS = ["king", "queen", "prince", "man", "woman", "girl", "water", "sea", "ship"]


def load_or_train(model: str | None, save: str | None, threads: int) -> firth.Embeddings:
    """The embeddings of ``model``, or of a new model trained on the demo corpus."""
    if model is not None:
        return firth.load(model)
    corpus = firth.Corpus(CORPUS, tokenizer="simple")
    config = firth.TrainConfig(architecture="skipgram", dim=100, epochs=5, seed=1, threads=threads)
    start = time.perf_counter()
    trained = firth.train(corpus, config)
    logging.info("trained in %.1f s", time.perf_counter() - start)
    if save is not None:
        trained.save(save)
    return trained.embeddings


def make_figures(emb: firth.Embeddings, out: Path, suffix: str) -> list[Path]:
    """Write every figure into ``out``; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / f"{name}.{suffix}" for name in
             ("strips", "axes", "map", "similarity", "graph")}  # fmt: skip
    viz.vector_strips(
        emb,
        STRIP_WORDS,
        scale="unit",
        title="Word vectors, one row per word (unit length)",
        path=paths["strips"],
    )
    viz.axis_projection(
        emb,
        PEOPLE,
        x=("he", "she"),
        y=("common", "royal"),
        arrows=ARROWS,
        title="Projections on he → she and common → royal",
        path=paths["axes"],
    )
    groups = {w: "number" for w in NUMBERS} | {w: "job" for w in JOBS}
    groups |= {w: "animal" for w in ANIMALS}
    viz.word_map(
        emb,
        NUMBERS + JOBS + ANIMALS,
        method="tsne",
        clusters=groups,
        seed=1,
        title="t-SNE map of numbers, jobs and animals",
        path=paths["map"],
    )
    viz.similarity_matrix(
        emb, MATRIX_WORDS, order="cluster", title="Cosine similarity", path=paths["similarity"]
    )
    viz.neighbour_graph(
        emb,
        "king",
        k=6,
        depth=2,
        restrict=3_000,
        title="Nearest neighbours of 'king' and theirs",
        path=paths["graph"],
    )
    return list(paths.values())


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a saved firth model to load instead of training")
    parser.add_argument("--save-model", help="save the trained model in this directory")
    parser.add_argument("--out", default=os.fspath(OUT), help="folder of the images")
    parser.add_argument("--format", choices=("png", "svg"), default="png")
    parser.add_argument("--threads", type=int, default=2, help="training threads")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    emb = load_or_train(args.model, args.save_model, args.threads)
    for path in make_figures(emb, Path(args.out), args.format):
        logging.info("wrote %s", path)


if __name__ == "__main__":
    main()
