"""Per-segment KPIs, appended per as-of date to `history.segment_kpis`."""

import dagster as dg

from orchestration.defs.as_of import run_as_of
from orchestration.defs.resources import LandingResource, WarehouseResource
from orchestration.defs.segments_schema import segment_asset, segments_key
from orchestration.defs.transform.dbt_models import BTYD_SUMMARY, CHANNEL_RESPONSES, CUSTOMER_FEATURES
from orchestration.lib.measurement.segment_kpis import (
    SEGMENT_KPIS,
    record_segment_kpis,
    top_segment_per_family,
)
from orchestration.lib.table_preview import preview_markdown

PREVIEW_COLUMNS = [
    "as_of_date",
    "segment_family",
    "segment",
    "members",
    "revenue_12m",
    "repeat_purchase_rate",
    "retention_90d",
    "email_open_rate",
]


@segment_asset(
    deps=[CUSTOMER_FEATURES, BTYD_SUMMARY, CHANNEL_RESPONSES, segments_key("segment_membership")],
    group_name="measurement",
)
def segment_kpis(
    context: dg.AssetExecutionContext, landing: LandingResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Per as-of date, family and segment (and the whole base as `all`): members, 12-month
    buyers, orders, revenue and order value, repeat-purchase rate, 90-day retention, points
    redemption and open/click/conversion rates per channel. Kept in history.segment_kpis:
    a run replaces its own as-of date's rows only, so BI can chart KPIs over time."""
    as_of = run_as_of(context, landing, warehouse)
    with warehouse.connect() as conn:
        rows = record_segment_kpis(conn, as_of)
        total_rows, dates = conn.execute(
            f"select count(*), count(distinct as_of_date) from {SEGMENT_KPIS}"
        ).fetchone()
        top_segments = top_segment_per_family(conn, as_of)
        preview = preview_markdown(conn, SEGMENT_KPIS, columns=PREVIEW_COLUMNS)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": total_rows,
            "as_of_date": str(as_of),
            "rows_for_as_of_date": rows,
            "as_of_dates_kept": dates,
            "top_segment_by_revenue_per_family": dg.MetadataValue.md(top_segments.to_markdown(index=False)),
            "preview": dg.MetadataValue.md(preview),
        }
    )
