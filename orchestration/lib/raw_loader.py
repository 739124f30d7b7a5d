"""Loading one raw CRM table from the landing folder into the warehouse's `raw` schema.

Every contract column is typed with TRY_CAST so a bad value never crashes the
load: it becomes NULL and the row names the column in `_invalid_columns`, for
staging and the quarantine to act on. Missing optional columns and tables are
created as NULL/empty so downstream SQL never has to ask whether they exist.
Exact duplicate rows (a re-delivered file) are collapsed here, and every row
gets a `_row_id` by which the quarantine names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.lib.raw_files import (
    RawTableError,
    find_table_files,
    read_header,
    read_relation_sql,
)
from orchestration.lib.raw_schema import RawColumn, RawTable
from orchestration.lib.sql import quote_identifier

RAW_SCHEMA = "raw"


@dataclass(frozen=True)
class LoadedTable:
    """What one load did, for the asset's metadata."""

    table: str
    files: list[str]
    rows_read: int
    rows_loaded: int
    duplicate_rows_collapsed: int
    rows_with_invalid_values: int
    missing_optional_columns: list[str] = field(default_factory=list)


def load_raw_table(conn: duckdb.DuckDBPyConnection, raw_dir: Path, table: RawTable) -> LoadedTable:
    """Replace `raw.<table>` with the landed files of `table`; raise RawTableError on faults."""
    conn.execute("set TimeZone = 'UTC'")
    files = find_table_files(raw_dir, table.name)
    if not files and table.required:
        raise RawTableError(
            f"table '{table.name}': required table missing: expected {raw_dir / table.name}.csv, "
            f"{raw_dir / table.name}.parquet or a folder {raw_dir / table.name}/"
        )
    staging = f"_landing_{table.name}"
    conn.execute(f"create or replace temp table {staging} as {_empty_select(table)}")
    missing: set[str] = set()
    for path in files:
        header = read_header(conn, path)
        missing |= _check_columns(path, table, header)
        select = _typed_select(table, header, read_relation_sql(path))
        try:
            conn.execute(f"insert into {staging} {select}", [str(path), str(path)])
        except duckdb.Error as error:
            raise RawTableError(f"file {path}: cannot be parsed: {error}") from error
    rows_read = _count(conn, staging)
    if rows_read == 0 and table.required:
        raise RawTableError(f"table '{table.name}': no rows in {', '.join(map(str, files))}")
    _publish_deduplicated(conn, table, staging)
    rows_loaded = _count(conn, f"{RAW_SCHEMA}.{table.name}")
    invalid = conn.execute(
        f"select count(*) from {RAW_SCHEMA}.{table.name} where _invalid_columns is not null"
    ).fetchone()[0]
    conn.execute(f"drop table {staging}")
    return LoadedTable(
        table=table.name,
        files=[str(path) for path in files],
        rows_read=rows_read,
        rows_loaded=rows_loaded,
        duplicate_rows_collapsed=rows_read - rows_loaded,
        rows_with_invalid_values=invalid,
        missing_optional_columns=sorted(missing),
    )


def _check_columns(path: Path, table: RawTable, header: dict[str, str]) -> set[str]:
    """Raise for a missing required column; return the optional columns that are missing."""
    for name in table.required_columns:
        if name not in header:
            raise RawTableError(
                f"file {path}: required column '{name}' of table '{table.name}' is missing "
                f"(found: {', '.join(header.values()) or 'no columns'})"
            )
    return {name for name in table.column_names if name not in header}


def _typed_expression(column: RawColumn, source: str | None) -> str:
    """SQL typing one raw value; timestamps with an offset are converted to UTC."""
    if source is None:
        return f"cast(null as {column.type})"
    value = quote_identifier(source)
    if column.type == "VARCHAR":
        return f"nullif(trim(cast({value} as varchar)), '')"
    if column.type == "TIMESTAMP":
        return f"cast(try_cast({value} as timestamptz) at time zone 'UTC' as timestamp)"
    return f"try_cast({value} as {column.type})"


def _typed_select(table: RawTable, header: dict[str, str], relation: str) -> str:
    typed = [
        f"{_typed_expression(c, header.get(c.name))} as {quote_identifier(c.name)}" for c in table.columns
    ]
    invalid_checks = [
        f"case when nullif(cast({quote_identifier(header[c.name])} as varchar), '') is not null "
        f"and {_typed_expression(c, header[c.name])} is null then '{c.name}' end"
        for c in table.columns
        if c.type != "VARCHAR" and c.name in header
    ]
    invalid = f"nullif(concat_ws(',', {', '.join(invalid_checks)}), '')" if invalid_checks else "null"
    return (
        f"select {', '.join(typed)}, {invalid} as _invalid_columns, "
        f"cast(? as varchar) as _source_file from {relation}"
    )


def _empty_select(table: RawTable) -> str:
    columns = [f"cast(null as {c.type}) as {quote_identifier(c.name)}" for c in table.columns]
    return (
        f"select {', '.join(columns)}, cast(null as varchar) as _invalid_columns, "
        "cast(null as varchar) as _source_file limit 0"
    )


def _publish_deduplicated(conn: duckdb.DuckDBPyConnection, table: RawTable, staging: str) -> None:
    """Collapse exact duplicate rows (whatever file they came from) into `raw.<table>`."""
    columns = ", ".join([*map(quote_identifier, table.column_names), "_invalid_columns"])
    conn.execute(f"create schema if not exists {RAW_SCHEMA}")
    conn.execute(
        f"create or replace table {RAW_SCHEMA}.{table.name} as "
        f"select {columns}, min(_source_file) as _source_file, row_number() over () as _row_id "
        f"from {staging} group by {columns}"
    )


def _count(conn: duckdb.DuckDBPyConnection, relation: str) -> int:
    return conn.execute(f"select count(*) from {relation}").fetchone()[0]
