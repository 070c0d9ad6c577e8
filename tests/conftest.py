"""Test-session set-up shared by every test module."""

from __future__ import annotations

import os
import tempfile

# Numba's on-disk cache is invalidated only when the kernel's own file changes, not when
# a helper it calls (in another module) does. Compile into a fresh folder per session so
# the tests always exercise the current source; subprocesses inherit it.
if "NUMBA_CACHE_DIR" not in os.environ:
    os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="firth-numba-cache-")
