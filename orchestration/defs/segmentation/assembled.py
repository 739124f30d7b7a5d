"""The long membership table and the segment summary, assembled in SQL from the segment tables."""

import dagster as dg

from orchestration.defs.resources import WarehouseResource
from orchestration.defs.segments_schema import SEGMENTS_SCHEMA, segment_asset, segments_key
from orchestration.defs.transform.dbt_models import CUSTOMER_FEATURES
from orchestration.lib.segmentation.published_tables import SEGMENT_SUMMARY_SQL, segment_membership_sql
from orchestration.lib.table_preview import preview_markdown


def build_sql_table_asset(name: str, sql: str, deps: list, description: str) -> dg.AssetsDefinition:
    """An asset that replaces `segments.<name>` with the result of `sql`."""

    @segment_asset(name=name, deps=deps, group_name="segments", description=description)
    def sql_table(warehouse: WarehouseResource) -> dg.MaterializeResult:
        relation = f"{SEGMENTS_SCHEMA}.{name}"
        with warehouse.connect() as conn:
            conn.execute(f"create or replace table {relation} as {sql}")
            rows = conn.execute(f"select count(*) from {relation}").fetchone()[0]
            preview = preview_markdown(conn, relation)
        return dg.MaterializeResult(
            metadata={"dagster/row_count": rows, "preview": dg.MetadataValue.md(preview)}
        )

    return sql_table


segment_membership = build_sql_table_asset(
    "segment_membership",
    segment_membership_sql(),
    list(
        map(segments_key, ("customer_segments", "customer_scores", "descriptive_segments", "rule_segments"))
    ),
    "Long form (customer_id, segment_family, segment): one row per customer per family and rule.",
)
segment_summary = build_sql_table_asset(
    "segment_summary",
    SEGMENT_SUMMARY_SQL,
    [CUSTOMER_FEATURES, *map(segments_key, ("segment_membership", "customer_scores"))],
    "Per family and segment: customers, shares, 12-month revenue, mean loyalty score and CLV.",
)
