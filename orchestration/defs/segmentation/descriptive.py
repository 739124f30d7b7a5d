"""What the UI shows about dbt model descriptive_segments once dbt has built it."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
import duckdb

from orchestration.lib.dbt_vars import vars_named
from orchestration.lib.segmentation.families import descriptive_families
from orchestration.lib.segmentation.summaries import row_count, segment_sizes

RELATION = "segments.descriptive_segments"


def descriptive_segments_metadata(
    conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]
) -> dict[str, Any]:
    """Row count, sizes per family (var segment_families) and the thresholds in force (`dbt_vars`)."""
    return {
        "dagster/row_count": row_count(conn, RELATION),
        "segment_sizes": dg.MetadataValue.json(segment_sizes(conn, RELATION, descriptive_families(dbt_vars))),
        "settings": dg.MetadataValue.json(vars_named(dbt_vars, "descriptive_")),
    }
