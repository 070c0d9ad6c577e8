"""Numba kernels: arrays and scalars in, arrays and statistics out.

Nothing here knows about Python objects, files or configuration; the drivers in
:mod:`firth.train` own the epochs, the schedule, threads and progress. Every kernel is
compiled with ``cache=True`` so only the first process on a machine pays for compilation,
and with ``nogil=True`` so Python threads can run them in parallel (Hogwild).
"""
