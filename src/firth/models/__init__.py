"""Models: each a thin driver that turns a corpus into vectors over the Numba kernels."""
