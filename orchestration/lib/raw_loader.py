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
    SourceColumn,
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
            conn.execute(f"insert into {staging} by name {select}", [str(path), str(path)])
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


def _check_columns(path: Path, table: RawTable, header: dict[str, SourceColumn]) -> set[str]:
    """Raise for a missing required column; return the optional columns that are missing."""
    for name in table.required_columns:
        if name not in header:
            found = ", ".join(column.name for column in header.values()) or "no columns"
            raise RawTableError(
                f"file {path}: required column '{name}' of table '{table.name}' is missing (found: {found})"
            )
    return {name for name in table.column_names if name not in header}


def _typed_expression(column: RawColumn, source: SourceColumn | None) -> str:
    """SQL typing one raw value; a Parquet column already of the contract type is taken as is.

    Timestamps with an offset are converted to UTC; text is trimmed, and empty text is null.
    """
    if source is None:
        return f"cast(null as {column.type})"
    value = quote_identifier(source.name)
    if column.type == "VARCHAR":
        return f"nullif(trim(cast({value} as varchar)), '')"
    if source.type == column.type:
        return value
    if column.type == "TIMESTAMP":
        return f"cast(try_cast({value} as timestamptz) at time zone 'UTC' as timestamp)"
    return f"try_cast({value} as {column.type})"


def _typed_select(table: RawTable, header: dict[str, SourceColumn], relation: str) -> str:
    """Typed contract columns, `_invalid_columns` and `_source_file` of one file.

    Each value is cast once; a column that needed a cast keeps its raw text beside
    it until the outer select has compared the two.
    """
    inner, raw_names, checks = [], [], []
    for column in table.columns:
        source = header.get(column.name)
        name = quote_identifier(column.name)
        inner.append(f"{_typed_expression(column, source)} as {name}")
        if source is not None and column.type not in ("VARCHAR", source.type):
            raw = quote_identifier(f"_raw_{column.name}")
            raw_names.append(raw)
            inner.append(f"nullif(trim(cast({quote_identifier(source.name)} as varchar)), '') as {raw}")
            checks.append(f"case when {raw} is not null and {name} is null then '{column.name}' end")
    invalid = f"nullif(concat_ws(',', {', '.join(checks)}), '')" if checks else "null"
    kept = f"* exclude ({', '.join(raw_names)})" if raw_names else "*"
    return (
        f"select {kept}, {invalid} as _invalid_columns from "
        f"(select {', '.join(inner)}, cast(? as varchar) as _source_file from {relation})"
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
        f"select {columns}, min(_source_file) as _source_file, min(rowid) as _row_id "
        f"from {staging} group by {columns}"
    )


def _count(conn: duckdb.DuckDBPyConnection, relation: str) -> int:
    return conn.execute(f"select count(*) from {relation}").fetchone()[0]
