"""Sums of products that stay off BLAS.

numpy's `@` hands long vectors to OpenBLAS, whose worker threads keep
spinning after each call; on a busy two-core machine they starved the
optimiser and made fits up to a hundred times slower. einsum's own loop is
single-threaded and, at these sizes, just as fast.
"""

from __future__ import annotations

import numpy as np


def dot(a: np.ndarray, b: np.ndarray) -> float:
    """Sum of a * b over two equally long vectors."""
    return float(np.einsum("i,i->", a, b))


def weighted_rows(weights: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """weights @ matrix for a short weight vector over the rows of a matrix."""
    return np.einsum("k,km->m", weights, matrix)
