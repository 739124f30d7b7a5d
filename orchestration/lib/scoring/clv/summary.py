"""The BTYD summary the models read: time units, validity and compression.

The likelihoods and predictions of BG/NBD depend on a customer only through
(frequency, recency, T), so a million members collapse to the distinct
combinations with counts, and every fit and score runs on those (in the
pipeline dbt compresses, `marts.customer_btyd_histories`, and dbt's
clv_scores joins the scores back to the members).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DAYS_PER_UNIT = {"day": 1.0, "week": 7.0}
"""Time units a model can be fitted in, as days per unit (contract: `day` or `week`)."""


def days_per_unit(time_unit: str) -> float:
    """Days in one `time_unit`; an unknown unit is a configuration error, so it raises."""
    try:
        return DAYS_PER_UNIT[time_unit]
    except KeyError:
        raise ValueError(f"time_unit must be one of {sorted(DAYS_PER_UNIT)}, got {time_unit!r}") from None


def valid_btyd_rows(frequency: np.ndarray, recency: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Mask of rows that are a possible BTYD history.

    Finite, frequency a whole number >= 0, 0 <= recency <= T, and recency 0
    when frequency is 0. Anything else (a prospect without orders, a broken
    upstream row) would make the likelihood meaningless, so callers leave
    those rows out of fits and score them as unknown.
    """
    x, t_x, age = (np.asarray(column, dtype=float) for column in (frequency, recency, T))
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(x) & np.isfinite(t_x) & np.isfinite(age)
        whole = (x >= 0) & (x == np.floor(x))
        ordered = (t_x >= 0) & (t_x <= age) & ((x > 0) | (t_x == 0))
    return finite & whole & ordered


def unique_rows(*columns: np.ndarray) -> tuple[tuple[np.ndarray, ...], np.ndarray, np.ndarray]:
    """Distinct rows of equally long columns: (unique columns, inverse index, counts).

    A lexsort over the columns is several times faster than `np.unique(axis=0)`
    on millions of rows, which matters because every run compresses once.
    """
    arrays = [np.asarray(column, dtype=float) for column in columns]
    n = len(arrays[0])
    if n == 0:
        empty = np.empty(0, dtype=np.int64)
        return tuple(np.empty(0) for _ in arrays), empty, empty
    order = np.lexsort(arrays[::-1])
    same_as_previous = np.zeros(n, dtype=bool)
    same_as_previous[1:] = True
    for column in arrays:
        ordered = column[order]
        same_as_previous[1:] &= ordered[1:] == ordered[:-1]
    starts = ~same_as_previous
    group = np.cumsum(starts) - 1
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = group
    first = order[starts]
    return tuple(column[first] for column in arrays), inverse, np.bincount(group)


def thinned_weights(weights: np.ndarray, customers: int, seed: int) -> np.ndarray:
    """Customer counts of a seeded random sample of about `customers` of the customers.

    Each customer is kept independently with the same probability, so the
    sample's distinct histories are a subset of the rows with new counts.
    """
    counts = np.round(np.asarray(weights, dtype=float)).astype(np.int64)
    keep = min(1.0, customers / max(counts.sum(), 1))
    return np.random.default_rng(seed).binomial(counts, keep).astype(float)


@dataclass(frozen=True)
class Factor:
    """Distinct values of one column and, per row, the index of its value.

    Likelihood terms that depend on one column only are evaluated once per
    distinct value and gathered back with `values[codes]`.
    """

    values: np.ndarray
    codes: np.ndarray

    @classmethod
    def of(cls, column: np.ndarray) -> Factor:
        """Factorise one column."""
        (values,), codes, _ = unique_rows(column)
        return cls(values, codes)

    def expand(self) -> np.ndarray:
        """The column itself."""
        return self.values[self.codes]


def compress_summary(
    frequency: np.ndarray, recency: np.ndarray, T: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Unique (frequency, recency, T) combinations and their counts: (x, t_x, T, weights).

    The BG/NBD log-likelihood is a sum over customers, so a weighted sum over
    the distinct histories is the same number at a fraction of the cost.
    """
    (x, t_x, age), _, counts = unique_rows(frequency, recency, T)
    return x, t_x, age, counts.astype(float)
