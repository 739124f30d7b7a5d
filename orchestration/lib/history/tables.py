"""The persistent `history` tables, created on first use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

HISTORY_SCHEMA = "history"
SEGMENT_HISTORY = f"{HISTORY_SCHEMA}.segment_history"
SEGMENT_HISTORY_DATES = f"{HISTORY_SCHEMA}.segment_history_dates"
SEGMENT_TRANSITIONS = f"{HISTORY_SCHEMA}.segment_transitions"

# valid_to is exclusive: the as-of date on which the next value took effect, NULL while current.
# No key constraint: an index over tens of millions of rows would slow every splice, and the
# splice keeps (customer_id, segment_family, valid_from) unique by construction.
_DDL = (
    f"create schema if not exists {HISTORY_SCHEMA}",
    f"""
    create table if not exists {SEGMENT_HISTORY} (
        customer_id varchar not null,
        segment_family varchar not null,
        segment varchar not null,
        valid_from date not null,
        valid_to date,
        is_current boolean not null
    )
    """,
    f"""
    create table if not exists {SEGMENT_HISTORY_DATES} (
        as_of_date date primary key,
        recorded_at timestamp not null,
        run_id varchar,
        transitions_stale boolean not null default true
    )
    """,
    # warehouses whose history predates the column: their transitions were kept current
    f"alter table {SEGMENT_HISTORY_DATES} add column if not exists transitions_stale boolean default false",
    f"""
    create table if not exists {SEGMENT_TRANSITIONS} (
        as_of_date date not null,
        previous_as_of_date date not null,
        segment_family varchar not null,
        from_segment varchar,
        to_segment varchar,
        customers bigint not null
    )
    """,
)


def ensure_history_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the history schema and tables if this warehouse has none yet; never touch existing data."""
    for statement in _DDL:
        conn.execute(statement)


@dataclass(frozen=True)
class HistoryCoverage:
    """Which as-of dates the history holds, for asset metadata."""

    dates: int
    first: date | None
    last: date | None


def history_coverage(conn: duckdb.DuckDBPyConnection) -> HistoryCoverage:
    dates, first, last = conn.execute(
        f"select count(*), min(as_of_date), max(as_of_date) from {SEGMENT_HISTORY_DATES}"
    ).fetchone()
    return HistoryCoverage(dates, first, last)


def neighbour_dates(conn: duckdb.DuckDBPyConnection, as_of: date) -> tuple[date | None, date | None]:
    """The processed as-of dates right before and right after `as_of` (None at either end)."""
    return conn.execute(
        f"""
        select max(as_of_date) filter (where as_of_date < $as_of),
               min(as_of_date) filter (where as_of_date > $as_of)
        from {SEGMENT_HISTORY_DATES}
        """,
        {"as_of": as_of},
    ).fetchone()
