"""The warehouse's memory of the landed files it loaded, so a run loads only what changed.

`raw.landed_files` holds, per raw table, every file its rows came from: path, size,
modification time and a content digest. A file whose size and modification time are
unchanged is taken as unchanged without reading it; one that differs is digested, and
only a different digest makes it a changed file (a copy that kept the bytes but not
the timestamp is not reloaded). The registry is written in the same transaction as the
rows, so it never names a file whose rows are not in the warehouse.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.lib.raw_schema import NOT_NULL, RawColumn, RawTable
from orchestration.lib.warehouse import relation_exists

REGISTRY_TABLE = "raw.landed_files"
ROW_IDS_TABLE = "raw.landed_row_ids"
"""The last `_row_id` given per table (ids are never reused, even after the rows of a file go),
and the last one given before its latest load: the rows above it came with that load."""
UNJUDGED_TABLE = "raw.unjudged_rows"
"""Rows that entered a raw table since the quarantine last judged them (it empties the table)."""
ROW_CHANGES = RawTable(
    "row_changes",
    (
        RawColumn("table_name", "VARCHAR", True, description="Raw table of the row.", dbt_tests=NOT_NULL),
        RawColumn("row_id", "BIGINT", True, description="The row's `_row_id`.", dbt_tests=NOT_NULL),
    ),
    key=(),
    description=(
        "Rows of the tables dbt stages incrementally whose place in staging may have changed since "
        "their base model last read them: appended, deleted with their file, marked or unmarked as "
        "exact copies, judged by the quarantine. A base model reads only these rows of its table and "
        "then deletes them (macros/incremental_facts.sql)."
    ),
)
ROW_CHANGES_TABLE = f"raw.{ROW_CHANGES.name}"
DIGEST_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileStamp:
    """One landed file as the registry records it."""

    path: str
    size: int
    modified_ns: int
    digest: str


@dataclass(frozen=True)
class LandingPlan:
    """What a load of one table must do: files to read, files whose rows go, files kept."""

    new: list[FileStamp]
    changed: list[FileStamp]
    removed: list[str]
    unchanged: list[FileStamp]

    @property
    def to_read(self) -> list[FileStamp]:
        return sorted([*self.new, *self.changed], key=lambda stamp: stamp.path)

    @property
    def to_drop(self) -> list[str]:
        """Files whose loaded rows are replaced (changed) or removed (no longer landed)."""
        return sorted([*(stamp.path for stamp in self.changed), *self.removed])

    @property
    def touched(self) -> set[str]:
        """Unchanged files whose stamp moved (same bytes): only their registry row is rewritten."""
        return {stamp.path for stamp in self.unchanged}


def ensure_registry(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute("create schema if not exists raw")
    conn.execute(
        f"create table if not exists {REGISTRY_TABLE} (table_name varchar not null, path varchar not null, "
        "size bigint not null, modified_ns bigint not null, digest varchar not null, "
        "loaded_at timestamp not null)"
    )
    conn.execute(
        f"create table if not exists {ROW_IDS_TABLE} "
        "(table_name varchar primary key, last_row_id bigint not null)"
    )
    conn.execute(f"alter table {ROW_IDS_TABLE} add column if not exists loaded_after_row_id bigint")
    # both queues hold (table_name, row_id), as ROW_CHANGES declares them for dbt
    columns = ", ".join(f"{column.name} {column.type} not null" for column in ROW_CHANGES.columns)
    for queue in (UNJUDGED_TABLE, ROW_CHANGES_TABLE):
        conn.execute(f"create table if not exists {queue} ({columns})")


def registered(conn: duckdb.DuckDBPyConnection, table: str) -> dict[str, FileStamp]:
    """The files the warehouse holds rows of for `table`, by path."""
    ensure_registry(conn)
    found = conn.execute(
        f"select path, size, modified_ns, digest from {REGISTRY_TABLE} where table_name = ?", [table]
    ).fetchall()
    return {path: FileStamp(path, size, modified, digest) for path, size, modified, digest in found}


def plan_landing(files: Iterable[Path], known: dict[str, FileStamp]) -> LandingPlan:
    """Compare the files landed now with the registry; digest only those whose stat differs."""
    new, changed, unchanged = [], [], []
    current = set()
    for file in files:
        path = str(file)
        current.add(path)
        stat = file.stat()
        before = known.get(path)
        if before is not None and (before.size, before.modified_ns) == (stat.st_size, stat.st_mtime_ns):
            continue
        stamp = FileStamp(path, stat.st_size, stat.st_mtime_ns, file_digest(file))
        if before is None:
            new.append(stamp)
        elif before.digest != stamp.digest:
            changed.append(stamp)
        else:
            unchanged.append(stamp)
    removed = sorted(path for path in known if path not in current)
    return LandingPlan(new, changed, removed, unchanged)


def file_digest(path: Path) -> str:
    """BLAKE2b of the file's bytes (fast, and collisions are out of reach)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "blake2b").hexdigest()


