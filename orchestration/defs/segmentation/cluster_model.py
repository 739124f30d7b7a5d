"""Behavioural clusters: k-means fitted on a seeded sample; dbt assigns every buyer from the fit."""

import dagster as dg

from orchestration.defs.resources import WarehouseResource
from orchestration.defs.segments_schema import FEATURES, Tunables, segment_asset
from orchestration.defs.transform.dbt_models import CUSTOMER_FEATURES
from orchestration.lib.frames import write_table
from orchestration.lib.segmentation.clustering import ClusteringConfig, cluster_sample, read_sample


@segment_asset(deps=[CUSTOMER_FEATURES], group_name="segmentation")
def behavior_cluster_model(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, config: Tunables
) -> dg.MaterializeResult:
    """k-means over a seeded sample of buyers (k chosen by silhouette over a range), each cluster
    named from its members: the fitted transform, centroids and labels, one row per cluster and
    feature, from which the dbt model behavior_clusters assigns every buyer."""
    settings = config.apply(ClusteringConfig())
    with warehouse.connect() as conn:
        sample = read_sample(conn, FEATURES, settings.fit_sample_size, settings.seed)
        result = cluster_sample(sample, settings)
        rows = write_table(conn, "segments.behavior_cluster_model", result.parameters)
    context.log.info(f"{result.k} behavioural clusters fitted on {len(sample)} buyers")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "k": result.k,
            "buyers_fitted": len(sample),
            "cluster_profile": dg.MetadataValue.md(result.profile.round(3).to_markdown(index=False)),
            "k_selection": dg.MetadataValue.md(result.selection_scores.round(4).to_markdown(index=False)),
        }
    )
