"""Fit the behavioural clusters on a seeded sample, then assign every buyer in batches.

Fitting on a sample keeps the fit seconds-long at any population size;
assignment is a vectorised transform + nearest-centroid lookup per batch, so
memory stays bounded by the batch, not the programme.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from orchestration.lib.segmentation.clustering.config import ClusteringConfig
from orchestration.lib.segmentation.clustering.features import INPUT_COLUMNS, column, feature_pipeline
from orchestration.lib.segmentation.clustering.labels import SINGLE_CLUSTER_LABEL, cluster_labels
from orchestration.lib.segmentation.clustering.sampling import buyer_mask, sample_positions
from orchestration.lib.segmentation.clustering.selection import (
    candidate_ks,
    choose,
    fit_candidate,
    selection_table,
)


@dataclass(frozen=True, eq=False)
class ClusterModel:
    """A fitted clustering: ids 0..k-1 in order of mean lifetime spend (0 = highest).

    `kmeans` is None when the buyers showed fewer than two distinct behaviours
    (everyone is cluster 0); `pipeline` is None, and k 0, when there were no buyers.
    """

    config: ClusteringConfig
    pipeline: Pipeline | None
    kmeans: KMeans | None
    cluster_ids: np.ndarray
    """Published cluster id of each k-means label, so ids do not depend on sklearn's label order."""
    labels: tuple[str, ...]
    selection_scores: pd.DataFrame = field(default_factory=pd.DataFrame)
    buyers_fitted: int = 0

    @property
    def k(self) -> int:
        return len(self.labels)


def fit_clusters(frame: pd.DataFrame, config: ClusteringConfig | None = None) -> ClusterModel:
    """Fit features, choose k and fit k-means on a seeded sample of the buyers in `frame`."""
    config = config or ClusteringConfig()
    require_columns(frame)
    buyers = np.flatnonzero(buyer_mask(frame))
    if buyers.size == 0:
        return ClusterModel(config, None, None, np.zeros(0, dtype=int), ())
    picked = buyers[sample_positions(frame["customer_id"].iloc[buyers], config.fit_sample_size, config.seed)]
    with threadpool_limits(config.threads):
        return _fit_sample(frame.iloc[picked], config)


def _fit_sample(sample: pd.DataFrame, config: ClusteringConfig) -> ClusterModel:
    """Pipeline, k selection, k-means and labels, all from the hash-ordered sample of buyers."""
    pipeline = feature_pipeline(config.features, config.clip_quantiles)
    features = pipeline.fit_transform(sample[list(INPUT_COLUMNS)])
    ks = candidate_ks(len(np.unique(features, axis=0)), config)
    if not ks:
        single = (SINGLE_CLUSTER_LABEL,)
        return ClusterModel(config, pipeline, None, np.zeros(1, dtype=int), single, buyers_fitted=len(sample))
    candidates = [fit_candidate(features, k, config) for k in ks]
    chosen = choose(candidates, config.silhouette_tolerance)
    cluster_ids = spend_order(chosen.kmeans, column(sample, "monetary"))
    labels = cluster_labels(sample, cluster_ids[chosen.kmeans.labels_], chosen.k, config)
    return ClusterModel(
        config, pipeline, chosen.kmeans, cluster_ids, labels, selection_table(candidates, chosen), len(sample)
    )


def spend_order(kmeans: KMeans, monetary: np.ndarray) -> np.ndarray:
    """Published id per k-means label: highest mean lifetime spend first, centroids breaking ties."""
    k = int(kmeans.n_clusters)
    members = np.bincount(kmeans.labels_, minlength=k)
    spend = np.bincount(kmeans.labels_, weights=np.nan_to_num(monetary), minlength=k) / np.maximum(members, 1)
    order = np.lexsort((*kmeans.cluster_centers_.T[::-1], -spend))
    cluster_ids = np.empty(k, dtype=int)
    cluster_ids[order] = np.arange(k)
    return cluster_ids


def assign_clusters(model: ClusterModel, frame: pd.DataFrame) -> pd.DataFrame:
    """customer_id, behavior_cluster (Int64) and behavior_cluster_label, in `frame`'s row order.

    Prospects (and every row, for a model fitted without buyers) get null id and label.
    """
    require_columns(frame)
    ids = np.full(len(frame), -1, dtype="int64")
    buyers = np.flatnonzero(buyer_mask(frame)) if model.k else np.zeros(0, dtype=int)
    inputs = frame.columns.get_indexer(INPUT_COLUMNS)
    with threadpool_limits(model.config.threads):
        for start in range(0, buyers.size, model.config.predict_batch_size):
            rows = buyers[start : start + model.config.predict_batch_size]
            ids[rows] = _predict(model, frame.iloc[rows, inputs])
    labels = np.array([*model.labels, None], dtype=object)[ids]  # id -1 picks the trailing None
    return pd.DataFrame(
        {
            "customer_id": frame["customer_id"].to_numpy(),
            "behavior_cluster": pd.arrays.IntegerArray(ids, ids < 0),
            "behavior_cluster_label": pd.Series(labels, dtype="str"),
        }
    )


def _predict(model: ClusterModel, inputs: pd.DataFrame) -> np.ndarray:
    """Published cluster ids of one batch of buyers."""
    if model.kmeans is None:
        return np.zeros(len(inputs), dtype="int64")
    return model.cluster_ids[model.kmeans.predict(model.pipeline.transform(inputs))]


def require_columns(frame: pd.DataFrame) -> None:
    """Fail early, naming what is missing, rather than deep inside the pipeline."""
    missing = [name for name in ("customer_id", *INPUT_COLUMNS) if name not in frame.columns]
    if missing:
        raise ValueError(f"customer features are missing columns: {missing}")
