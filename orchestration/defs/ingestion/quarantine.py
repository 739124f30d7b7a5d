"""The quarantine: raw rows kept out of features and segments, with reasons, and its gate."""

from datetime import UTC, date, datetime, timedelta

import dagster as dg
import duckdb

from orchestration.defs.failures import permanent_failures
from orchestration.defs.ingestion.raw_tables import SOURCE_NAME, raw_table_assets
from orchestration.defs.resources import WAREHOUSE_POOL, WarehouseResource
from orchestration.lib.as_of import AsOfError, choose_as_of, latest_order_date
from orchestration.lib.quarantine import (
    QUARANTINE_TABLE,
    build_quarantine,
    over_threshold,
    stamp_as_of,
    table_health,
)

QUARANTINE_KEY = dg.AssetKey([SOURCE_NAME, "quarantine"])
FUTURE_TOLERANCE = timedelta(days=1)
"""Timestamps up to a day ahead of the run's clock are time zones, not faults."""


@dg.asset(
    key=QUARANTINE_KEY,
    deps=[spec.key for asset in raw_table_assets for spec in asset.specs],
    group_name="ingestion",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
)
def quarantine(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Row-level faults of every raw table (missing or unparseable values, conflicting duplicate
    keys, unknown enum values, negative amounts, unknown customers, future timestamps) with the
    table, key, reason and raw row; staging models leave these rows out."""
    now = datetime.now(UTC).replace(tzinfo=None) + FUTURE_TOLERANCE
    with warehouse.connect() as conn:
        health = build_quarantine(conn, now)
        stamp_as_of(conn, resolve_as_of(context, warehouse.settings().as_of, conn))
    for entry in health:
        if entry.rows_quarantined:
            context.log.warning(f"{entry.table}: quarantined {entry.reasons}")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": sum(h.rows_quarantined for h in health),
            "quarantined_by_table": dg.MetadataValue.json(
                {h.table: {"rows_loaded": h.rows_loaded, **h.reasons} for h in health}
            ),
        }
    )


@dg.asset_check(asset=QUARANTINE_KEY, blocking=True)
def quarantine_within_bad_row_threshold(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """No raw table has a larger share of quarantined rows than LOYALTY_MAX_BAD_ROW_FRACTION;
    otherwise nothing downstream, publishing included, runs."""
    max_fraction = warehouse.settings().max_bad_row_fraction
    with warehouse.connect() as conn:
        health = table_health(conn)
    problems = over_threshold(health, max_fraction)
    return dg.AssetCheckResult(
        passed=not problems,
        description="; ".join(problems) or f"every table within {max_fraction:.2%} ({QUARANTINE_TABLE})",
        metadata={
            "max_bad_row_fraction": max_fraction,
            "fraction_by_table": dg.MetadataValue.json({h.table: round(h.fraction, 6) for h in health}),
            "problems": dg.MetadataValue.json(problems),
        },
    )


def resolve_as_of(
    context: dg.AssetExecutionContext, configured: date | None, conn: duckdb.DuckDBPyConnection
) -> date:
    """The run's as-of date: its daily partition, else LOYALTY_AS_OF, else the latest valid order."""
    partition_key = context.partition_key if context.has_partition_key else None
    with permanent_failures(AsOfError):
        return choose_as_of(partition_key, configured, latest_order_date(conn))
