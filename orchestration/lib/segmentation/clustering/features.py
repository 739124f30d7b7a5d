"""Behavioural features for k-means, and the sklearn pipeline that scales them.

k-means measures plain Euclidean distance, so every feature must be on a
comparable, roughly symmetric scale: counts, money and days are log1p'd (they
are heavy-tailed), channel counts become shares of orders (so "app first"
does not just mean "buys a lot"), rates are bounded to 0..1, and then the
pipeline clips each feature to its fitted quantiles and standardises it.
The dbt model behavior_features derives the same features in SQL for the
assignment of every buyer (behavior_clusters): a change here changes it too.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

INPUT_COLUMNS = (
    "frequency",
    "recency_days",
    "monetary",
    "avg_order_value",
    "avg_days_between_orders",
    "orders_last_365d",
    "revenue_last_365d",
    "tenure_days",
    "store_orders",
    "online_orders",
    "app_orders",
    "phone_orders",
    "other_orders",
    "campaign_open_rate",
    "campaign_click_rate",
    "points_redemption_rate",
    "discount_share",
    "distinct_categories_purchased",
    "return_rate",
)
"""Feature-mart columns the clustering reads besides customer_id."""

LOG_FEATURES = (
    "frequency",
    "recency_days",
    "monetary",
    "avg_order_value",
    "orders_last_365d",
    "revenue_last_365d",
    "tenure_days",
    "distinct_categories_purchased",
)
CHANNELS = {
    "store_share": ("store_orders",),
    "online_share": ("online_orders",),
    "app_share": ("app_orders",),
    "phone_other_share": ("phone_orders", "other_orders"),
}
"""Channel share -> the order columns it sums; phone and other are too rare to stand alone."""

CHANNEL_PRIOR_ORDERS = 1.0
"""Pseudo-orders, spread evenly over the channels, added before k-means sees the
shares: one order is weak evidence of a channel preference, and unsmoothed a
one-order buyer sits at a 100% corner of the mix, far from everyone else."""

RATE_FEATURES = (
    "campaign_open_rate",
    "campaign_click_rate",
    "points_redemption_rate",
    "discount_share",
    "return_rate",
)
"""Rates are null when there was nothing to measure (never contacted, no points
earned). They are filled with 0, "no engagement observed": inventing a typical
rate would credit uncontacted buyers with engagement they never showed."""

FEATURES = (*LOG_FEATURES, "avg_days_between_orders", *CHANNELS, *RATE_FEATURES)
"""Every feature the pipeline can derive; `ClusteringConfig.features` picks from these."""


def column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A column as float64 with NaN for missing, whatever the nullable dtype it arrived in."""
    values = frame[name].to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isfinite(values), values, np.nan)


def channel_shares(frame: pd.DataFrame, prior_orders: float = 0.0) -> dict[str, np.ndarray]:
    """Orders per channel over orders in all channels, after `prior_orders` spread evenly.

    Without a prior, a customer with no channel known gets 0 everywhere.
    """
    counts = {
        share: np.nansum([np.clip(column(frame, name), 0, None) for name in names], axis=0)
        for share, names in CHANNELS.items()
    }
    total = np.sum(list(counts.values()), axis=0) + prior_orders
    safe_total = np.where(total > 0, total, 1.0)
    return {share: (count + prior_orders / len(CHANNELS)) / safe_total for share, count in counts.items()}


def derive_features(frame: pd.DataFrame, features: Sequence[str]) -> np.ndarray:
    """The chosen features as an (rows x features) array; NaN only where an input is unknown."""
    shares = channel_shares(frame, CHANNEL_PRIOR_ORDERS) if any(name in CHANNELS for name in features) else {}
    derived = []
    for name in features:
        if name in CHANNELS:
            derived.append(shares[name])
        elif name in RATE_FEATURES:
            derived.append(np.clip(np.nan_to_num(column(frame, name), nan=0.0), 0.0, 1.0))
        elif name == "avg_days_between_orders":
            # A single-order buyer has no gap yet; the gap still open (recency) is its lower bound.
            gap = column(frame, name)
            gap = np.where(np.isnan(gap), column(frame, "recency_days"), gap)
            derived.append(np.log1p(np.clip(gap, 0, None)))
        else:
            derived.append(np.log1p(np.clip(column(frame, name), 0, None)))
    return np.column_stack(derived) if derived else np.empty((len(frame), 0))


class QuantileClipper(TransformerMixin, BaseEstimator):
    """Clip each column to its fitted quantiles so a few extreme customers cannot pull a centroid."""

    def __init__(self, lower: float = 0.005, upper: float = 0.995) -> None:
        self.lower = lower
        self.upper = upper

    def fit(self, X: np.ndarray, y: None = None) -> QuantileClipper:
        self.bounds_ = np.quantile(np.asarray(X, dtype="float64"), [self.lower, self.upper], axis=0)
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        return np.clip(np.asarray(X, dtype="float64"), self.bounds_[0], self.bounds_[1])


def feature_pipeline(features: Sequence[str], clip_quantiles: tuple[float, float]) -> Pipeline:
    """Derive -> impute what is still unknown with the median -> clip -> standardise.

    The median imputer only sees values missing from the mart by accident (a
    null recency for a buyer); `keep_empty_features` keeps an all-null column
    (as 0) instead of silently changing the number of features.
    """
    return Pipeline(
        [
            ("derive", FunctionTransformer(derive_features, kw_args={"features": tuple(features)})),
            ("impute", SimpleImputer(strategy="median", keep_empty_features=True)),
            ("clip", QuantileClipper(*clip_quantiles)),
            ("scale", StandardScaler()),
        ]
    )
