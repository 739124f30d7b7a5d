"""What the UI shows about dbt model behavior_clusters once dbt has built it."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
import duckdb

from orchestration.lib.segmentation.summaries import row_count, segment_sizes

RELATION = "segments.behavior_clusters"


def behavior_clusters_metadata(
    conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]
) -> dict[str, Any]:
    """Members per cluster label over everyone dbt assigned (`null`: the prospects)."""
    sizes = segment_sizes(conn, RELATION, ["behavior_cluster_label"])["behavior_cluster_label"]
    return {"dagster/row_count": row_count(conn, RELATION), "cluster_sizes": dg.MetadataValue.json(sizes)}
