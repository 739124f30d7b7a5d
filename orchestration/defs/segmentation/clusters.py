"""Behavioural clusters: k-means on transformed, scaled behaviour features."""

import dagster as dg

from orchestration.defs.resources import WarehouseResource
from orchestration.defs.segments_schema import FEATURES, Tunables, segment_asset
from orchestration.defs.transform.dbt_models import CUSTOMER_FEATURES
from orchestration.lib.frames import read_columns, write_table
from orchestration.lib.segmentation.clustering import ClusteringConfig, cluster_customers
from orchestration.lib.segmentation.clustering.features import INPUT_COLUMNS


@segment_asset(deps=[CUSTOMER_FEATURES], group_name="segmentation")
def behavior_clusters(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, config: Tunables
) -> dg.MaterializeResult:
    """k-means over buyers (k chosen by silhouette over a range, fitted on a seeded sample,
    applied to everyone), each cluster named from its centroid; null for prospects."""
    settings = config.apply(ClusteringConfig())
    with warehouse.connect() as conn:
        frame = read_columns(conn, FEATURES, ["customer_id", *dict.fromkeys(INPUT_COLUMNS)])
        result = cluster_customers(frame, settings)
        rows = write_table(conn, "segments.behavior_clusters", result.assignments)
    context.log.info(f"{result.k} behavioural clusters over {rows} members")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "k": result.k,
            "cluster_profile": dg.MetadataValue.md(result.profile.round(3).to_markdown(index=False)),
            "k_selection": dg.MetadataValue.md(result.selection_scores.round(4).to_markdown(index=False)),
        }
    )
