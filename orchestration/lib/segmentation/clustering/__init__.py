"""Behavioural clustering of buyers: the public API the behavior_cluster_model asset calls.

The asset reads the seeded sample with `read_sample`, calls `cluster_sample`, writes
`result.parameters` (the fitted transform, centroids and labels, one row per cluster and
feature) for the dbt model behavior_clusters to assign every buyer from, and puts
`result.profile` (one row per cluster over the sample, original units) and
`result.selection_scores` (one row per k tried) into its metadata.
"""

from orchestration.lib.segmentation.clustering.config import ClusteringConfig
from orchestration.lib.segmentation.clustering.model import ClusterModel, fit_clusters
from orchestration.lib.segmentation.clustering.parameters import model_table
from orchestration.lib.segmentation.clustering.profile import profile_clusters
from orchestration.lib.segmentation.clustering.result import ClusterResult, cluster_sample
from orchestration.lib.segmentation.clustering.sampling import read_sample

__all__ = [
    "ClusterModel",
    "ClusterResult",
    "ClusteringConfig",
    "cluster_sample",
    "fit_clusters",
    "model_table",
    "profile_clusters",
    "read_sample",
]
