"""Loading one raw CRM table from the landing folder into the warehouse's `raw` schema.

Every contract column is typed with TRY_CAST so a bad value never crashes the
load: it becomes NULL and the row names the column in `_invalid_columns`, for
staging and the quarantine to act on. Missing optional columns and tables are
created as NULL/empty so downstream SQL never has to ask whether they exist.

Loads are incremental: `raw.landed_<table>` keeps the rows of every loaded file, and a run
reads only the files that are new or changed since the last (orchestration/lib/landed_files.py),
deleting the rows of changed and removed files. Every row keeps the `_row_id` it got when it
was loaded, by which the quarantine names it. Exact duplicate rows (a re-delivered file, a
day delivered twice) are kept but marked, and the view `raw.<table>` leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.lib import landed_files
from orchestration.lib.raw_files import (
    RawTableError,
    SourceColumn,
    find_table_files,
    read_header,
    read_relation_sql,
)
from orchestration.lib.raw_schema import FILE_COLUMNS, LOADER_COLUMNS, RawColumn, RawTable
from orchestration.lib.sql import quote_identifier
from orchestration.lib.warehouse import transaction

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
    files_read: list[str] = field(default_factory=list)
    files_dropped: list[str] = field(default_factory=list)
    rows_removed: int = 0
    full_reload: bool = False


def landed_table(table: RawTable) -> str:
    """Every row of every loaded file of `table`, exact copies included; `raw.<table>` is its view."""
    return f"{RAW_SCHEMA}.landed_{table.name}"


def load_raw_table(
    conn: duckdb.DuckDBPyConnection, raw_dir: Path, table: RawTable, full_refresh: bool = False
) -> LoadedTable:
    """Bring `raw.<table>` in step with the landed files of `table`; raise RawTableError on faults.

    Only files that are new or changed since the last load are read (landed_files); the rows of a
    changed or removed file are deleted. The whole load is one transaction: a fault leaves the
    table and the registry as they were. `full_refresh` (or a warehouse without the landed table)
    reads every file again.
    """
    conn.execute("set TimeZone = 'UTC'")
    files = find_table_files(raw_dir, table.name)
    if not files and table.required:
        raise RawTableError(
            f"table '{table.name}': required table missing: expected {raw_dir / table.name}.csv, "
            f"{raw_dir / table.name}.parquet or a folder {raw_dir / table.name}/"
        )
    with transaction(conn):
        return _load(conn, files, table, full_refresh)


def _load(
    conn: duckdb.DuckDBPyConnection, files: list[Path], table: RawTable, full_refresh: bool
) -> LoadedTable:
    landed = landed_table(table)
    existing = _relation_kind(conn, landed) is not None
    full_reload = full_refresh or not existing
    if full_reload:
        if existing:  # every row it holds leaves
            landed_files.note_changed(conn, table, f"select _row_id from {landed}", [])
        landed_files.forget(conn, table.name)
        _create_landed(conn, table)
    plan = landed_files.plan_landing(files, landed_files.registered(conn, table.name))
    conn.execute("create or replace temp table _touched_hashes (_row_hash ubigint)")
    rows_removed = _drop_files(conn, table, plan.to_drop)
    was_empty = not _count(conn, landed)
    first_id = landed_files.last_row_id(conn, table.name)
    rows_read, missing = 0, set()
    for stamp in plan.to_read:
        path = Path(stamp.path)
        header = read_header(conn, path)
        missing |= _check_columns(path, table, header)
        rows_read += _insert_file(conn, table, path, header, first_id + rows_read)
    landed_files.record(conn, table.name, plan, first_id, first_id + rows_read)
    collapsed = _mark_copies(conn, table, first_id, was_empty)
    touched = "(_row_id > ? or _row_hash in (select _row_hash from _touched_hashes))"
    # appended rows and every row of a copy group looked at again: each may have entered or left
    landed_files.note_changed(conn, table, f"select _row_id from {landed} where {touched}", [first_id])
    # rows that entered the view: appended ones and copies whose original went
    landed_files.note_unjudged(
        conn,
        table.name,
        f"select _row_id from {landed} where _duplicate_of is null and {touched}",
        [first_id],
    )
    conn.execute("drop table _touched_hashes")
    rows_loaded, invalid = conn.execute(
        f"select count(*), count(_invalid_columns) from {RAW_SCHEMA}.{table.name}"
    ).fetchone()
    if rows_loaded == 0 and table.required:
        raise RawTableError(f"table '{table.name}': no rows in {', '.join(map(str, files))}")
    return LoadedTable(
        table=table.name,
        files=[str(path) for path in files],
        rows_read=rows_read,
        rows_loaded=rows_loaded,
        duplicate_rows_collapsed=collapsed,
        rows_with_invalid_values=invalid,
        missing_optional_columns=sorted(missing),
        files_read=[stamp.path for stamp in plan.to_read],
        files_dropped=plan.to_drop,
        rows_removed=rows_removed,
        full_reload=full_reload,
    )


def _insert_file(
    conn: duckdb.DuckDBPyConnection,
    table: RawTable,
    path: Path,
    header: dict[str, SourceColumn],
    last_id: int,
) -> int:
    """Append one file's typed rows, numbered after `last_id`; return how many.

    `row_number() over ()` streams (no sort). The warehouse connection lets DuckDB drop
    insertion order, so ids follow the file's order only where DuckDB keeps it; nothing relies
    on that order, only on ids being unique and above every id given before.
    """
    select = _typed_select(table, header, read_relation_sql(path))
    try:
        return conn.execute(
            f"insert into {landed_table(table)} by name select *, "
            f"{last_id} + row_number() over () as _row_id, {_row_hash(table)} as _row_hash, "
            f"cast(null as bigint) as _duplicate_of from ({select})",
            [str(path), str(path)],
        ).fetchone()[0]
    except duckdb.Error as error:
        raise RawTableError(f"file {path}: cannot be parsed: {error}") from error


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


def _file_columns(table: RawTable) -> str:
    """Column definitions of one landed file's typed rows: the contract, then FILE_COLUMNS.

    Tables are created from definitions, never as `create table ... as <empty select>`: in
    DuckDB 2.0.0 rows inserted from a Parquet file into such a table within the same
    transaction read back as none.
    """
    columns = [*table.columns, *FILE_COLUMNS]
    return ", ".join(f"{quote_identifier(column.name)} {column.type}" for column in columns)


def _create_landed(conn: duckdb.DuckDBPyConnection, table: RawTable) -> None:
    """An empty landed table and the view `raw.<table>` of its distinct rows.

    `_row_hash` groups rows that may be exact copies; `_duplicate_of` names the row a copy
    repeats (the earliest loaded), and the view leaves copies out. A warehouse written before
    the landed table existed held `raw.<table>` as a table: it is replaced.
    """
    conn.execute(f"create schema if not exists {RAW_SCHEMA}")
    kind = _relation_kind(conn, f"{RAW_SCHEMA}.{table.name}")
    if kind is not None:
        conn.execute(f"drop {'view' if kind == 'VIEW' else 'table'} {RAW_SCHEMA}.{table.name}")
    conn.execute(
        f"create or replace table {landed_table(table)} ({_file_columns(table)}, "
        "_row_id bigint, _row_hash ubigint, _duplicate_of bigint)"
    )
    columns = ", ".join([*map(quote_identifier, table.column_names), *(c.name for c in LOADER_COLUMNS)])
    conn.execute(
        f"create view {RAW_SCHEMA}.{table.name} as select {columns} from {landed_table(table)} "
        "where _duplicate_of is null"
    )


def _compared_values(table: RawTable) -> list[str]:
    """What two rows must share to be copies: every contract column and which values failed."""
    return [*map(quote_identifier, table.column_names), "_invalid_columns"]


def _row_hash(table: RawTable) -> str:
    return f"hash({', '.join(_compared_values(table))})"


def _drop_files(conn: duckdb.DuckDBPyConnection, table: RawTable, dropped: list[str]) -> int:
    """Delete the rows of changed and removed files; they are noted as changed, and their hashes
    join `_touched_hashes`."""
    if not dropped:
        return 0
    landed = landed_table(table)
    of_dropped = "where _source_file in (select unnest(?))"
    conn.execute(f"insert into _touched_hashes select _row_hash from {landed} {of_dropped}", [dropped])
    landed_files.note_changed(conn, table, f"select _row_id from {landed} {of_dropped}", [dropped])
    return conn.execute(f"delete from {landed} {of_dropped}", [dropped]).fetchone()[0]


def _mark_copies(conn: duckdb.DuckDBPyConnection, table: RawTable, first_id: int, was_empty: bool) -> int:
    """Mark exact copies among the rows whose hash a deleted or appended row shares.

    Only those groups are re-examined, so the cost follows the files of this run (a first load
    groups the whole table instead of semi-joining it with itself). Within a group, rows equal in
    every compared value are copies of the one loaded first; a hash collision is no copy.
    Returns how many appended rows are copies.
    """
    landed = landed_table(table)
    touched = "_row_hash in (select _row_hash from _touched_hashes)"
    if not was_empty:
        conn.execute(
            f"insert into _touched_hashes select _row_hash from {landed} where _row_id > ?", [first_id]
        )
        conn.execute(
            f"update {landed} set _duplicate_of = null where _duplicate_of is not null and {touched}"
        )
    conn.execute(
        f"create or replace temp table _copy_groups as select _row_hash from {landed} "
        f"{'' if was_empty else f'where {touched}'} group by 1 having count(*) > 1"
    )
    conn.execute(
        f"update {landed} set _duplicate_of = copies.original from ("
        f"select _row_id, min(_row_id) over (partition by {', '.join(_compared_values(table))}) as original "
        f"from {landed} where _row_hash in (select _row_hash from _copy_groups)) as copies "
        f"where {landed}._row_id = copies._row_id and copies.original <> copies._row_id"
    )
    conn.execute("drop table _copy_groups")
    return conn.execute(
        f"select count(*) from {landed} where _row_id > ? and _duplicate_of is not null", [first_id]
    ).fetchone()[0]


def _relation_kind(conn: duckdb.DuckDBPyConnection, relation: str) -> str | None:
    """'BASE TABLE', 'VIEW' or, when there is no such relation, None."""
    schema, name = relation.split(".")
    found = conn.execute(
        "select table_type from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return found[0] if found else None


def _count(conn: duckdb.DuckDBPyConnection, relation: str) -> int:
    return conn.execute(f"select count(*) from {relation}").fetchone()[0]
