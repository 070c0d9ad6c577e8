"""Helpers of the corpus readers: sentence boundaries, item checks, path listing."""

from __future__ import annotations

import os
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from firth.errors import CorpusError

__all__ = ["NO_BREAKS", "SPLIT_HINT", "SentenceEnds", "check_exists", "check_sentence", "walk"]

NO_BREAKS: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
NO_BREAKS.flags.writeable = False
SPLIT_HINT = "e.g. [line.split() for line in lines]"


class SentenceEnds:
    """Turn per-block line breaks into global sentence ends (deduplicated, length-capped)."""

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length
        self.total = 0  # tokens seen so far
        self.last = 0  # end of the last sentence emitted

    def push(self, count: int, breaks: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        limit = self.max_length
        ends = np.unique(breaks + self.total) if breaks.size else breaks
        ends = ends[ends > self.last]
        self.total += count
        bounds = np.concatenate(([self.last], ends, [self.total]))
        lengths = np.diff(bounds)
        long = np.flatnonzero(lengths > limit)
        if long.size:
            cuts = [ends]
            for i in long.tolist():
                stop = bounds[i + 1] + (1 if i == len(ends) else 0)  # the tail may end a piece
                cuts.append(np.arange(bounds[i] + limit, stop, limit, dtype=np.int64))
            ends = np.unique(np.concatenate(cuts))
        if ends.size:
            self.last = int(ends[-1])
        return ends

    def close(self) -> npt.NDArray[np.int64]:
        if self.total > self.last:
            self.last = self.total
            return np.array([self.total], dtype=np.int64)
        return NO_BREAKS


def check_sentence(item: object, number: int) -> list[str]:
    """``item`` as a list of str tokens, or a CorpusError saying what is wrong with it."""
    if isinstance(item, str):
        raise CorpusError(
            f"sentence {number} of the corpus is a str ({item!r:.60}), but each sentence must "
            f"be a list of tokens; split your lines first, {SPLIT_HINT}."
        )
    if isinstance(item, list):
        sentence: list[str] = item
    elif isinstance(item, (bytes, bytearray)) or not isinstance(item, Iterable):
        raise CorpusError(
            f"sentence {number} of the corpus is {type(item).__name__} ({item!r:.60}), but "
            f"each sentence must be a list of str tokens, {SPLIT_HINT}."
        )
    else:
        sentence = list(item)
    kinds = set(map(type, sentence))
    if kinds and kinds != {str}:
        for kind in kinds:
            if not issubclass(kind, str):
                bad = next(token for token in sentence if type(token) is kind)
                raise CorpusError(
                    f"sentence {number} of the corpus holds a token of type {kind.__name__} "
                    f"({bad!r:.60}); every token must be a str."
                )
    return sentence


def check_exists(path: str, *, hint_sentences: bool) -> None:
    if os.path.exists(path):
        return
    message = (
        f"corpus path {path!r} does not exist (looked for {os.path.abspath(path)!r}); "
        "check the spelling and the working directory."
    )
    if hint_sentences and (not path.strip() or any(c.isspace() for c in path)):
        message += (
            " If this is text rather than a path: each sentence must be a list of tokens, "
            f"{SPLIT_HINT}."
        )
    raise CorpusError(message)


def walk(folder: str) -> list[str]:
    """Every regular, non-hidden file below ``folder``, in sorted order."""

    def fail(error: OSError) -> None:
        raise CorpusError(f"cannot list corpus folder {folder!r}: {error}.")

    found: list[tuple[list[str], str]] = []
    for root, dirs, files in os.walk(folder, onerror=fail):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            full = os.path.join(root, name)
            if not name.startswith(".") and os.path.isfile(full):
                found.append((os.path.relpath(full, folder).split(os.sep), full))
    found.sort()
    return [full for _, full in found]
