"""One call for the asset: fit on the sample, then the stored model and its profile."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from orchestration.lib.segmentation.clustering.config import ClusteringConfig
from orchestration.lib.segmentation.clustering.model import ClusterModel, fit_clusters
from orchestration.lib.segmentation.clustering.parameters import model_table
from orchestration.lib.segmentation.clustering.profile import profile_clusters


@dataclass(frozen=True, eq=False)
class ClusterResult:
    """Everything the behavior_cluster_model asset writes or shows.

    `parameters` is the table dbt assigns every buyer from; `profile` one row
    per cluster over the fit sample; `selection_scores` one row per k tried
    (empty when there was nothing to choose between).
    """

    model: ClusterModel
    parameters: pd.DataFrame
    profile: pd.DataFrame

    @property
    def k(self) -> int:
        return self.model.k

    @property
    def selection_scores(self) -> pd.DataFrame:
        return self.model.selection_scores


def cluster_sample(sample: pd.DataFrame, config: ClusteringConfig | None = None) -> ClusterResult:
    """Fit the clusters on `sample` (`sampling.read_sample`); see `ClusteringConfig` for the knobs."""
    model = fit_clusters(sample, config)
    return ClusterResult(model, model_table(model), profile_clusters(model, sample))
