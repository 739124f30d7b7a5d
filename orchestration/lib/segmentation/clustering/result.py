"""One call for the asset: fit, assign every customer, and profile the clusters."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from orchestration.lib.segmentation.clustering.config import ClusteringConfig
from orchestration.lib.segmentation.clustering.model import ClusterModel, assign_clusters, fit_clusters
from orchestration.lib.segmentation.clustering.profile import profile_clusters


@dataclass(frozen=True, eq=False)
class ClusterResult:
    """Everything the customer_segments asset writes or shows.

    `assignments` has one row per input customer (null cluster for
    prospects); `profile` one row per cluster; `selection_scores` one row per
    k tried (empty when there was nothing to choose between).
    """

    model: ClusterModel
    assignments: pd.DataFrame
    profile: pd.DataFrame

    @property
    def k(self) -> int:
        return self.model.k

    @property
    def selection_scores(self) -> pd.DataFrame:
        return self.model.selection_scores


def cluster_customers(frame: pd.DataFrame, config: ClusteringConfig | None = None) -> ClusterResult:
    """Cluster the buyers in the feature-mart `frame`; see `ClusteringConfig` for the knobs."""
    model = fit_clusters(frame, config)
    assignments = assign_clusters(model, frame)
    return ClusterResult(model, assignments, profile_clusters(model, frame, assignments))
