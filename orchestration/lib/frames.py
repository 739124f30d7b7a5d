"""Moving columnar frames between the warehouse and Python.

The Python steps write their results (model fits, the tables the dbt models
read) back as one table in a single statement.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from orchestration.lib.sql import quote_identifier


def write_table(conn: duckdb.DuckDBPyConnection, relation: str, frame: pd.DataFrame) -> int:
    """Replace `relation` (a trusted schema.table) with `frame`; returns its row count."""
    schema = relation.split(".")[0]
    conn.execute(f"create schema if not exists {quote_identifier(schema)}")
    conn.register("_frame_to_write", frame)
    try:
        conn.execute(f"create or replace table {relation} as select * from _frame_to_write")
    finally:
        conn.unregister("_frame_to_write")
    return len(frame)
