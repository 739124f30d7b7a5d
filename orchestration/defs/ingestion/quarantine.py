"""The quarantine: raw rows kept out of features and segments, with reasons, and its gate."""

from datetime import UTC, datetime, timedelta

import dagster as dg

from orchestration.defs.ingestion.raw_tables import SOURCE_NAME, raw_table_assets
from orchestration.defs.resources import WAREHOUSE_POOL, LandingResource, WarehouseResource
from orchestration.lib.as_of import latest_order_date
from orchestration.lib.quarantine import (
    QUARANTINE_TABLE,
    build_quarantine,
    over_threshold,
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
def quarantine(
    context: dg.AssetExecutionContext, landing: LandingResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Row-level faults of every raw table (missing or unparseable values, conflicting duplicate
    keys, unknown enum values, negative amounts, unknown customers, future timestamps) with the
    table, key, reason and raw row; staging models leave these rows out. Judges only the rows
    whose verdict may have changed since the last run, unless the run is a full refresh."""
    now = datetime.now(UTC).replace(tzinfo=None) + FUTURE_TOLERANCE
    with warehouse.connect() as conn:
        health = build_quarantine(conn, now, full_refresh=landing.reload_everything())
        latest_valid_order = latest_order_date(conn)
    for entry in health:
        if entry.rows_quarantined:
            context.log.warning(f"{entry.table}: quarantined {entry.reasons}")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": sum(h.rows_quarantined for h in health),
            # the as-of date of a run with neither a partition nor LOYALTY_AS_OF
            "latest_valid_order": dg.MetadataValue.text(str(latest_valid_order or "none")),
            "quarantined_by_table": dg.MetadataValue.json(
                {h.table: {"rows_loaded": h.rows_loaded, **h.reasons} for h in health}
            ),
        }
    )


@dg.asset_check(asset=QUARANTINE_KEY, blocking=True)
def quarantine_within_bad_row_threshold(
    landing: LandingResource, warehouse: WarehouseResource
) -> dg.AssetCheckResult:
    """No raw table has a larger share of quarantined rows than LOYALTY_MAX_BAD_ROW_FRACTION;
    otherwise nothing downstream, publishing included, runs."""
    max_fraction = landing.bad_row_limit()
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
