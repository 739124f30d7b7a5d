"""A tiny warehouse that passes every suite: four members (two buyers, two prospects).

Tests break one thing at a time with a SQL statement and expect exactly the rule
about that thing to fail, which keeps each suite's passing and failing frames
side by side and readable.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from orchestration.lib.quality.suites import EXPECTATIONS_DIR, load_layer
from orchestration.lib.raw_schema import FILE_COLUMNS, RAW_TABLES

LOADER_COLUMNS = tuple(column.name for column in FILE_COLUMNS)
"""Bookkeeping columns the raw loader adds to every raw table (the raw suites require them)."""
AS_OF = date(2026, 6, 30)
TODAY = date(2026, 7, 1)

_FEATURES = pd.DataFrame(
    {
        "customer_id": ["c1", "c2", "c3", "c4"],
        "tenure_days": [400, 300, 100, None],
        "first_order_date": pd.to_datetime(["2025-06-01", "2025-12-12", None, None]),
        "last_order_date": pd.to_datetime(["2026-06-20", "2025-12-12", None, None]),
        "recency_days": [10, 200, None, None],
        "frequency": [5, 1, 0, 0],
        "monetary": [500.0, 40.0, 0.0, 0.0],
        "orders_last_365d": [4, 1, 0, 0],
        "orders_last_90d": [2, 0, 0, 0],
        "revenue_last_365d": [420.0, 40.0, 0.0, 0.0],
    }
).astype({"tenure_days": "Int64", "recency_days": "Int64"})

RAW_ROWS = {
    "customers": "('c1'), ('c2'), ('c3'), ('c4')",
    "orders": "('o1', 'c1', 10.0), ('o2', 'c1', 90.0), ('o3', 'c2', 40.0), ('o4', 'c1', 0.0)",
    "loyalty_ledger": "('e1', 'c1', 100), ('e2', 'c1', -20)",
}
RAW_INSERTS = {
    "customers": "insert into raw.customers (customer_id) values {rows}",
    "orders": "insert into raw.orders (order_id, customer_id, amount, order_ts) "
    "select *, timestamp '2026-01-01' from (values {rows})",
    "loyalty_ledger": "insert into raw.loyalty_ledger (entry_id, customer_id, points, entry_ts, entry_type) "
    "select *, timestamp '2026-01-01', 'earn' from (values {rows})",
}


def build_warehouse(conn: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Create raw tables and published tables (as the dbt views hold them) that pass every suite."""
    for schema in ("raw", "published"):
        conn.execute(f"create schema if not exists {schema}")
    create_raw_tables(conn)
    create_feature_mart(conn, feature_columns())
    conn.execute((Path(__file__).parent / "segments.sql").read_text(encoding="utf-8"))
    return conn


def create_raw_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """Every contract table with the loader's columns; a few rows in customers, orders, ledger."""
    for table in RAW_TABLES:
        columns = [f"{column.name} {column.type}" for column in table.columns]
        columns += [f"{name} varchar" for name in LOADER_COLUMNS]
        conn.execute(f"create table raw.{table.name} ({', '.join(columns)})")
        if table.name in RAW_INSERTS:
            conn.execute(RAW_INSERTS[table.name].format(rows=RAW_ROWS[table.name]))


def feature_columns() -> list[str]:
    """Every column the customer_features suites read."""
    suites = load_layer(EXPECTATIONS_DIR / "customer_features.json")
    return list(dict.fromkeys(name for suite in suites for name in suite.referenced_columns()))


FEATURE_SUITES = tuple(suite.name for suite in load_layer(EXPECTATIONS_DIR / "customer_features.json"))


def create_feature_mart(conn: duckdb.DuckDBPyConnection, columns: list[str]) -> None:
    """published.customer_features with `columns`; those not set above get neutral values."""
    frame = _FEATURES.assign(as_of_date=pd.Timestamp(AS_OF))
    buyer = frame["frequency"] > 0
    for name in columns:
        if name in frame.columns:
            continue
        if name.startswith("has_"):
            frame[name] = False
        elif name.endswith(("_rate", "_share", "_ratio", "_between_orders")):
            frame[name] = buyer.map({True: 0.25, False: None})
        else:
            frame[name] = 0
    conn.register("features_frame", frame)
    conn.execute("create table published.customer_features as select * from features_frame")
    conn.unregister("features_frame")
