"""Where encoded ids go while a corpus is encoded: memory, or a cache folder on disk.

A cache folder holds::

    ids.int32            raw little-endian int32 token ids (memory-mapped on load)
    sentence_ends.npy    int64 exclusive end offsets (saved with allow_pickle=False)
    vocab_words.json     the vocabulary words in index order
    vocab_counts.npy     their counts (absent when the vocabulary has none)
    manifest.json        format, corpus fingerprint, options and statistics

The manifest is removed before a rebuild starts and written last, atomically, so an
interrupted build is never mistaken for a finished one. Files are replaced by renaming,
never rewritten in place, so arrays mapped from an earlier build stay valid.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from firth.corpus._mapped import map_array
from firth.errors import CorpusError
from firth.io.atomic import atomic_write, atomic_write_text

__all__ = ["CacheDir", "CachedArrays", "FileSink", "MemorySink", "spill_folder"]

logger = logging.getLogger(__name__)

FORMAT = "firth-encoded-corpus"
VERSION = 1
MANIFEST = "manifest.json"
IDS = "ids.int32"
ENDS = "sentence_ends.npy"
WORDS = "vocab_words.json"
COUNTS = "vocab_counts.npy"
_ID_DTYPE = np.dtype("<i4")

IdArray = npt.NDArray[np.int32]
PathLike = str | os.PathLike[str]


class MemorySink:
    """Collects the ids of each block in one growing array.

    The array grows and shrinks with ``ndarray.resize`` (``realloc``; for large arrays
    the C library remaps the pages instead of copying them), so the ids are never held
    twice: no list of blocks to concatenate, no copy at the end.
    """

    def __init__(self) -> None:
        self._array: IdArray = np.zeros(0, dtype=np.int32)
        self._size = 0

    def write(self, ids: IdArray) -> None:
        end = self._size + ids.shape[0]
        if end > self._array.shape[0]:
            self._array.resize(max(end, 2 * self._array.shape[0], 1 << 16), refcheck=False)
        self._array[self._size : end] = ids
        self._size = end

    def buffer(self) -> IdArray:
        """All ids written so far, as one writable array (kept until :meth:`result`)."""
        return self._array[: self._size]

    def result(self, size: int) -> IdArray:
        """The first ``size`` ids of the buffer, as a read-only array.

        The caller must have dropped its references to :meth:`buffer`'s array.
        """
        ids, self._array, self._size = self._array, np.zeros(0, dtype=np.int32), 0
        ids.resize(size)  # refuses (ValueError) if a view of the buffer is still alive
        ids.flags.writeable = False
        return ids

    def abort(self) -> None:
        self._array = np.zeros(0, dtype=np.int32)
        self._size = 0


class FileSink:
    """Appends the ids of each block to a temporary file, renamed into place at the end."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._temporary = f"{path}.tmp-{os.getpid()}"
        self._file = open(self._temporary, "wb")  # noqa: SIM115 - closed in buffer()/abort()
        self._buffer: IdArray = np.zeros(0, dtype=np.int32)

    def write(self, ids: IdArray) -> None:
        self._file.write(ids.astype(_ID_DTYPE, copy=False).tobytes())

    def buffer(self) -> IdArray:
        """All ids written so far, memory-mapped read-write (kept until :meth:`result`)."""
        self._file.close()
        size = os.path.getsize(self._temporary) // _ID_DTYPE.itemsize
        self._buffer = cast(IdArray, map_array(self._temporary, _ID_DTYPE, size, writable=True))
        return self._buffer

    def result(self, size: int) -> IdArray:
        """Truncate the file to ``size`` ids, move it into place and map it read-only.

        The caller must have dropped its references to :meth:`buffer`'s array.
        """
        self._buffer = np.zeros(0, dtype=np.int32)  # unmaps the file (written back by the OS)
        os.truncate(self._temporary, size * _ID_DTYPE.itemsize)
        os.replace(self._temporary, self._path)
        return open_ids(self._path, size)

    def abort(self) -> None:
        self._file.close()
        self._buffer = np.zeros(0, dtype=np.int32)
        with contextlib.suppress(OSError):
            os.remove(self._temporary)


def open_ids(path: str, size: int) -> IdArray:
    """Map ``size`` int32 ids of ``path`` read-only (an empty array when ``size`` is 0)."""
    return cast(IdArray, map_array(path, _ID_DTYPE, size))


@dataclass(frozen=True)
class CachedArrays:
    """The parts of an encoded corpus read back from a cache folder."""

    ids: IdArray
    sentence_ends: npt.NDArray[np.int64]
    words: list[str]
    counts: npt.NDArray[np.int64] | None
    stats: dict[str, Any]


