"""Opening the DuckDB warehouse: one writer at a time, waiting politely for the lock.

DuckDB lets one process hold a database file for writing. Steps of one run
execute one after another, but a second run (a sensor, a manual run in the UI)
may overlap: rather than fail at once, a connection waits for the lock.
Beside it, the two helpers every writer of persistent tables shares: one
transaction around a multi-statement change, and whether a relation exists yet.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

LOCK_WAIT_SECONDS = 600.0
_LOCK_MESSAGES = ("Could not set lock", "Conflicting lock")


@contextmanager
def connect(
    path: Path,
    *,
    read_only: bool = False,
    memory_limit: str = "4GB",
    lock_wait_seconds: float = LOCK_WAIT_SECONDS,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to `path`, closed on exit, with bounded memory and UTC time."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + lock_wait_seconds
    delay = 0.2
    while True:
        try:
            conn = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as error:
            if not any(text in str(error) for text in _LOCK_MESSAGES):
                raise
            if time.monotonic() > deadline:
                raise TimeoutError(f"warehouse {path} stayed locked by another process") from error
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
    try:
        conn.execute("set memory_limit = ?", [memory_limit])
        conn.execute("set TimeZone = 'UTC'")
        # Row order of a table is never relied on (queries say `order by`); letting
        # DuckDB drop it makes large loads and aggregations several times faster.
        conn.execute("set preserve_insertion_order = false")
        yield conn
    finally:
        conn.close()


def relation_exists(conn: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    """Whether table or view `schema.name` exists: tables added by a newer release may not yet."""
    query = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
    return conn.execute(query, [schema, name]).fetchone()[0] > 0


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the block in one transaction: committed if it finishes, rolled back on any exception."""
    conn.begin()
    try:
        yield
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
