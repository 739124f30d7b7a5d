"""Feature-mart rows with planted behavioural groups: ground truth for the clustering tests and benchmark.

Real customer data has no known answer; planted personas do, so recovering
them (and naming them right) is a check on the whole chain, not just on k-means.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Persona:
    """Typical behaviour of one planted group; members scatter around it."""

    share: float
    orders: float
    recency_days: float
    order_value: float
    channels: tuple[float, float, float, float, float]
    """Probability of store, online, app, phone and other per order."""
    open_rate: float
    discount_share: float
    tenure_days: float


PERSONAS = {
    "app_vip": Persona(0.15, 40, 10, 200, (0.05, 0.1, 0.8, 0.03, 0.02), 0.6, 0.05, 1500),
    "store_dormant": Persona(0.35, 1.5, 600, 30, (0.9, 0.05, 0.03, 0.01, 0.01), 0.05, 0.3, 900),
    "online_regular": Persona(0.30, 5, 150, 90, (0.05, 0.85, 0.05, 0.03, 0.02), 0.15, 0.1, 900),
    "omni_deal": Persona(0.20, 20, 30, 35, (0.3, 0.3, 0.3, 0.05, 0.05), 0.45, 0.7, 300),
}


def planted_members(customers: int, seed: int = 0, prospect_share: float = 0.1) -> pd.DataFrame:
    """`customers` feature-mart rows; `planted_group` names each row's persona (or "prospect")."""
    rng = np.random.default_rng(seed)
    names = np.array([*PERSONAS, "prospect"])
    weights = np.array([p.share * (1 - prospect_share) for p in PERSONAS.values()] + [prospect_share])
    group = rng.choice(len(names), size=customers, p=weights / weights.sum())
    frame = _buyer_rows(rng, group)
    prospect = group == len(PERSONAS)
    frame.loc[prospect] = _prospect_values(frame.columns)
    frame.insert(0, "customer_id", pd.Series(np.arange(customers)).map("C{:07d}".format))
    frame["planted_group"] = names[group]
    return frame


def _buyer_rows(rng: np.random.Generator, group: np.ndarray) -> pd.DataFrame:
    """Order behaviour drawn around each row's persona (prospect rows are overwritten later)."""
    personas = [*PERSONAS.values(), next(iter(PERSONAS.values()))]
    fields = Persona.__dataclass_fields__
    pick = {name: np.array([getattr(p, name) for p in personas])[group] for name in fields}
    n = len(group)
    frequency = 1 + rng.poisson(pick["orders"] - 1)
    recency = np.rint(rng.lognormal(np.log(pick["recency_days"]), 0.35))
    tenure = np.maximum(recency + frequency, np.rint(rng.lognormal(np.log(pick["tenure_days"]), 0.3)))
    order_value = rng.lognormal(np.log(pick["order_value"]), 0.25)
    recent = np.where(recency <= 365, np.maximum(1, rng.binomial(frequency, np.clip(365 / tenure, 0, 1))), 0)
    channels = rng.multinomial(frequency, pick["channels"])
    gaps = np.where(frequency > 1, (tenure - recency) / np.maximum(frequency - 1, 1), np.nan)
    return pd.DataFrame(
        {
            "frequency": frequency,
            "recency_days": recency,
            "monetary": frequency * order_value,
            "avg_order_value": order_value,
            "avg_days_between_orders": gaps,
            "orders_last_365d": recent,
            "revenue_last_365d": recent * order_value,
            "tenure_days": tenure,
            **{
                f"{c}_orders": channels[:, i]
                for i, c in enumerate(("store", "online", "app", "phone", "other"))
            },
            "campaign_open_rate": _beta(rng, pick["open_rate"], missing=0.1),
            "campaign_click_rate": _beta(rng, pick["open_rate"] * 0.3, missing=0.1),
            "points_redemption_rate": _beta(rng, np.full(n, 0.4), missing=0.2),
            "discount_share": _beta(rng, pick["discount_share"]),
            "distinct_categories_purchased": 1 + rng.poisson(np.minimum(frequency, 8) * 0.5),
            "return_rate": _beta(rng, np.full(n, 0.05)),
        }
    )


def _beta(rng: np.random.Generator, mean: np.ndarray, missing: float = 0.0) -> np.ndarray:
    """Rates scattered around `mean` (beta with concentration 20); a `missing` share left null."""
    rates = rng.beta(mean * 20, (1 - mean) * 20)
    return np.where(rng.random(len(mean)) < missing, np.nan, rates)


def _prospect_values(columns: pd.Index) -> list[float]:
    """A prospect as the mart writes one: zero counts and money, null recency, gaps and rates."""
    nullable = {
        "recency_days",
        "avg_order_value",
        "avg_days_between_orders",
        "campaign_open_rate",
        "campaign_click_rate",
        "points_redemption_rate",
        "discount_share",
        "return_rate",
    }
    return [np.nan if name in nullable else 0.0 for name in columns]
