"""Vectorised random draws shared by the table builders."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def categorical(rng: np.random.Generator, weights: Sequence[float], size: int) -> np.ndarray:
    """Draw `size` category codes with the given relative weights."""
    cum = np.cumsum(weights, dtype=np.float64)
    codes = np.searchsorted(cum / cum[-1], rng.random(size), side="right")
    return np.minimum(codes, len(cum) - 1)


def pick_per_row(rng: np.random.Generator, cum_rows: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Draw one code per entry of `rows` from that row's cumulative distribution.

    Each member has their own preference mix (channels, categories); `rows`
    says whose mix each draw comes from.
    """
    u = rng.random(len(rows))
    codes = (u[:, None] >= cum_rows[rows]).sum(axis=1)
    return np.minimum(codes, cum_rows.shape[1] - 1)


def mixes(rng: np.random.Generator, alpha: Sequence[float], size: int) -> np.ndarray:
    """Per-member cumulative preference mixes around a population-wide `alpha`."""
    return np.cumsum(rng.dirichlet(alpha, size=size), axis=1)


def lognormal(
    rng: np.random.Generator, median: float, sigma: float, bounds: tuple[float, float], size: int
) -> np.ndarray:
    """Positive per-member rates: lognormal noise around a median, clipped to plausible bounds."""
    return np.clip(median * np.exp(sigma * rng.standard_normal(size)), *bounds)


def segment_starts(groups: np.ndarray) -> np.ndarray:
    """Indices where a run of equal values begins in a sorted `groups` array."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.concatenate([[True], groups[1:] != groups[:-1]]))


def segment_cumsum(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Running total of `values` restarting at each new value of the sorted `groups`."""
    total = np.cumsum(values)
    starts = segment_starts(groups)
    lengths = np.diff(np.append(starts, len(values)))
    return total - np.repeat(total[starts] - values[starts], lengths)