def last_row_id(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    """The last row id `table` has given out (0 before its first load)."""
    ensure_registry(conn)
    found = conn.execute(f"select last_row_id from {ROW_IDS_TABLE} where table_name = ?", [table]).fetchone()
    return found[0] if found else 0


def record(
    conn: duckdb.DuckDBPyConnection, table: str, plan: LandingPlan, first_id: int, last_id: int
) -> None:
    """Write the plan's outcome and the row ids of this load, those after `first_id` up to
    `last_id`, into the registry (inside the caller's transaction)."""
    conn.execute(
        f"insert or replace into {ROW_IDS_TABLE} (table_name, last_row_id, loaded_after_row_id) "
        "values (?, ?, ?)",
        [table, last_id, first_id],
    )
    gone = [*plan.to_drop, *plan.touched]
    if gone:
        conn.execute(
            f"delete from {REGISTRY_TABLE} where table_name = ? and path in (select unnest(?))", [table, gone]
        )
    stamps = [*plan.to_read, *plan.unchanged]
    if stamps:
        now = datetime.now(UTC).replace(tzinfo=None)
        conn.executemany(
            f"insert into {REGISTRY_TABLE} values (?, ?, ?, ?, ?, ?)",
            [[table, s.path, s.size, s.modified_ns, s.digest, now] for s in stamps],
        )


def loaded_after_row_id(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    """The last row id `table` gave before its latest load: its rows above it came with that load.

    0 (every row) for a table the registry does not know, e.g. one not loaded by this loader.
    """
    if not relation_exists(conn, *ROW_IDS_TABLE.split(".")):
        return 0
    found = conn.execute(
        f"select loaded_after_row_id from {ROW_IDS_TABLE} where table_name = ?", [table]
    ).fetchone()
    return (found[0] or 0) if found else 0


def forget(conn: duckdb.DuckDBPyConnection, table: str) -> None:
    """Drop the registry of `table`: its next load reads every file (a full refresh).

    The last row id stays: the reloaded rows get new ids, so nothing keyed by row id downstream
    (the quarantine, dbt's incremental base models) can take a reloaded row for an earlier one.
    """
    ensure_registry(conn)
    conn.execute(f"delete from {REGISTRY_TABLE} where table_name = ?", [table])


def note_unjudged(conn: duckdb.DuckDBPyConnection, table: str, row_ids: str, params: list[object]) -> None:
    """Queue the rows `row_ids` selects (they entered `raw.<table>`) for the next quarantine."""
    _queue(conn, UNJUDGED_TABLE, table, row_ids, params)


def note_changed(
    conn: duckdb.DuckDBPyConnection, table: RawTable, row_ids: str, params: list[object]
) -> None:
    """Note the rows `row_ids` selects (by `_row_id`) for dbt's base model of `table`, if it has one.

    The base model reads only noted rows, so every row that may have entered or left staging
    (landed, deleted, a copy or no longer one, judged) must be noted; noting one too many costs
    a lookup, nothing more.
    """
    if table.staged_incrementally:
        _queue(conn, ROW_CHANGES_TABLE, table.name, row_ids, params)


def _queue(
    conn: duckdb.DuckDBPyConnection, queue: str, table: str, row_ids: str, params: list[object]
) -> None:
    conn.execute(f"insert into {queue} select ?, _row_id from ({row_ids})", [table, *params])


def forget_unjudged(conn: duckdb.DuckDBPyConnection) -> None:
    """The quarantine has judged every queued row."""
    ensure_registry(conn)
    conn.execute(f"delete from {UNJUDGED_TABLE}")
