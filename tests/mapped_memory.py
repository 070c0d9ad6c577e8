"""How much of a mapped file is resident in this process (Linux's /proc/self/smaps)."""

from __future__ import annotations

import os
from pathlib import Path


def resident_kib(path: str | os.PathLike[str]) -> int:
    """Resident KiB of every mapping of ``path`` (0 when it is not mapped)."""
    target = os.path.realpath(path)
    total = 0
    current = ""
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if fields and not fields[0].endswith(":"):  # a mapping's header line
            current = fields[5] if len(fields) > 5 else ""
        elif fields[:1] == ["Rss:"] and current == target:
            total += int(fields[1])
    return total
