"""Tie-aware ranking: how much of the population a member's value beats.

Real loyalty data is heavily tied (most members have one order). Ranking with
`method="first"` would give identical members different scores depending on row
order; ranking by "the share of members with a strictly worse value" gives
equal values equal scores, is deterministic and is monotone in the value.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def beaten_share(values: ArrayLike, higher_is_better: bool = True) -> np.ndarray:
    """Share (0 ≤ s < 1) of the other values that are strictly worse than each value.

    NaN values get NaN and are not counted in the population.
    """
    array = np.asarray(values, dtype=float)
    result = np.full(array.shape, np.nan)
    valid = ~np.isnan(array)
    population = array[valid] if higher_is_better else -array[valid]
    if population.size == 0:
        return result
    ordered = np.sort(population)
    result[valid] = np.searchsorted(ordered, population, side="left") / population.size
    return result


def quantile_scores(values: ArrayLike, bins: int = 5, higher_is_better: bool = True) -> np.ndarray:
    """Scores 1..bins: 1 + the number of whole `1/bins` slices of the population a value beats.

    The worst value always scores 1; a tie group spanning more than one slice
    shares one score, so a score may be skipped rather than split between equals.
    NaN values get score 0 (the caller maps it to null).
    """
    share = beaten_share(values, higher_is_better)
    scores = np.zeros(share.shape, dtype=np.int64)
    valid = ~np.isnan(share)
    scores[valid] = np.minimum(np.floor(share[valid] * bins).astype(np.int64) + 1, bins)
    return scores
