"""Training orchestration in pure Python: jobs, threads, schedule, callbacks, checkpoints.

The public entry points are :func:`firth.train` and :func:`firth.resume`; this package
holds the machinery they drive. (It is not called ``train`` so that the subpackage never
shadows the function ``firth.train``.)
"""

from firth.training.callbacks import Callback, EpochStats, Progress, StopTraining

__all__ = ["Callback", "EpochStats", "Progress", "StopTraining"]
