"""Which as-of date a run uses (docs/contract.md §1, LOYALTY_AS_OF)."""

from __future__ import annotations

from datetime import date

import duckdb


class AsOfError(ValueError):
    """No as-of date can be determined."""


def choose_as_of(partition_key: str | None, configured: date | None, latest_order: date | None) -> date:
    """A run's daily partition wins (schedule, sensor, backfill), then LOYALTY_AS_OF, then the latest order.

    A run started without a partition (`dagster job execute -j daily_refresh`) therefore behaves as
    the contract describes for manual runs.
    """
    if partition_key:
        try:
            return date.fromisoformat(partition_key)
        except ValueError as error:
            raise AsOfError(f"partition {partition_key!r} is not a date YYYY-MM-DD") from error
    if configured is not None:
        return configured
    if latest_order is None:
        raise AsOfError("no as-of date: LOYALTY_AS_OF is unset and raw.orders has no valid order")
    return latest_order


def latest_order_date(conn: duckdb.DuckDBPyConnection) -> date | None:
    """Date of the latest loaded order that the quarantine let through.

    A mistyped order in the year 2099 is quarantined as a future timestamp and so
    cannot drag the as-of date with it.
    """
    return conn.execute(
        "select cast(max(order_ts) as date) from raw.orders where _row_id not in "
        "(select row_id from raw.quarantine where table_name = 'orders')"
    ).fetchall()[0][0]
