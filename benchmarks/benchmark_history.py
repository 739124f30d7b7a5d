"""Benchmark of the segment history: splicing 1M members × 15 families into a file-backed DuckDB.

Generates each day's snapshot in DuckDB with range() (about 5 % of values
change per day), then times the daily steps: the first load, daily appends, a
re-run with the same snapshot, an out-of-order backfill between two processed
dates and the transitions refresh (the published customer_segments, a dbt view
over the history, is measured with the whole refresh in benchmark_refresh.py). Not
a test: run it by hand,

    .venv/bin/python benchmarks/benchmark_history.py --customers 1000000
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import duckdb

from orchestration.lib import warehouse
from orchestration.lib.history.splice import splice_snapshot
from orchestration.lib.history.tables import SEGMENT_HISTORY
from orchestration.lib.history.transitions import refresh_transitions

FAMILIES = ["rfm", "loyalty_status", *(f"family_{n}" for n in range(13))]
FIRST_DAY = date(2026, 1, 1)

# Segment of (member, family) on day `day`: a stable base, moved one step on ~5 % of days.
SNAPSHOT_SQL = """
create or replace table segments.segment_membership as
select 'C' || lpad(member::varchar, 8, '0') as customer_id,
       families[family + 1] as segment_family,
       'segment_' || ((hash(member, family) + (hash(member, family, $day) % 20 = 0)::int) % 6) as segment
from range($customers) as m (member), range($families) as f (family), (select $names::varchar[] as families)
"""


def timed(label: str, step: Callable[[], object]) -> object:
    started = time.perf_counter()
    result = step()
    print(f"{label:<48} {time.perf_counter() - started:7.1f}s   {result}")
    return result


def splice_day(conn: duckdb.DuckDBPyConnection, customers: int, day: int, label: str) -> None:
    """Generate day `day`'s snapshot (not timed), then time splicing it in and refreshing transitions."""
    as_of = FIRST_DAY + timedelta(days=day)
    conn.execute(
        SNAPSHOT_SQL, {"day": day, "customers": customers, "families": len(FAMILIES), "names": FAMILIES}
    )
    timed(f"{label} {as_of}", lambda: splice_snapshot(conn, "segments.segment_membership", as_of, "bench"))
    timed(f"  transitions refresh {as_of}", lambda: refresh_transitions(conn, as_of))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--memory-limit", default="4GB")
    args = parser.parse_args()
    print(
        f"{args.customers:,} members × {len(FAMILIES)} families "
        f"= {args.customers * len(FAMILIES):,} snapshot rows a day"
    )
    with (
        tempfile.TemporaryDirectory() as folder,
        warehouse.connect(Path(folder) / "warehouse.duckdb", memory_limit=args.memory_limit) as conn,
    ):
        conn.execute("create schema segments")
        splice_day(conn, args.customers, 0, "first load")
        for day in (1, 2, 4):
            splice_day(conn, args.customers, day, "append")
        timed(
            "re-run, same snapshot",
            lambda: splice_snapshot(
                conn, "segments.segment_membership", FIRST_DAY + timedelta(days=4), "bench"
            ),
        )
        splice_day(conn, args.customers, 3, "out-of-order backfill")
        print(f"history rows: {conn.execute(f'select count(*) from {SEGMENT_HISTORY}').fetchone()[0]:,}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2:.2f} GB")


if __name__ == "__main__":
    main()
