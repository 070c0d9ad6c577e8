"""Files of the phrases package: saved models (native format) and phrased text.

A saved :class:`~firth.phrases.Phrases` is a native folder (see :mod:`firth.io.native`)
of kind ``"phrases"``: the manifest holds the config and the per-pass statistics, the
arrays hold every phrase's words (UTF-8, concatenated), where each phrase's words start
(``phrase_starts``, one more than the phrases), its score, count and pass number.
"""

from __future__ import annotations

import dataclasses
import gzip
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from firth.config.phrases import PhrasesConfig
from firth.errors import ConfigError, CorpusError, FormatError

if TYPE_CHECKING:
    from firth.phrases.model import Phrases

__all__ = ["KIND", "load_phrases", "save_phrases", "write_sentences"]

#: The manifest ``kind`` of saved phrases.
KIND = "phrases"

_STATS_FIELDS = ("corpus_words", "vocab_size", "candidates", "phrases", "pruned")
_WRITE_BATCH = 1 << 16  # lines encoded and written at once


def save_phrases(model: Phrases, path: str | os.PathLike[str]) -> None:
    """Save ``model`` as a native folder at ``path`` (atomically)."""
    from firth.io.native import encode_words, save_native

    phrases = model.phrases
    words = [word for phrase in phrases for word in phrase.words]
    data, offsets = encode_words(words)
    starts = np.zeros(len(phrases) + 1, dtype=np.int64)
    np.cumsum([len(p.words) for p in phrases], out=starts[1:])
    arrays: dict[str, npt.NDArray[Any]] = {
        "words_utf8": data,
        "word_offsets": offsets,
        "phrase_starts": starts,
        "scores": np.array([p.score for p in phrases], dtype=np.float64),
        "counts": np.array([p.count for p in phrases], dtype=np.int64),
        "passes": np.array([p.pass_number for p in phrases], dtype=np.int32),
    }
    metadata = {
        "config": model.config.to_dict(),
        "stats": [dataclasses.asdict(stats) for stats in model.stats],
    }
    save_native(path, arrays, {"kind": KIND, "metadata": metadata})


def load_phrases(path: str | os.PathLike[str]) -> Phrases:
    """Load a folder written by :func:`save_phrases`, checking everything."""
    from firth.io.native import decode_words, load_native
    from firth.phrases.model import PassStats, Phrase, Phrases

    where = os.fspath(path)
    manifest, arrays = load_native(path, mmap=False)
    if manifest.get("kind") != KIND:
        raise FormatError(
            f"{where!r} holds a firth {manifest.get('kind')!r}, not phrases; load it with the "
            "function that saved it."
        )
    metadata = manifest.get("metadata")
    if not isinstance(metadata, dict):
        raise FormatError(f"{where!r}: 'metadata' must be a JSON object; got {metadata!r}.")
    config = _config(metadata.get("config"), where)
    stats = [PassStats(**_stats(item, where)) for item in _list(metadata.get("stats"), where)]
    needed = ("words_utf8", "word_offsets", "phrase_starts", "scores", "counts", "passes")
    missing = [name for name in needed if name not in arrays]
    if missing:
        raise FormatError(f"{where!r}: the manifest lists no array(s) {missing!r}.")
    words = decode_words(arrays["words_utf8"], arrays["word_offsets"], source=where)
    starts = _integers(arrays["phrase_starts"], "phrase_starts", where)
    size = starts.shape[0] - 1
    scores = arrays["scores"]
    if scores.dtype.kind != "f" or scores.shape != (size,) or not np.isfinite(scores).all():
        raise FormatError(
            f"{where!r}: 'scores' must be {size} finite floats; got {scores.dtype} of shape "
            f"{scores.shape}."
        )
    counts = _integers(arrays["counts"], "counts", where, size=size)
    passes = _integers(arrays["passes"], "passes", where, size=size)
    if size < 0 or starts[0] != 0 or starts[-1] != len(words) or (np.diff(starts) < 2).any():
        raise FormatError(
            f"{where!r}: 'phrase_starts' must start at 0, end at the number of words "
            f"({len(words)}) and step by 2 or more (a phrase joins two or more words)."
        )
    if (counts < 1).any():
        raise FormatError(f"{where!r}: every phrase count must be at least 1.")
    bounds = starts.tolist()
    joiner = config.delimiter
    phrases = []
    for i, (score, count, number) in enumerate(
        zip(scores.tolist(), counts.tolist(), passes.tolist(), strict=True)
    ):
        parts = tuple(words[bounds[i] : bounds[i + 1]])
        phrases.append(Phrase(joiner.join(parts), parts, score, count, number))
    try:
        return Phrases(config, phrases, stats)
    except ConfigError as error:
        raise FormatError(f"{where!r}: inconsistent phrases: {error}") from None


