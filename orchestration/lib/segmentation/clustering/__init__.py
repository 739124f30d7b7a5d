"""Behavioural clustering of buyers: the public API the customer_segments asset calls.

The asset calls `cluster_customers(customer_features)`, writes `result.assignments`
(customer_id, behavior_cluster: Int64, null for prospects, behavior_cluster_label)
and puts `result.profile` (one row per cluster, original units) and
`result.selection_scores` (one row per k tried) into its metadata.
"""

from orchestration.lib.segmentation.clustering.config import ClusteringConfig
from orchestration.lib.segmentation.clustering.model import ClusterModel, assign_clusters, fit_clusters
from orchestration.lib.segmentation.clustering.profile import profile_clusters
from orchestration.lib.segmentation.clustering.result import ClusterResult, cluster_customers

__all__ = [
    "ClusterModel",
    "ClusterResult",
    "ClusteringConfig",
    "assign_clusters",
    "cluster_customers",
    "fit_clusters",
    "profile_clusters",
]
