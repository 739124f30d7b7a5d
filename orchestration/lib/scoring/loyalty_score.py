"""The 0–100 loyalty score and its tiers.

Six components, each scaled to 0–1 and combined with documented weights:

recency     share of buyers whose last order is older (members without orders: 0)
frequency   share of members with fewer completed orders
monetary    share of members with lower completed-order value
engagement  campaign response: (open + 2·click + 3·conversion rate) / 6, capped at 1
redemption  share of earned points redeemed, capped at 1
tenure      membership age relative to `tenure_full_days`, capped at 1

A component without a basis (never contacted, never earned points) is left out
and the remaining weights are renormalised, so missing data neither rewards nor
punishes a member.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from orchestration.lib.segmentation.ranking import beaten_share

LOYALTY_TIERS = ("bronze", "silver", "gold", "platinum")


@dataclass(frozen=True)
class LoyaltyScoreConfig:
    """Component weights, the tenure horizon and the tier thresholds (score ≥ threshold)."""

    weights: dict[str, float] = field(
        default_factory=lambda: {
            "recency": 0.25,
            "frequency": 0.25,
            "monetary": 0.20,
            "engagement": 0.10,
            "redemption": 0.10,
            "tenure": 0.10,
        }
    )
    tenure_full_days: int = 730
    tier_thresholds: dict[str, float] = field(
        default_factory=lambda: {"silver": 40.0, "gold": 60.0, "platinum": 80.0}
    )


def score_components(frame: pd.DataFrame, config: LoyaltyScoreConfig) -> pd.DataFrame:
    """Each component in 0–1 per row, NaN where the member has no basis for it."""
    buyer = frame["frequency"].to_numpy(dtype=float) > 0
    recency = frame["recency_days"].to_numpy(dtype=float).copy()
    recency[~buyer] = np.nan
    recency_component = np.where(buyer, beaten_share(recency, higher_is_better=False), 0.0)
    engagement = (
        frame["campaign_open_rate"].to_numpy(dtype=float)
        + 2 * np.nan_to_num(frame["campaign_click_rate"].to_numpy(dtype=float))
        + 3 * np.nan_to_num(frame["campaign_conversion_rate"].to_numpy(dtype=float))
    ) / 6
    tenure = frame["tenure_days"].to_numpy(dtype=float) / config.tenure_full_days
    return pd.DataFrame(
        {
            "recency": recency_component,
            "frequency": beaten_share(frame["frequency"].to_numpy(dtype=float)),
            "monetary": beaten_share(frame["monetary"].to_numpy(dtype=float)),
            "engagement": np.clip(engagement, 0, 1),
            "redemption": np.clip(frame["points_redemption_rate"].to_numpy(dtype=float), 0, 1),
            "tenure": np.clip(np.nan_to_num(tenure), 0, 1),
        },
        index=frame.index,
    )


def loyalty_score(frame: pd.DataFrame, config: LoyaltyScoreConfig = LoyaltyScoreConfig()) -> np.ndarray:
    """Weighted mean of the available components, times 100, rounded to one decimal."""
    components = score_components(frame, config)
    weights = np.array([config.weights[name] for name in components.columns])
    values = components.to_numpy()
    available = ~np.isnan(values)
    weight_sum = (available * weights).sum(axis=1)
    weighted = (np.nan_to_num(values) * weights).sum(axis=1)
    return np.round(100 * weighted / np.where(weight_sum > 0, weight_sum, 1), 1)


def loyalty_tier(scores: np.ndarray, config: LoyaltyScoreConfig = LoyaltyScoreConfig()) -> np.ndarray:
    """bronze below the silver threshold, then silver, gold, platinum."""
    thresholds = config.tier_thresholds
    conditions = [
        scores >= thresholds["platinum"],
        scores >= thresholds["gold"],
        scores >= thresholds["silver"],
    ]
    return np.select(conditions, ["platinum", "gold", "silver"], default="bronze")
