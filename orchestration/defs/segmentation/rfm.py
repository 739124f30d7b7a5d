"""What the UI shows about dbt model rfm_segments once dbt has built it."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
import duckdb

from orchestration.lib.dbt_vars import vars_named
from orchestration.lib.segmentation.summaries import rfm_grid_markdown, row_count, segment_sizes

RELATION = "segments.rfm_segments"


def rfm_segments_metadata(conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]) -> dict[str, Any]:
    """Segment sizes, buyers per recency x frequency score and the rules in force (`dbt_vars`)."""
    return {
        "dagster/row_count": row_count(conn, RELATION),
        "segment_sizes": dg.MetadataValue.json(segment_sizes(conn, RELATION, ["rfm_segment"])["rfm_segment"]),
        "rfm_grid": dg.MetadataValue.md(rfm_grid_markdown(conn, RELATION)),
        "settings": dg.MetadataValue.json(vars_named(dbt_vars, "rfm_")),
    }
