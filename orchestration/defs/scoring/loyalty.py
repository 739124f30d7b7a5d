"""What the UI shows about dbt model loyalty_scores once dbt has built it."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
import duckdb

from orchestration.lib.dbt_vars import vars_named
from orchestration.lib.segmentation.summaries import quantiles, row_count, segment_sizes

RELATION = "segments.loyalty_scores"


def loyalty_scores_metadata(conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]) -> dict[str, Any]:
    """Tier sizes, score quartiles and the weights and thresholds in force (`dbt_vars`)."""
    return {
        "dagster/row_count": row_count(conn, RELATION),
        "tier_sizes": dg.MetadataValue.json(segment_sizes(conn, RELATION, ["loyalty_tier"])["loyalty_tier"]),
        "score_quartiles": dg.MetadataValue.json(
            quantiles(conn, RELATION, "loyalty_score", (0.25, 0.5, 0.75))
        ),
        "settings": dg.MetadataValue.json(vars_named(dbt_vars, "loyalty_score_")),
    }