class CacheDir:
    """A folder holding one encoded corpus (see the module docstring for its layout)."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = os.fsdecode(os.fspath(folder))
        try:
            os.makedirs(self.folder, exist_ok=True)
        except OSError as error:
            raise CorpusError(
                f"cannot create cache_dir {self.folder!r}: {error.strerror or error}; pass a "
                "writable folder or cache_dir=None to encode in memory."
            ) from None

    def path(self, name: str) -> str:
        return os.path.join(self.folder, name)

    def load(
        self, fingerprint: dict[str, object], options: dict[str, object]
    ) -> CachedArrays | None:
        """The cached corpus if its manifest matches ``fingerprint`` and ``options``."""
        try:
            with open(self.path(MANIFEST), encoding="utf-8") as file:
                manifest = json.load(file)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            logger.warning("ignoring unreadable cache manifest in %r: %s", self.folder, error)
            return None
        try:
            if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
                logger.info("cache in %r has another format; rebuilding it", self.folder)
                return None
            if manifest.get("fingerprint") != _normalise(fingerprint):
                logger.info(
                    "corpus changed since the cache in %r was built; rebuilding", self.folder
                )
                return None
            if manifest.get("options") != _normalise(options):
                logger.info("cache in %r was built with other options; rebuilding", self.folder)
                return None
            stats: dict[str, Any] = manifest["stats"]
            size = int(stats["retained_tokens"])
            if os.path.getsize(self.path(IDS)) != size * _ID_DTYPE.itemsize:
                raise ValueError(f"{IDS} does not hold {size} ids")
            ends = np.load(self.path(ENDS), allow_pickle=False)
            if ends.dtype != np.int64 or ends.ndim != 1 or (size and ends[-1] != size):
                raise ValueError(f"{ENDS} does not match {IDS}")
            with open(self.path(WORDS), encoding="utf-8") as file:
                words = json.load(file)
            counts = None
            if manifest.get("has_counts"):
                counts = np.load(self.path(COUNTS), allow_pickle=False)
                if counts.shape != (len(words),):
                    raise ValueError(f"{COUNTS} does not match {WORDS}")
            ids = open_ids(self.path(IDS), size)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            logger.warning("ignoring damaged cache in %r (%s); rebuilding it", self.folder, error)
            return None
        logger.info("reusing the encoded corpus cached in %r (corpus not re-read)", self.folder)
        return CachedArrays(ids, ends, words, counts, stats)

    def invalidate(self) -> None:
        """Remove the manifest, so that a half-written cache is never reused."""
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.path(MANIFEST))

    def sink(self) -> FileSink:
        return FileSink(self.path(IDS))

    def save(
        self,
        *,
        sentence_ends: npt.NDArray[np.int64],
        words: list[str],
        counts: npt.NDArray[np.int64] | None,
        stats: dict[str, Any],
        fingerprint: dict[str, object] | None,
        options: dict[str, object],
    ) -> None:
        """Write everything but the ids (already in place), the manifest last."""
        with atomic_write(self.path(ENDS)) as file:
            np.save(file, sentence_ends, allow_pickle=False)
        atomic_write_text(self.path(WORDS), json.dumps(words))
        if counts is not None:
            with atomic_write(self.path(COUNTS)) as file:
                np.save(file, counts, allow_pickle=False)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "fingerprint": _normalise(fingerprint),
            "options": _normalise(options),
            "stats": stats,
            "has_counts": counts is not None,
            "files": {"ids": IDS, "ids_dtype": _ID_DTYPE.str, "sentence_ends": ENDS},
        }
        text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        atomic_write_text(self.path(MANIFEST), text)


def _normalise(value: object) -> Any:
    """``value`` as it reads back from JSON (tuples become lists, and so on)."""
    return json.loads(json.dumps(value))


@contextlib.contextmanager
def spill_folder(cache_dir: PathLike | None) -> Iterator[PathLike | None]:
    """Where a training run keeps its encoded corpus: ``cache_dir`` if given, else a
    temporary folder, removed afterwards (``None`` if none can be created: then memory).

    Streamed from a file, the ids cost no resident memory beyond the pages being read, so
    a run's memory does not grow with the corpus.
    """
    if cache_dir is not None:
        yield cache_dir
        return
    try:
        folder = tempfile.TemporaryDirectory(prefix="firth-corpus-", ignore_cleanup_errors=True)
    except OSError as error:
        logger.warning(
            "cannot create a temporary folder (%s); the encoded corpus is kept in memory "
            "(set TMPDIR or pass cache_dir to stream it from disk)",
            error,
        )
        yield None
        return
    with folder as path:
        yield path
