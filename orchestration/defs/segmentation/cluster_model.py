"""Behavioural clusters: k-means fitted on a seeded sample and kept until it is due for a refit;
dbt assigns every buyer from the stored model."""

from typing import Any

import dagster as dg
import pandas as pd

from orchestration.defs.as_of import run_as_of
from orchestration.defs.resources import LandingResource, WarehouseResource
from orchestration.defs.segments_schema import FEATURES, SEGMENTS_SCHEMA, Tunables, segment_asset
from orchestration.defs.transform.dbt_models import CUSTOMER_FEATURES
from orchestration.lib.frames import write_table
from orchestration.lib.segmentation.clustering import ClusteringConfig, cluster_sample, read_sample
from orchestration.lib.segmentation.clustering.refit import (
    StoredFit,
    feature_drift,
    matched_to,
    per_cluster,
    read_stored_fit,
    refit_reason,
    with_fit_record,
)

MODEL_TABLE = "behavior_cluster_model"


@segment_asset(deps=[CUSTOMER_FEATURES], group_name="segmentation")
def behavior_cluster_model(
    context: dg.AssetExecutionContext,
    landing: LandingResource,
    warehouse: WarehouseResource,
    config: Tunables,
) -> dg.MaterializeResult:
    """k-means over a seeded sample of buyers (k chosen by silhouette over a range), each cluster
    named from its members: the fitted transform, centroids and labels, one row per cluster and
    feature, from which the dbt model behavior_clusters assigns every buyer.

    The stored model is applied as it is until it is `refit_every_days` old, a feature has
    drifted more than `max_feature_drift` standard deviations, or the settings changed; a refit
    keeps the ids and labels of the clusters it matches (lib/segmentation/clustering/refit.py).
    """
    settings = config.apply(ClusteringConfig())
    as_of = run_as_of(context, landing, warehouse)
    with warehouse.connect() as conn:
        stored = read_stored_fit(conn, SEGMENTS_SCHEMA, MODEL_TABLE)
        sample = read_sample(conn, FEATURES, settings.fit_sample_size, settings.seed)
        # a backfill older than the fit applies the stored model whatever the drift
        drift = feature_drift(stored, sample) if stored and as_of >= stored.fitted_as_of else None
        reason = refit_reason(stored, as_of, settings, drift)
        if reason is None:
            context.log.info(f"kept the clusters fitted as of {stored.fitted_as_of}")
            return dg.MaterializeResult(metadata=kept_metadata(stored, drift))
        result = cluster_sample(sample, settings)
        if stored is not None:
            result = matched_to(stored, result, settings)
        rows = write_table(
            conn,
            f"{SEGMENTS_SCHEMA}.{MODEL_TABLE}",
            with_fit_record(result.parameters, as_of, settings, reason, previous=stored),
        )
    context.log.info(f"{result.k} behavioural clusters fitted on {len(sample)} buyers: {reason}")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "refitted": True,
            "refit_reason": reason,
            "fitted_as_of": as_of.isoformat(),
            "k": result.k,
            "buyers_fitted": len(sample),
            "cluster_profile": dg.MetadataValue.md(result.profile.round(3).to_markdown(index=False)),
            "k_selection": dg.MetadataValue.md(result.selection_scores.round(4).to_markdown(index=False)),
            **drift_metadata(drift),
        }
    )


def kept_metadata(stored: StoredFit, drift: pd.Series | None) -> dict[str, Any]:
    """What the run applied instead of refitting: the stored model's age and the drift seen."""
    clusters = per_cluster(stored.parameters).reset_index()
    return {
        "dagster/row_count": len(stored.parameters),
        "refitted": False,
        "refit_reason": dg.MetadataValue.null(),
        "fitted_as_of": stored.fitted_as_of.isoformat(),
        "k": len(clusters),
        "clusters": dg.MetadataValue.json(
            dict(
                zip(clusters["behavior_cluster"].astype(str), clusters["behavior_cluster_label"], strict=True)
            )
        ),
        **drift_metadata(drift),
    }


def drift_metadata(drift: pd.Series | None) -> dict[str, Any]:
    """The largest drift and its feature, and every feature's, since the stored model's fit."""
    if drift is None or drift.empty:
        return {}
    return {
        "max_feature_drift": round(float(drift.max()), 4),
        "feature_drift": dg.MetadataValue.json({name: round(float(v), 4) for name, v in drift.items()}),
    }