def write_sentences(sentences: Iterable[list[str]], path: str | os.PathLike[str]) -> int:
    """Write token lists as text lines (gzip when ``path`` ends in ``.gz``), atomically."""
    from firth.io.atomic import atomic_write

    written = 0
    with atomic_write(path) as raw:
        compress = os.fspath(path).lower().endswith(".gz")
        file = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if compress else raw
        try:
            lines: list[str] = []
            for sentence in sentences:
                line = " ".join(sentence)
                if len(line.split()) != len(sentence):
                    _reject(sentence, written + len(lines))
                lines.append(line)
                if len(lines) >= _WRITE_BATCH:
                    file.write(("\n".join(lines) + "\n").encode("utf-8"))
                    written += len(lines)
                    lines = []
            if lines:
                file.write(("\n".join(lines) + "\n").encode("utf-8"))
                written += len(lines)
        finally:
            if compress:
                file.close()
    return written


def _reject(sentence: list[str], number: int) -> None:
    bad = next(token for token in sentence if not token or len(token.split()) != 1)
    raise CorpusError(
        f"sentence {number} holds the token {bad!r}, which is empty or holds whitespace, so "
        "it cannot be written as space-separated text; remove or replace it first."
    )


def _config(value: object, where: str) -> PhrasesConfig:
    if not isinstance(value, dict):
        raise FormatError(f"{where!r}: 'config' must be a JSON object; got {value!r:.80}.")
    try:
        return PhrasesConfig.from_dict(value)
    except (ConfigError, TypeError) as error:
        raise FormatError(f"{where!r}: invalid phrases config: {error}") from None


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise FormatError(f"{where!r}: 'stats' must be a non-empty list; got {value!r:.80}.")
    return value


def _stats(item: object, where: str) -> dict[str, Any]:
    if not isinstance(item, dict) or set(item) != set(_STATS_FIELDS):
        raise FormatError(
            f"{where!r}: each 'stats' entry must be an object with keys {list(_STATS_FIELDS)}; "
            f"got {item!r:.80}."
        )
    for name in _STATS_FIELDS:
        value = item[name]
        good = (
            isinstance(value, bool)
            if name == "pruned"
            else isinstance(value, int) and not isinstance(value, bool) and value >= 0
        )
        if not good:
            raise FormatError(f"{where!r}: stats {name!r} is invalid: {value!r:.40}.")
    return item


def _integers(
    array: npt.NDArray[Any], name: str, where: str, *, size: int | None = None
) -> npt.NDArray[np.int64]:
    if array.dtype.kind not in "iu" or array.ndim != 1 or (size is not None and len(array) != size):
        expected = "a 1-D integer array" + ("" if size is None else f" of length {size}")
        raise FormatError(
            f"{where!r}: {name!r} must be {expected}; got {array.dtype} of shape {array.shape}."
        )
    if array.size == 0 and size is None:
        raise FormatError(f"{where!r}: {name!r} must not be empty.")
    return array.astype(np.int64)
