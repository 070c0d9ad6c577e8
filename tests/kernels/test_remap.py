"""The in-place remap of encoded ids against a NumPy twin."""

from __future__ import annotations

import numpy as np
import pytest

from firth.corpus import _passes
from firth.corpus._passes import remap


def numpy_remap(
    ids: np.ndarray, ends: np.ndarray, lookup: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    mapped = lookup[ids]
    kept = np.concatenate(([0], np.cumsum(mapped >= 0)))
    new_ends = np.unique(kept[ends])
    return mapped[mapped >= 0], new_ends[new_ends > 0]


@pytest.mark.parametrize("chunk", [1, 3, 64, 1 << 20])
def test_remap_matches_numpy(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(_passes, "REMAP_CHUNK", chunk)
    rng = np.random.default_rng(chunk)
    ids = rng.integers(0, 50, size=500).astype(np.int32)
    ends = np.unique(np.concatenate((rng.integers(1, 500, size=60), [500]))).astype(np.int64)
    lookup = rng.permutation(50).astype(np.int32)
    lookup[rng.random(50) < 0.6] = -1  # many sentences lose every word
    want_ids, want_ends = numpy_remap(ids.copy(), ends, lookup)
    kept, new_ends = remap(ids, ends, lookup)
    assert kept == want_ids.size
    np.testing.assert_array_equal(ids[:kept], want_ids)
    np.testing.assert_array_equal(new_ends, want_ends)
    assert new_ends.size < ends.size  # empty sentences were dropped
