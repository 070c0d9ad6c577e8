"""Helpers shared by the benchmark scripts (run as ``python benchmarks/<name>.py``)."""

from __future__ import annotations

import os
import platform
import resource
from typing import Any


def peak_rss_mb() -> float:
    """This process image's peak resident memory (VmHWM).

    Not ``ru_maxrss``: Linux carries it over ``fork`` and ``exec``, so a child would report
    its parent's peak (a benchmark's parent may have read a whole corpus).
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict[str, Any]:
    """Facts about the machine and the library versions, recorded with every result."""
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as info:
            names = [
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            ]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    import gensim
    import numba
    import numpy

    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "numba": numba.__version__,
        "gensim": gensim.__version__,
    }
