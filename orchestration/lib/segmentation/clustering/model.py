"""Fit the behavioural clusters on the seeded sample of buyers the warehouse hands over.

Fitting on a sample keeps the fit seconds-long at any population size. The fit
ends as a small table (`parameters.model_table`): dbt assigns every buyer from
it in SQL, so Python never holds the whole programme.
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
    sample_clusters: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    """Published cluster id of each buyer of the fit sample, in its row order."""

    @property
    def k(self) -> int:
        return len(self.labels)


def fit_clusters(sample: pd.DataFrame, config: ClusteringConfig | None = None) -> ClusterModel:
    """Fit features, choose k and fit k-means on `sample`: buyers in seeded hash order
    (`sampling.read_sample`), whose first rows are the silhouette's subsample."""
    config = config or ClusteringConfig()
    require_columns(sample)
    if sample.empty:
        return ClusterModel(config, None, None, np.zeros(0, dtype=int), ())
    with threadpool_limits(config.threads):
        return _fit_sample(sample.reset_index(drop=True), config)


def _fit_sample(sample: pd.DataFrame, config: ClusteringConfig) -> ClusterModel:
    """Pipeline, k selection, k-means and labels, all from the hash-ordered sample of buyers."""
    pipeline = feature_pipeline(config.features, config.clip_quantiles)
    features = pipeline.fit_transform(sample[list(INPUT_COLUMNS)])
    ks = candidate_ks(len(np.unique(features, axis=0)), config)
    if not ks:
        everyone = np.zeros(len(sample), dtype=int)
        single = (SINGLE_CLUSTER_LABEL,)
        return ClusterModel(config, pipeline, None, np.zeros(1, dtype=int), single, sample_clusters=everyone)
    candidates = [fit_candidate(features, k, config) for k in ks]
    chosen = choose(candidates, config.silhouette_tolerance)
    cluster_ids = spend_order(chosen.kmeans, column(sample, "monetary"))
    sample_clusters = cluster_ids[chosen.kmeans.labels_]
    labels = cluster_labels(sample, sample_clusters, chosen.k, config)
    scores = selection_table(candidates, chosen)
    return ClusterModel(config, pipeline, chosen.kmeans, cluster_ids, labels, scores, sample_clusters)


def spend_order(kmeans: KMeans, monetary: np.ndarray) -> np.ndarray:
    """Published id per k-means label: highest mean lifetime spend first, centroids breaking ties."""
    k = int(kmeans.n_clusters)
    members = np.bincount(kmeans.labels_, minlength=k)
    spend = np.bincount(kmeans.labels_, weights=np.nan_to_num(monetary), minlength=k) / np.maximum(members, 1)
    order = np.lexsort((*kmeans.cluster_centers_.T[::-1], -spend))
    cluster_ids = np.empty(k, dtype=int)
    cluster_ids[order] = np.arange(k)
    return cluster_ids


def require_columns(frame: pd.DataFrame) -> None:
    """Fail early, naming what is missing, rather than deep inside the pipeline."""
    missing = [name for name in ("customer_id", *INPUT_COLUMNS) if name not in frame.columns]
    if missing:
        raise ValueError(f"customer features are missing columns: {missing}")
