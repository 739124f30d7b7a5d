"""Loyalty status (prospect, new, loyal, casual, at_risk, lapsed) and win-back candidates.

Silence is judged against each member's own buying rhythm as well as absolute
limits: a weekly buyer silent for three months is at risk, a twice-a-year buyer
is not. A member's rhythm is their average gap between purchase days; members
with a single purchase day get the population's median gap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

LOYALTY_STATUSES = ("prospect", "new", "loyal", "casual", "at_risk", "lapsed")


@dataclass(frozen=True)
class LoyaltyStatusConfig:
    """Documented defaults; each is overridable from the asset's run config.

    Rules, in order (first match wins):
    prospect  no completed order;
    new       first order within `new_days` of the as-of date;
    lapsed    silent longer than min(lapsed_max_days, max(lapsed_min_days, lapsed_gap_multiple × gap));
    at_risk   silent longer than max(at_risk_min_days, at_risk_gap_multiple × gap);
    loyal     at least `loyal_min_orders_365d` orders in the last 365 days;
    casual    every other buyer.
    """

    new_days: int = 90
    at_risk_min_days: int = 45
    at_risk_gap_multiple: float = 2.0
    lapsed_min_days: int = 180
    lapsed_gap_multiple: float = 4.0
    lapsed_max_days: int = 540
    loyal_min_orders_365d: int = 6
    fallback_gap_days: float = 90.0


@dataclass(frozen=True)
class WinBackConfig:
    """Win-back candidates: past high value whose recent pace fell well below their own past pace.

    past value  = revenue in the 365 days before the last 365 days (`revenue_prior_365d`);
    high value  = past value in the top (1 − high_value_quantile) of members with past value > 0;
    recent pace = revenue in the last `recent_days` days, annualised;
    declining   = recent pace < decline_ratio × past value.
    """

    high_value_quantile: float = 0.8
    recent_days: int = 180
    decline_ratio: float = 0.5


def expected_gap_days(frame: pd.DataFrame, config: LoyaltyStatusConfig) -> np.ndarray:
    """Each member's own rhythm, or the median rhythm of repeat buyers when they have none."""
    gaps = frame["avg_days_between_orders"].to_numpy(dtype=float)
    known = gaps[~np.isnan(gaps)]
    fallback = float(np.median(known)) if known.size else config.fallback_gap_days
    return np.where(np.isnan(gaps), fallback, gaps)


def classify_loyalty_status(
    frame: pd.DataFrame, as_of: pd.Timestamp, config: LoyaltyStatusConfig = LoyaltyStatusConfig()
) -> np.ndarray:
    """One status per row; `frame` needs frequency, recency_days, first_order_date,
    avg_days_between_orders and orders_last_365d."""
    gap = expected_gap_days(frame, config)
    recency = frame["recency_days"].to_numpy(dtype=float)
    first_order = pd.to_datetime(frame["first_order_date"])
    days_since_first = (pd.Timestamp(as_of) - first_order).dt.days.to_numpy(dtype=float)
    lapsed_after = np.minimum(
        config.lapsed_max_days, np.maximum(config.lapsed_min_days, config.lapsed_gap_multiple * gap)
    )
    at_risk_after = np.maximum(config.at_risk_min_days, config.at_risk_gap_multiple * gap)
    conditions = [
        frame["frequency"].to_numpy(dtype=float) <= 0,
        days_since_first <= config.new_days,
        recency > lapsed_after,
        recency > at_risk_after,
        frame["orders_last_365d"].to_numpy(dtype=float) >= config.loyal_min_orders_365d,
    ]
    return np.select(conditions, ["prospect", "new", "lapsed", "at_risk", "loyal"], default="casual")


def flag_win_back(frame: pd.DataFrame, config: WinBackConfig = WinBackConfig()) -> np.ndarray:
    """True for past high-value members whose recent spending pace has fallen well below it.

    `frame` needs revenue_prior_365d and revenue_last_<recent_days>d.
    """
    past = frame["revenue_prior_365d"].to_numpy(dtype=float)
    recent = frame[f"revenue_last_{config.recent_days}d"].to_numpy(dtype=float)
    spenders = past[past > 0]
    if spenders.size == 0:
        return np.zeros(len(frame), dtype=bool)
    threshold = np.quantile(spenders, config.high_value_quantile)
    recent_pace = recent * 365.0 / config.recent_days
    return (past > 0) & (past >= threshold) & (recent_pace < config.decline_ratio * past)
