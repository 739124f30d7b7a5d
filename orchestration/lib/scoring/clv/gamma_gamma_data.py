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


def repeat_values(
    frequency: np.ndarray,
    monetary_value: np.ndarray,
    max_rows: int,
    seed: int,
    weights: np.ndarray | None = None,
) -> ValueData:
    """Repeat customers with a positive mean value, compressed (or sampled if too varied).

    `weights` are customer counts per row when the rows are already distinct (frequency,
    monetary_value) pairs, as the asset reads them from the warehouse; None means one row
    per customer. The empirical mean is per repeat-purchase day (sum of x*m over sum of x),
    the natural estimate of an order's value when the model cannot be used.
    """
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary_value, dtype=float)
    w = np.ones(len(x)) if weights is None else np.asarray(weights, dtype=float)
    with np.errstate(invalid="ignore"):
        repeat = np.isfinite(x) & (x > 0)
        usable = repeat & np.isfinite(m) & (m > 0)
        non_positive, missing = repeat & np.isfinite(m) & (m <= 0), repeat & ~np.isfinite(m)
    notes = _exclusion_notes(w[non_positive].sum(), w[missing].sum())
    x, m, w = x[usable], m[usable], w[usable]
    empirical_mean = dot(x * w, m) / dot(x, w) if len(x) else np.nan
    (x_unique, m_unique), inverse, _ = unique_rows(x, m)
    counts = np.bincount(inverse, weights=w, minlength=len(x_unique))
    customers = round(counts.sum())
    if len(x_unique) > max_rows:
        notes.append(f"fitted on a seeded random sample of {max_rows} of {customers} repeat customers")
        rng = np.random.default_rng(seed)
        sample = rng.multivariate_hypergeometric(np.round(counts).astype(np.int64), max_rows)
        kept = sample > 0
        x_unique, m_unique, counts = x_unique[kept], m_unique[kept], sample[kept].astype(float)
    notes.extend(_correlation_note(x_unique, m_unique, counts))
    return ValueData(Factor.of(x_unique), m_unique, counts, empirical_mean, tuple(notes))


def _exclusion_notes(non_positive: float, missing: float) -> list[str]:
    """One counted note per kind of repeat customer the model cannot use (customer counts)."""
    notes = []
    if non_positive:
        notes.append(
            f"{round(non_positive)} repeat customers have a zero or negative mean repeat value: "
            "left out of the fit (their expected order value is shrunk towards 0)"
        )
    if missing:
        notes.append(
            f"{round(missing)} repeat customers have no monetary_value: "
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
