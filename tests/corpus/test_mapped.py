"""Mapped arrays hand their pages back: resident memory stays bounded, data stays intact."""

from __future__ import annotations

import mmap
import sys
from pathlib import Path

import numpy as np
import pytest

from firth.corpus._mapped import map_array, release
from firth.corpus._passes import remap
from mapped_memory import resident_kib

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc/self/smaps"
)

N = 1 << 20  # 4 MiB of int32


def _ids_file(tmp_path: Path) -> Path:
    path = tmp_path / "ids.int32"
    np.arange(N, dtype="<i4").tofile(path)
    return path


def test_released_pages_leave_resident_memory_and_read_back_intact(tmp_path: Path) -> None:
    path = _ids_file(tmp_path)
    ids = map_array(str(path), "<i4", N)
    assert int(ids.sum(dtype=np.int64)) == N * (N - 1) // 2  # touches every page
    assert resident_kib(path) > 3000
    release(ids, 0, N // 2)
    assert 1500 < resident_kib(path) < 2600
    release(ids, N // 2, N)
    assert resident_kib(path) < 100
    np.testing.assert_array_equal(ids[::4097], np.arange(0, N, 4097))  # read back from the file


def test_release_rounds_to_whole_pages_and_loses_no_write(tmp_path: Path) -> None:
    path = _ids_file(tmp_path)
    ids = map_array(str(path), "<i4", N, writable=True)
    ids[1000:3000] = -1
    release(ids, 1001, 1002)  # inside one page: that whole page goes, its writes stay
    assert ids[1000:3000].tolist() == [-1] * 2000
    del ids
    assert np.fromfile(path, "<i4")[999:3001].tolist() == [999] + [-1] * 2000 + [3000]


def test_release_leaves_arrays_in_memory_alone() -> None:
    anonymous = mmap.mmap(-1, 8 * mmap.PAGESIZE)  # MADV_DONTNEED would zero it
    array = np.frombuffer(anonymous, dtype=np.int32)
    array[:] = 7
    release(array, 0, array.size)
    plain = np.full(10_000, 7, dtype=np.int32)
    release(plain, 0, plain.size)
    assert (array == 7).all()
    assert (plain == 7).all()


def test_empty_map_is_an_array_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "empty"
    path.write_bytes(b"")
    empty = map_array(str(path), "<i4", 0)
    assert empty.shape == (0,)
    assert not empty.flags.writeable


def test_remap_of_a_mapped_file_keeps_memory_bounded(tmp_path: Path) -> None:
    path = _ids_file(tmp_path)
    ids = map_array(str(path), "<i4", N, writable=True)
    lookup = np.where(np.arange(N) % 2 == 0, np.arange(N) // 2, -1).astype(np.int32)
    kept, ends = remap(ids, np.array([N // 2, N], dtype=np.int64), lookup)
    assert resident_kib(path) < 1000  # the whole file was rewritten, a chunk at a time
    assert kept == N // 2
    assert ends.tolist() == [N // 4, N // 2]
    np.testing.assert_array_equal(ids[: N // 2], np.arange(N // 2))
