"""Word labels next to scatter points, moved apart so that they do not pile up.

The labels are placed by adjustText (Flyamer et al.), which pushes overlapping text boxes
apart and away from the points, pulls each one back towards its own point, and draws a thin
leader line where a label ended up far from its point. It runs a number of iterations
that depends only on the number of labels (``iter_lim``), not a time limit, so the result
does not depend on the speed of the machine: the same figure gives the same picture. With
many labels the iterations are fewer (each costs time quadratic in the number of labels),
so some labels of a crowded plot may still touch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from firth.viz._figure import require

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text

__all__ = ["LABEL_GID", "LEADER_GID", "place_labels"]

#: ``gid`` of every word label drawn by :func:`place_labels`.
LABEL_GID = "firth-label"
#: ``gid`` of the leader lines that join a moved label to its point.
LEADER_GID = "firth-label-leader"
# Iterations of adjustText: each costs time proportional to the square of the number of
# labels, so many labels get fewer iterations (a few seconds for 100 labels).
_MAX_ITERATIONS = 400
_MIN_ITERATIONS = 30
_ITERATION_BUDGET = 800_000


def iterations(n: int) -> int:
    """The number of adjustText iterations for ``n`` labels.

    Examples
    --------
    >>> iterations(10), iterations(100), iterations(1000)
    (400, 80, 30)
    """
    return max(_MIN_ITERATIONS, min(_MAX_ITERATIONS, _ITERATION_BUDGET // max(n, 1) ** 2))


def place_labels(
    axes: Axes,
    points: npt.NDArray[np.floating],
    words: Sequence[str],
    *,
    fontsize: float = 9.0,
) -> list[Text]:
    """Label each point of ``points`` (``(n, 2)``, data coordinates) with its word.

    Call this last, once everything that changes the axes limits is drawn.
    """
    adjust_text = require("adjustText").adjust_text
    texts = [
        axes.text(float(x), float(y), word, fontsize=fontsize, gid=LABEL_GID)
        for (x, y), word in zip(points.tolist(), words, strict=True)
    ]
    if len(texts) > 1:
        adjust_text(
            texts,
            x=points[:, 0],
            y=points[:, 1],
            ax=axes,
            iter_lim=iterations(len(texts)),
            expand=(1.2, 1.6),
            force_text=(0.3, 0.6),
            force_static=(0.3, 0.6),
            arrowprops={"arrowstyle": "-", "color": "0.55", "lw": 0.5, "gid": LEADER_GID},
        )
    return texts
