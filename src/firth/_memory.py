"""Handing memory back to the operating system: freed heap pages, read pages of mapped files."""

from __future__ import annotations

import ctypes
import functools
import mmap
import sys
from collections.abc import Callable

__all__ = ["drop_file_pages", "trim_heap"]

_MADV_DONTNEED: int | None = getattr(mmap, "MADV_DONTNEED", None)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function: Callable[[int], int] | None = getattr(ctypes.CDLL(None), "malloc_trim", None)
    except OSError:
        return None
    return function  # absent outside glibc (musl)


def trim_heap() -> None:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``).

    After a pass that allocated and freed millions of small objects, glibc keeps the freed
    pages for reuse, and they count as resident memory. A no-op where there is no
    ``malloc_trim``.

    Examples
    --------
    >>> trim_heap()
    """
    function = _malloc_trim()
    if function is not None:
        function(0)


def drop_file_pages(mapped: mmap.mmap, start: int, stop: int) -> None:
    """Drop this process's pages of bytes ``start:stop`` of a mapped *file*.

    ``start`` is rounded down to a page. The data stays in the file and the page cache
    and is faulted in again if read again; resident memory shrinks. Only for mappings of
    files: an anonymous mapping would lose its contents. A no-op where the system has no
    ``MADV_DONTNEED``.
    """
    begin = start // mmap.PAGESIZE * mmap.PAGESIZE
    end = min(stop, len(mapped))
    if _MADV_DONTNEED is not None and end > begin:
        mapped.madvise(_MADV_DONTNEED, begin, end - begin)
