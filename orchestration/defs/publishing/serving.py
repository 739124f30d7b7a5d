"""The publish step: the checked marts swapped into LOYALTY_SERVING_DIR for BI tools."""

from datetime import timedelta

import dagster as dg

from orchestration.defs.ingestion.quarantine import QUARANTINE_KEY
from orchestration.defs.resources import WAREHOUSE_POOL, WarehouseResource
from orchestration.defs.segmentation.common import features_as_of, segments_key
from orchestration.defs.transform.dbt_models import CUSTOMER_FEATURES
from orchestration.lib.history.published import PUBLISHED_CUSTOMER_SEGMENTS_SQL
from orchestration.lib.history.tables import HISTORY_SCHEMA
from orchestration.lib.publish import PublishedTable, publish_marts
from orchestration.lib.quarantine import QUARANTINE_TABLE
from orchestration.lib.table_preview import preview_markdown

SEGMENT_TABLES = (
    "customer_scores",
    "segment_membership",
    "segment_summary",
    "clv_model_params",
    "campaign_performance",
)

HISTORY_TABLES = ("segment_history", "segment_transitions", "segment_kpis")
"""Kept across runs in the warehouse's `history` schema; each is the asset `segments/<name>`."""

PUBLISHED_TABLES: tuple[PublishedTable, ...] = (
    PublishedTable(
        "customer_features", "select * exclude (birth_date) from marts.customer_features order by customer_id"
    ),
    PublishedTable("customer_segments", PUBLISHED_CUSTOMER_SEGMENTS_SQL),
    *(PublishedTable(name, f"select * from segments.{name} order by all") for name in SEGMENT_TABLES),
    *(PublishedTable(name, f"select * from {HISTORY_SCHEMA}.{name} order by all") for name in HISTORY_TABLES),
    PublishedTable(
        "quarantine_summary",
        f"select table_name, reason, count(*) as rows from {QUARANTINE_TABLE} group by all order by all",
    ),
)

PUBLISHED_FRESHNESS = dg.FreshnessPolicy.cron(
    deadline_cron="0 5 * * *", lower_bound_delta=timedelta(hours=24), timezone="UTC"
)
"""BI users expect yesterday's marts by 05:00 UTC, three hours after the 02:00 schedule: a publish
in the 24 hours before the deadline counts."""

PREVIEW_COLUMNS = (
    "customer_id",
    "as_of_date",
    "recency_days",
    "frequency",
    "monetary",
    "tenure_days",
    "points_balance",
)


@dg.asset(
    deps=[
        CUSTOMER_FEATURES,
        QUARANTINE_KEY,
        *map(segments_key, ("customer_segments", *SEGMENT_TABLES, *HISTORY_TABLES)),
    ],
    group_name="publishing",
    kinds={"duckdb", "parquet"},
    pool=WAREHOUSE_POOL,
    freshness_policy=PUBLISHED_FRESHNESS,
)
def published_marts(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The serving database and Parquet files BI tools read, replaced as a whole and atomically.

    Runs only after every upstream asset and blocking check succeeded, so a failed
    run leaves the last good publish in place.
    """
    settings = warehouse.settings()
    with warehouse.connect() as conn:
        as_of = features_as_of(conn)
        result = publish_marts(conn, settings.serving_dir, PUBLISHED_TABLES, as_of, context.run.run_id)
        preview = preview_markdown(conn, "marts.customer_features", columns=PREVIEW_COLUMNS)
    context.log.info(f"published {result.row_counts} as of {as_of} to {settings.serving_dir}")
    return dg.MaterializeResult(
        metadata={
            "as_of_date": str(as_of),
            "serving_db": dg.MetadataValue.path(str(result.serving_db)),
            "parquet_dir": dg.MetadataValue.path(str(result.parquet_dir)),
            "published_at": result.published_at.isoformat(),
            **{f"rows/{name}": count for name, count in result.row_counts.items()},
            "dagster/row_count": result.row_counts["customer_features"],
            "preview": dg.MetadataValue.md(preview),
        }
    )
