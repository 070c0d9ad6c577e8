"""Arrays over memory-mapped files whose pages a reader can hand back as it goes.

Reading a memory-mapped file makes its pages part of the process's resident memory until
the mapping is dropped. :func:`release` drops the pages of a range once it has been read
(``MADV_DONTNEED``): resident memory stays bounded however large the file, while the data
stays in the file and the page cache and is simply faulted in again if read again. That is
safe only for a shared mapping of a file, so :func:`release` acts only on arrays made by
:func:`map_array` and does nothing for anything else (an array in memory would be zeroed).
"""

from __future__ import annotations

import mmap
import weakref
from typing import cast

import numpy as np
import numpy.typing as npt

from firth._memory import drop_file_pages

__all__ = ["map_array", "release"]

_FILE_MAPS: weakref.WeakSet[mmap.mmap] = weakref.WeakSet()


def map_array(
    path: str, dtype: npt.DTypeLike, count: int, *, writable: bool = False
) -> npt.NDArray[np.generic]:
    """The first ``count`` items of ``path`` as a 1-D array over a shared mapping.

    Read-only unless ``writable`` (then writes go to the file). ``count`` 0 gives an empty
    array in memory.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "ids")
    >>> np.arange(5, dtype="<i4").tofile(path)
    >>> ids = map_array(path, "<i4", 5)
    >>> ids.tolist(), ids.flags.writeable
    ([0, 1, 2, 3, 4], False)
    """
    dtype = np.dtype(dtype)
    if count == 0:
        empty = np.zeros(0, dtype=dtype)
        empty.flags.writeable = writable
        return empty
    with open(path, "r+b" if writable else "rb") as file:
        mapped = mmap.mmap(
            file.fileno(),
            count * dtype.itemsize,
            access=mmap.ACCESS_WRITE if writable else mmap.ACCESS_READ,
        )
    _FILE_MAPS.add(mapped)
    return cast(npt.NDArray[np.generic], np.frombuffer(mapped, dtype=dtype, count=count))


def release(array: npt.NDArray[np.generic], start: int, stop: int) -> None:
    """Drop this process's pages of ``array[start:stop]`` if ``array`` is from :func:`map_array`.

    The range is widened to whole pages: a neighbouring item that shares a page is read
    back from the page cache when next touched, so concurrent readers stay correct.

    Examples
    --------
    >>> release(np.arange(10), 0, 10)  # not a mapped file: nothing happens
    """
    base = array.base
    mapped = base.obj if isinstance(base, memoryview) else None
    if isinstance(mapped, mmap.mmap) and mapped in _FILE_MAPS and not mapped.closed:
        drop_file_pages(mapped, start * array.itemsize, stop * array.itemsize)
