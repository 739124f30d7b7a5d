"""Metadata of dbt's incremental models: how large each is and how much its last change touched.

A daily run should rework a day's worth of rows, not the history; these figures show it in the
UI (dbt_project/macros/incremental_facts.sql explains the stamps).
"""

from collections.abc import Callable, Mapping
from typing import Any

import duckdb

Describe = Callable[[duckdb.DuckDBPyConnection, Mapping[str, Any]], dict[str, Any]]


def base_rows_metadata(relation: str) -> Describe:
    """Live rows and tombstones of a base model, and the rows its latest change stamped."""

    def describe(conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]) -> dict[str, Any]:
        live, tombstones, changed, last = conn.execute(
            "select count(*) filter (where not _is_removed), count(*) filter (where _is_removed), "
            f"count(*) filter (where _changed_at = (select max(_changed_at) from {relation})), "
            f"max(_changed_at) from {relation}"
        ).fetchone()
        return {
            "dagster/row_count": live + tombstones,
            "live_rows": live,
            "tombstones": tombstones,
            "rows_of_the_latest_change": changed,
            "latest_change_at": str(last),
        }

    return describe


def fact_metadata(relation: str, *watermarks: str) -> Describe:
    """Rows of a fact, and the keys written by its latest build that consumed a change (the rows
    whose watermark columns all hold their newest value)."""
    newest = " and ".join(f"{column} = (select max({column}) from {relation})" for column in watermarks)

    def describe(conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]) -> dict[str, Any]:
        rows, written = conn.execute(
            f"select count(*), count(*) filter (where {newest}) from {relation}"
        ).fetchone()
        return {"dagster/row_count": rows, "keys_of_the_latest_change": written}

    return describe
