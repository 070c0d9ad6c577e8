"""Handing memory the process has freed back to the operating system."""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable

__all__ = ["trim_heap"]


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
