"""What the UI shows about dbt models segment_kpis and campaign_performance once dbt has built them."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

import dagster as dg
import duckdb

from orchestration.lib.dbt_vars import AS_OF_VAR, vars_named
from orchestration.lib.measurement.summaries import (
    CAMPAIGN_PERFORMANCE,
    SEGMENT_KPIS,
    campaign_overview,
    kept_as_of_dates,
    top_segment_per_family,
)
from orchestration.lib.segmentation.summaries import row_count
from orchestration.lib.table_preview import preview_markdown

KPI_PREVIEW = [
    "as_of_date",
    "segment_family",
    "segment",
    "members",
    "revenue_12m",
    "repeat_purchase_rate",
    "retention_90d",
    "email_open_rate",
]
CAMPAIGN_PREVIEW = [
    "campaign_id",
    "segment_family",
    "segment",
    "targeted",
    "control_members",
    "treated_order_rate",
    "control_order_rate",
    "uplift",
    "uplift_significant",
]


def segment_kpis_metadata(conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]) -> dict[str, Any]:
    """Rows kept over all as-of dates and for the run's, and the top segment by revenue per family."""
    as_of = dt.date.fromisoformat(dbt_vars[AS_OF_VAR])
    rows, rows_for_as_of, dates = kept_as_of_dates(conn, as_of)
    top_segments = top_segment_per_family(conn, as_of)
    return {
        "dagster/row_count": rows,
        "as_of_date": str(as_of),
        "rows_for_as_of_date": rows_for_as_of,
        "as_of_dates_kept": dates,
        "top_segment_by_revenue_per_family": dg.MetadataValue.md(top_segments.to_markdown(index=False)),
        "preview": dg.MetadataValue.md(preview_markdown(conn, SEGMENT_KPIS, columns=KPI_PREVIEW)),
    }


def campaign_performance_metadata(
    conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]
) -> dict[str, Any]:
    """Campaigns, holdouts, significant uplifts, segment bases and the settings in force (`dbt_vars`)."""
    overview = campaign_overview(conn)
    return {
        "dagster/row_count": row_count(conn, CAMPAIGN_PERFORMANCE),
        "as_of_date": dbt_vars[AS_OF_VAR],
        "campaigns": overview["campaigns"],
        "campaigns_with_holdout": overview["campaigns_with_holdout"],
        "significant_uplifts": dg.MetadataValue.json(overview["significant_uplifts"]),
        "segment_basis": dg.MetadataValue.json(overview["segment_basis"]),
        "settings": dg.MetadataValue.json(vars_named(dbt_vars, "campaign_")),
        "preview": dg.MetadataValue.md(
            preview_markdown(conn, CAMPAIGN_PERFORMANCE, columns=CAMPAIGN_PREVIEW)
        ),
    }
