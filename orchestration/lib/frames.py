"""Moving columnar frames between the warehouse and Python.

Segmentation reads only the feature columns it needs (Arrow-backed, so a
million members is a few hundred megabytes), computes vectorised in Python and
writes the result back as one table in a single statement.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from orchestration.lib.sql import quote_identifier


def read_columns(conn: duckdb.DuckDBPyConnection, relation: str, columns: Sequence[str]) -> pd.DataFrame:
    """`columns` of `relation` (a trusted schema.table), ordered by customer_id."""
    selected = ", ".join(map(quote_identifier, columns))
    return conn.execute(f"select {selected} from {relation} order by customer_id").df()


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


def value_counts_metadata(values: pd.Series) -> dict[str, int]:
    """Segment sizes, largest first, for asset metadata."""
    counts = values.fillna("null").astype(str).value_counts()
    return {str(key): int(count) for key, count in counts.items()}
