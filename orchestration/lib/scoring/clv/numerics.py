"""The numerics the fits share: sums of products that stay off BLAS, and Gauss's
hypergeometric function 2F1 for 0 <= z < 1, robust where SciPy's gives up.

numpy's `@` hands long vectors to OpenBLAS, whose worker threads keep
spinning after each call; on a busy two-core machine they starved the
optimiser and made fits up to a hundred times slower. einsum's own loop is
single-threaded and, at these sizes, just as fast.

scipy.special.hyp2f1 (1.17) returns NaN in parts of the domain where the
function is finite, e.g. 2F1(1, 1; 104; 0.91), which BG/NBD predictions reach
for members with a hundred repeat purchases over a long horizon. Those entries
are summed from the defining power series instead; for 0 <= z < 1 it converges
(geometrically, with ratio tending to z).
"""

from __future__ import annotations

import numpy as np
from scipy.special import hyp2f1


def dot(a: np.ndarray, b: np.ndarray) -> float:
    """Sum of a * b over two equally long vectors."""
    return float(np.einsum("i,i->", a, b))


def weighted_rows(weights: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """weights @ matrix for a short weight vector over the rows of a matrix."""
    return np.einsum("k,km->m", weights, matrix)


SERIES_TOLERANCE = 1e-15
SERIES_MAX_TERMS = 200_000


def hyp2f1_series_fallback(a: float, b: float, c: np.ndarray, z: np.ndarray) -> np.ndarray:
    """2F1(a, b; c; z) elementwise; SciPy where it is finite, the power series where it is not.

    NaN inputs (the parameters of a failed fit) stay NaN.
    """
    c, z = np.broadcast_arrays(np.asarray(c, dtype=float), np.asarray(z, dtype=float))
    value = np.asarray(hyp2f1(a, b, c, z), dtype=float).copy()
    redo = ~np.isfinite(value) & np.isfinite(c) & np.isfinite(z) & (z >= 0) & (z < 1)
    if np.isfinite(a) and np.isfinite(b) and redo.any():
        value[redo] = _power_series(a, b, c[redo], z[redo])
    return value


def _power_series(a: float, b: float, c: np.ndarray, z: np.ndarray) -> np.ndarray:
    """sum_k (a)_k (b)_k / ((c)_k k!) z^k, until every term is negligible."""
    total = np.ones_like(z)
    term = np.ones_like(z)
    for k in range(SERIES_MAX_TERMS):
        term = term * (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z
        total += term
        if np.all(np.abs(term) <= SERIES_TOLERANCE * np.abs(total)):
            return total
    return np.where(np.abs(term) <= 1e-8 * np.abs(total), total, np.nan)
