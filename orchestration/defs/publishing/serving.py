"""The publish step: the checked marts swapped into LOYALTY_SERVING_DIR for BI tools."""

from datetime import timedelta

import dagster as dg

from orchestration.defs.as_of import run_as_of
from orchestration.defs.partitions import is_backfill
from orchestration.defs.resources import WAREHOUSE_POOL, LandingResource, ServingResource, WarehouseResource
from orchestration.defs.transform.dbt_models import dbt_model
from orchestration.lib.publish import PUBLISHED_SCHEMA, PublishedTable, publish_marts, published_as_of
from orchestration.lib.publish_plan import PublishPlan, stage_release, unpublished_root
from orchestration.lib.quality.docs import OVERVIEW_FILE, run_docs_root
from orchestration.lib.table_preview import preview_markdown

PUBLISHED_TABLES: tuple[PublishedTable, ...] = (
    PublishedTable("customer_features", order_by="customer_id"),
    PublishedTable("customer_segments", order_by="customer_id"),
    PublishedTable("customer_scores"),
    PublishedTable("segment_membership", order_by=None),
    PublishedTable("segment_summary"),
    PublishedTable("clv_model_params"),
    PublishedTable("campaign_performance"),
    PublishedTable("segment_history", order_by=None),
    PublishedTable("segment_transitions"),
    PublishedTable("segment_kpis"),
    PublishedTable("quarantine_summary"),
)
"""The serving tables in publish_info's column order, each the dbt view `published_<name>`; the
two long ones (a row per member and family) unsorted: BI orders them at query time."""

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
    deps=[dbt_model(f"published_{table.name}") for table in PUBLISHED_TABLES],
    group_name="publishing",
    kinds={"duckdb", "parquet"},
    pool=WAREHOUSE_POOL,
    freshness_policy=PUBLISHED_FRESHNESS,
)
def published_marts(
    context: dg.AssetExecutionContext,
    landing: LandingResource,
    serving: ServingResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """The serving database, Parquet files and Data Docs BI tools read, switched as one release.

    Copies each dbt view of schema `published` as it is: every transformation is in dbt.

    Runs only after every upstream asset and blocking check succeeded, so a failed
    run leaves the last good publish in place. A backfill older than the current
    publish builds its release aside for its dated report and publishes nothing.
    """
    serving_dir = serving.folder()
    run_id = context.run.run_id
    as_of = run_as_of(context, landing, warehouse)
    with warehouse.connect() as conn:
        plan = PublishPlan(as_of, published_as_of(serving_dir), backfill=is_backfill(context))
        if not plan.publishes:
            unpublished = unpublished_root(warehouse.path())
            staged = stage_release(conn, unpublished, PUBLISHED_TABLES, as_of, run_id)
            context.log.info(f"{plan.describe()}; release for the report built in {staged}")
            return dg.MaterializeResult(metadata=plan_metadata(plan))
        docs = run_docs_root(serving.quality_docs_folder(), run_id)
        result = publish_marts(conn, serving_dir, PUBLISHED_TABLES, as_of, run_id, quality_docs=docs)
        preview = preview_markdown(conn, f"{PUBLISHED_SCHEMA}.customer_features", columns=PREVIEW_COLUMNS)
    if plan.moves_backwards:
        context.log.warning(f"{plan.describe()}: BI now sees an older as-of date than before")
    context.log.info(f"{plan.describe()}: {result.row_counts} to {serving_dir}")
    return dg.MaterializeResult(
        metadata={
            **plan_metadata(plan),
            "serving_db": dg.MetadataValue.path(str(result.serving_db)),
            "parquet_dir": dg.MetadataValue.path(str(result.parquet_dir)),
            "quality_docs": dg.MetadataValue.path(str(result.quality_docs / OVERVIEW_FILE)),
            "published_at": result.published_at.isoformat(),
            **{f"rows/{name}": count for name, count in result.row_counts.items()},
            "dagster/row_count": result.row_counts["customer_features"],
            "preview": dg.MetadataValue.md(preview),
        }
    )


def plan_metadata(plan: PublishPlan) -> dict[str, dg.MetadataValue]:
    """What the run did to the serving folder, in words and as fields."""
    previous = plan.published_as_of
    return {
        "outcome": dg.MetadataValue.text(plan.describe()),
        "published": dg.MetadataValue.bool(plan.publishes),
        "as_of_date": dg.MetadataValue.text(str(plan.as_of)),
        "previous_as_of_date": dg.MetadataValue.text(str(previous)) if previous else dg.MetadataValue.null(),
        "moved_backwards": dg.MetadataValue.bool(plan.publishes and plan.moves_backwards),
    }
