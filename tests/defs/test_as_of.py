"""The run's as-of date: one resolution for dbt and every Python asset."""

from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.defs.as_of import run_as_of
from orchestration.defs.resources import LandingResource, WarehouseResource


@pytest.fixture
def warehouse_db(tmp_path: Path) -> Path:
    """A warehouse whose latest order (2026-09-30) is valid and whose 2099 order is quarantined."""
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute("create schema raw")
        conn.execute(
            "create table raw.orders as select * from (values (1, timestamp '2026-09-30 18:00'), "
            "(2, timestamp '2099-01-01 00:00')) as t(_row_id, order_ts)"
        )
        conn.execute("create table raw.quarantine as select 'orders' as table_name, 2 as row_id")
    return path


@pytest.mark.parametrize(
    ("partition_key", "configured", "expected"),
    [
        ("2026-08-01", "2026-07-01", date(2026, 8, 1)),  # the partition wins
        (None, "2026-07-01", date(2026, 7, 1)),  # then LOYALTY_AS_OF
        (None, None, date(2026, 9, 30)),  # then the latest order the quarantine let through
    ],
)
def test_the_partition_then_the_setting_then_the_latest_valid_order(
    warehouse_db, partition_key, configured, expected
):
    context = dg.build_asset_context(partition_key=partition_key)
    landing, warehouse = LandingResource(as_of=configured), WarehouseResource(database=str(warehouse_db))
    assert run_as_of(context, landing, warehouse) == expected


def test_no_order_and_no_setting_fails_without_a_retry(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute("create schema raw")
        conn.execute("create table raw.orders (_row_id bigint, order_ts timestamp)")
        conn.execute("create table raw.quarantine (table_name varchar, row_id bigint)")
    landing, warehouse = LandingResource(), WarehouseResource(database=str(path))
    with pytest.raises(dg.Failure) as failure:
        run_as_of(dg.build_asset_context(), landing, warehouse)
    assert "LOYALTY_AS_OF is unset" in str(failure.value) and not failure.value.allow_retries
