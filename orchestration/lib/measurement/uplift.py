"""Holdout uplift: the difference of two order rates with a Wald confidence interval.

Treated (targeted) and control (holdout) members are compared on the share who placed a
completed order in the attribution window, not on `converted` events, which only messaged
members can have. The interval is the normal (Wald) one for a difference of two independent
proportions:

    uplift = p_t - p_c,   se = sqrt(p_t (1 - p_t) / n_t + p_c (1 - p_c) / n_c),
    interval = uplift ± z · se,   z = Φ⁻¹(1 - (1 - confidence) / 2)  (1.96 at 95 %).

Where either group is empty (no holdout in the campaign or segment) the uplift columns are
NULL. The normal approximation needs enough of both outcomes in each group: with a holdout
of one member who did not buy, se ignores the control entirely and a tiny segment would look
"significant". So uplift is called significant only when the interval excludes 0 and each
group has at least `min_outcomes` buyers and as many non-buyers (the textbook
success–failure condition, 5 by default); the interval itself is always reported.
"""

from __future__ import annotations

from statistics import NormalDist

import pandas as pd

UPLIFT_COLUMNS = (
    "treated_order_rate",
    "control_order_rate",
    "uplift",
    "uplift_ci_low",
    "uplift_ci_high",
    "uplift_significant",
)


def _rate(buyers: pd.Series, members: pd.Series) -> pd.Series:
    """buyers / members as nullable floats, NA where there are no members."""
    members = members.astype("Float64")
    return buyers.astype("Float64") / members.where(members > 0)


def _rate_variance(rate: pd.Series, members: pd.Series) -> pd.Series:
    return rate * (1 - rate) / members.astype("Float64")


def _has_both_outcomes(buyers: pd.Series, members: pd.Series, min_outcomes: int) -> pd.Series:
    return (buyers >= min_outcomes) & (members - buyers >= min_outcomes)


def add_uplift(counts: pd.DataFrame, confidence: float = 0.95, min_outcomes: int = 5) -> pd.DataFrame:
    """`counts` with UPLIFT_COLUMNS added, from its columns targeted, treated_buyers (treated
    group), control_members and control_buyers (holdout group)."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    treated, control = counts["targeted"], counts["control_members"]
    treated_buyers, control_buyers = counts["treated_buyers"], counts["control_buyers"]
    treated_rate = _rate(treated_buyers, treated)
    control_rate = _rate(control_buyers, control)
    uplift = treated_rate - control_rate
    variance = _rate_variance(treated_rate, treated) + _rate_variance(control_rate, control)
    margin = NormalDist().inv_cdf(0.5 + confidence / 2) * variance**0.5
    low, high = uplift - margin, uplift + margin
    large_enough = _has_both_outcomes(treated_buyers, treated, min_outcomes) & _has_both_outcomes(
        control_buyers, control, min_outcomes
    )
    significant = ((low > 0) | (high < 0)) & large_enough
    return counts.assign(
        treated_order_rate=treated_rate,
        control_order_rate=control_rate,
        uplift=uplift,
        uplift_ci_low=low,
        uplift_ci_high=high,
        uplift_significant=significant.mask(uplift.isna()),
    )
