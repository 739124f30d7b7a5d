"""What the UI shows about dbt model descriptive_segments once dbt has built it."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
import duckdb

from orchestration.lib.dbt_vars import vars_named
from orchestration.lib.segmentation import sizes


def descriptive_segments_metadata(
    conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]
) -> dict[str, Any]:
    """Row count, sizes per family and the thresholds in force (`dbt_vars`)."""
    metadata = sizes.descriptive_segments_metadata(conn)
    return {
        **metadata,
        "segment_sizes": dg.MetadataValue.json(metadata["segment_sizes"]),
        "settings": dg.MetadataValue.json(vars_named(dbt_vars, "descriptive_")),
    }
