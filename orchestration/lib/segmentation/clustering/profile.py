"""What each cluster looks like, in original units, for the asset's metadata."""

from __future__ import annotations

import numpy as np
import pandas as pd

from orchestration.lib.segmentation.clustering.features import (
    LOG_FEATURES,
    RATE_FEATURES,
    channel_shares,
    column,
)
from orchestration.lib.segmentation.clustering.model import ClusterModel

PROFILE_FEATURES = LOG_FEATURES
"""Reported as mean and median (they are skewed, so the median is the typical member)."""


def profile_clusters(model: ClusterModel, frame: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """One row per cluster id: label, size, shares, and feature means/medians over all its buyers.

    `assignments` must be `assign_clusters(model, frame)`, row for row. Rates
    are averaged over the buyers they are known for (an open rate over the
    contacted), so they read as the business reads them.
    """
    if not np.array_equal(frame["customer_id"].to_numpy(), assignments["customer_id"].to_numpy()):
        raise ValueError("assignments must come from assign_clusters on this frame, in the same row order")
    ids = assignments["behavior_cluster"]
    buyers = ids.notna().to_numpy()
    values = pd.DataFrame({name: column(frame, name)[buyers] for name in (*PROFILE_FEATURES, *RATE_FEATURES)})
    values = values.assign(**{name: share[buyers] for name, share in channel_shares(frame).items()})
    grouped = values.groupby(ids[buyers].to_numpy(dtype="int64"))
    clusters = pd.RangeIndex(model.k, name="behavior_cluster")
    customers = grouped.size().reindex(clusters, fill_value=0)
    revenue = grouped["revenue_last_365d"].sum().reindex(clusters, fill_value=0.0)
    profile = pd.DataFrame(
        {
            "behavior_cluster_label": list(model.labels),
            "customers": customers,
            "share_of_buyers": customers / max(int(buyers.sum()), 1),
            "share_of_revenue_365d": revenue / revenue.sum() if revenue.sum() > 0 else 0.0,
        },
        index=clusters,
    )
    means = grouped.mean().reindex(clusters).add_prefix("mean_")
    medians = grouped[list(PROFILE_FEATURES)].median().reindex(clusters).add_prefix("median_")
    return pd.concat([profile, means, medians], axis=1).reset_index()
