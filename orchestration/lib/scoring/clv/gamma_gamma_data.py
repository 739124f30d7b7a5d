"""Which customers the Gamma-Gamma fit sees, compressed, with a note on each exclusion."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.lib.scoring.clv.numerics import dot
from orchestration.lib.scoring.clv.summary import Factor, unique_rows

CORRELATION_WARNING = 0.3
"""|corr(frequency, value)| above which the model's independence assumption is doubtful."""


@dataclass(frozen=True)
class ValueData:
    """Distinct (x, m) pairs with customer counts, the empirical mean value, and notes."""

    x: Factor
    m: np.ndarray
    weights: np.ndarray
    empirical_mean: float
    notes: tuple[str, ...]

    @property
    def customers(self) -> int:
        """Customers behind the pairs (the sample, if one was drawn)."""
        return round(self.weights.sum())


def repeat_values(frequency: np.ndarray, monetary_value: np.ndarray, max_rows: int, seed: int) -> ValueData:
    """Repeat customers with a positive mean value, compressed (or sampled if too varied).

    The empirical mean is per repeat-purchase day (sum of x*m over sum of x),
    the natural estimate of an order's value when the model cannot be used.
    """
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary_value, dtype=float)
    with np.errstate(invalid="ignore"):
        repeat = np.isfinite(x) & (x > 0)
        usable = repeat & np.isfinite(m) & (m > 0)
        notes = _exclusion_notes(repeat & np.isfinite(m) & (m <= 0), repeat & ~np.isfinite(m))
    x, m = x[usable], m[usable]
    empirical_mean = dot(x, m) / x.sum() if len(x) else np.nan
    (x_unique, m_unique), _, counts = unique_rows(x, m)
    if len(x_unique) > max_rows:
        notes.append(f"fitted on a seeded random sample of {max_rows} of {len(x)} repeat customers")
        sample = np.random.default_rng(seed).choice(len(x), size=max_rows, replace=False)
        (x_unique, m_unique), _, counts = unique_rows(x[sample], m[sample])
    weights = counts.astype(float)
    notes.extend(_correlation_note(x_unique, m_unique, weights))
    return ValueData(Factor.of(x_unique), m_unique, weights, empirical_mean, tuple(notes))


def _exclusion_notes(non_positive: np.ndarray, missing: np.ndarray) -> list[str]:
    """One counted note per kind of repeat customer the model cannot use."""
    notes = []
    if non_positive.any():
        notes.append(
            f"{int(non_positive.sum())} repeat customers have a zero or negative mean repeat value: "
            "left out of the fit (their expected order value is shrunk towards 0)"
        )
    if missing.any():
        notes.append(
            f"{int(missing.sum())} repeat customers have no monetary_value: "
            "left out of the fit (they get the population mean order value)"
        )
    return notes


def _correlation_note(x: np.ndarray, m: np.ndarray, weights: np.ndarray) -> list[str]:
    """Gamma-Gamma assumes value independent of frequency; say so when the data disagree."""
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(m) == 0:
        return []
    corr = np.cov(x, m, aweights=weights)
    rho = corr[0, 1] / np.sqrt(corr[0, 0] * corr[1, 1])
    if abs(rho) <= CORRELATION_WARNING:
        return []
    return [f"frequency and mean value correlate ({rho:.2f}): the model assumes they are independent"]
