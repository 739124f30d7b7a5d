"""The purchase side of the discounted customer lifetime value over a horizon of months.

As lifetimes' `customer_lifetime_value`: for each month k the expected
purchases in month k (the increment of the cumulative BG/NBD expectation)
times the expected order value, discounted by (1 + monthly rate)^k. The
order value is a constant factor per customer, so the sum is computed here per
distinct history (it needs the hypergeometric function) and dbt's clv_scores
multiplies it by the Gamma-Gamma order value. Months
are 30 days, converted into the fitted time unit (30/7 weeks when fitted in
weeks), and the monthly rate compounds to the annual one.
"""

from __future__ import annotations

import numpy as np

from orchestration.lib.scoring.clv.bgnbd import BgNbdFit
from orchestration.lib.scoring.clv.bgnbd_predictions import (
    ArrayLike,
    expectation_if_alive,
    on_unique_pairs,
    p_alive,
)
from orchestration.lib.scoring.clv.numerics import weighted_rows
from orchestration.lib.scoring.clv.summary import days_per_unit

DAYS_PER_MONTH = 30.0


def monthly_discount_rate(annual_discount_rate: float) -> float:
    """The monthly rate that compounds to `annual_discount_rate` over 12 months."""
    return (1.0 + annual_discount_rate) ** (1.0 / 12.0) - 1.0


def discounted_expected_purchases(
    fit: BgNbdFit,
    x: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
    horizon_months: int = 12,
    annual_discount_rate: float = 0.10,
) -> np.ndarray:
    """Sum over months k of E[purchases in month k] / (1 + monthly rate)^k.

    `x`, `t_x`, `T` are in the fit's time unit. Multiplying by an expected
    order value gives the CLV; kept separate because it depends on the
    purchase history only, so it can be computed on compressed histories.
    """
    month = DAYS_PER_MONTH / days_per_unit(fit.time_unit)
    months = np.arange(horizon_months + 1, dtype=float)
    discount = (1.0 + monthly_discount_rate(annual_discount_rate)) ** -months[1:]

    def discounted_if_alive(xs: np.ndarray, Ts: np.ndarray) -> np.ndarray:
        cumulative = expectation_if_alive(fit.params, months[:, None] * month, xs, Ts)
        return weighted_rows(discount, np.diff(cumulative, axis=0))

    return p_alive(fit.params, x, t_x, T) * on_unique_pairs(discounted_if_alive, x, T)
