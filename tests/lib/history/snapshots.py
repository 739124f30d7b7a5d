"""Hand-built segment snapshots in in-memory DuckDB, and the naive history they must produce."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date

import duckdb

from orchestration.lib.history.splice import SpliceResult, splice_snapshot
from orchestration.lib.history.tables import SEGMENT_HISTORY, SEGMENT_TRANSITIONS
from orchestration.lib.history.transitions import refresh_transitions

Key = tuple[str, str]
"""(customer_id, segment_family)"""
Snapshot = Mapping[Key, str]


def day(n: int) -> date:
    return date(2026, 1, n)


def run_date(conn: duckdb.DuckDBPyConnection, as_of: date, snapshot: Snapshot) -> SpliceResult:
    """What the two assets do for one as-of date: splice the snapshot, then refresh transitions."""
    conn.execute(
        "create or replace table membership (customer_id varchar, segment_family varchar, segment varchar)"
    )
    rows = [(customer, family, segment) for (customer, family), segment in snapshot.items()]
    if rows:
        conn.executemany("insert into membership values (?, ?, ?)", rows)
    result = splice_snapshot(conn, "membership", as_of, run_id=f"run-{as_of}")
    refresh_transitions(conn, as_of)
    return result


def history_rows(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    return canonical(
        conn.execute(
            "select customer_id, segment_family, segment, valid_from, valid_to, is_current "
            f"from {SEGMENT_HISTORY}"
        ).fetchall()
    )


def transition_rows(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    return canonical(conn.execute(f"select * from {SEGMENT_TRANSITIONS}").fetchall())


def naive_history(snapshots: Mapping[date, Snapshot]) -> list[tuple]:
    """Full recomputation: walk every key through every processed date, opening and closing runs."""
    dates = sorted(snapshots)
    keys = sorted({key for snapshot in snapshots.values() for key in snapshot})
    rows = []
    for key in keys:
        run: tuple[str, date] | None = None
        for as_of in dates:
            value = snapshots[as_of].get(key)
            if run is not None and run[0] == value:
                continue
            if run is not None:
                rows.append((*key, run[0], run[1], as_of, False))
            run = None if value is None else (value, as_of)
        if run is not None:
            rows.append((*key, run[0], run[1], None, True))
    return canonical(rows)


def naive_transitions(snapshots: Mapping[date, Snapshot]) -> list[tuple]:
    """Counts of (family, value before, value after) over each pair of consecutive processed dates."""
    dates = sorted(snapshots)
    counts: dict[tuple, int] = {}
    for previous, as_of in itertools.pairwise(dates):
        before, after = snapshots[previous], snapshots[as_of]
        for customer, family in before.keys() | after.keys():
            row = (as_of, previous, family, before.get((customer, family)), after.get((customer, family)))
            counts[row] = counts.get(row, 0) + 1
    return canonical([(*row, count) for row, count in counts.items()])


def canonical(rows: list[tuple]) -> list[tuple]:
    """Rows in one deterministic order, whatever NULLs they hold, so tables compare as lists."""
    return sorted(rows, key=repr)
