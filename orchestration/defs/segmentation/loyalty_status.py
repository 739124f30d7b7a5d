"""What the UI shows about dbt model loyalty_statuses once dbt has built it."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
import duckdb

from orchestration.lib.dbt_vars import vars_named
from orchestration.lib.segmentation.summaries import row_count, segment_sizes, true_count

RELATION = "segments.loyalty_statuses"


def loyalty_statuses_metadata(conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]) -> dict[str, Any]:
    """Status sizes, win-back candidates and the thresholds in force (`dbt_vars`: the run's)."""
    return {
        "dagster/row_count": row_count(conn, RELATION),
        "status_sizes": dg.MetadataValue.json(
            segment_sizes(conn, RELATION, ["loyalty_status"])["loyalty_status"]
        ),
        "win_back_candidates": true_count(conn, RELATION, "win_back_candidate"),
        "settings": dg.MetadataValue.json(
            {
                "status": vars_named(dbt_vars, "loyalty_status_"),
                "win_back": vars_named(dbt_vars, "win_back_"),
            }
        ),
    }
