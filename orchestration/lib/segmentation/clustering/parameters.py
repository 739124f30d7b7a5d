"""The fitted clustering as the table dbt assigns every buyer from (model behavior_clusters).

One row per cluster and model feature: the label, the feature's transform after
derivation (median fill, quantile clip, standardisation, all fitted on the
sample) and the centroid coordinate in the standardised space k-means measured
distances in. dbt derives the same features (int_behavior_features_derived),
applies the transform and picks the nearest centroid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from orchestration.lib.segmentation.clustering.model import ClusterModel

COLUMNS = {
    "behavior_cluster": "int64",
    "behavior_cluster_label": "str",
    "feature": "str",
    "feature_position": "int64",
    "impute_value": "float64",
    "clip_lower": "float64",
    "clip_upper": "float64",
    "scale_mean": "float64",
    "scale_std": "float64",
    "centroid": "float64",
}
"""Columns of segments.behavior_cluster_model and their types."""


def model_table(model: ClusterModel) -> pd.DataFrame:
    """k x features rows (none for a model fitted without buyers), cluster by cluster.

    A single-cluster model (no k-means) stores the origin as its one centroid:
    with one centroid the distance only has to exist, not to discriminate.
    """
    if model.pipeline is None:
        return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in COLUMNS.items()})
    steps = model.pipeline.named_steps
    features = list(model.config.features)
    if model.kmeans is None:
        centroids = np.zeros((1, len(features)))
    else:
        centroids = model.kmeans.cluster_centers_[np.argsort(model.cluster_ids)]
    per_feature = {
        "feature": features,
        "feature_position": np.arange(len(features)),
        "impute_value": steps["impute"].statistics_,
        "clip_lower": steps["clip"].bounds_[0],
        "clip_upper": steps["clip"].bounds_[1],
        "scale_mean": steps["scale"].mean_,
        "scale_std": steps["scale"].scale_,
    }
    rows = [
        pd.DataFrame(
            {"behavior_cluster": cluster, "behavior_cluster_label": label, **per_feature, "centroid": centre}
        )
        for cluster, (label, centre) in enumerate(zip(model.labels, centroids, strict=True))
    ]
    return pd.concat(rows, ignore_index=True).astype(COLUMNS)
