"""What each cluster looks like, in original units, for the model asset's metadata.

Read off the fit sample (a seeded random sample of the buyers, all of them in a
programme smaller than `fit_sample_size`), so Python never reads every member.
"""

from __future__ import annotations

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


def profile_clusters(model: ClusterModel, sample: pd.DataFrame) -> pd.DataFrame:
    """One row per cluster id: label, sampled buyers, shares, and feature means/medians.

    `sample` must be the frame `model` was fitted on, row for row. Rates are
    averaged over the buyers they are known for (an open rate over the
    contacted), so they read as the business reads them.
    """
    if len(sample) != len(model.sample_clusters):
        raise ValueError("profile_clusters needs the sample the model was fitted on")
    values = pd.DataFrame({name: column(sample, name) for name in (*PROFILE_FEATURES, *RATE_FEATURES)})
    values = values.assign(**channel_shares(sample))
    grouped = values.groupby(model.sample_clusters)
    clusters = pd.RangeIndex(model.k, name="behavior_cluster")
    customers = grouped.size().reindex(clusters, fill_value=0)
    revenue = grouped["revenue_last_365d"].sum().reindex(clusters, fill_value=0.0)
    profile = pd.DataFrame(
        {
            "behavior_cluster_label": list(model.labels),
            "sampled_buyers": customers,
            "share_of_buyers": customers / max(len(sample), 1),
            "share_of_revenue_365d": revenue / revenue.sum() if revenue.sum() > 0 else 0.0,
        },
        index=clusters,
    )
    means = grouped.mean().reindex(clusters).add_prefix("mean_")
    medians = grouped[list(PROFILE_FEATURES)].median().reindex(clusters).add_prefix("median_")
    return pd.concat([profile, means, medians], axis=1).reset_index()
