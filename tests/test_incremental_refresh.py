"""An incremental daily refresh publishes what a full rebuild publishes, day after day.

A landing folder of daily parts goes through what a programme's feed does: a first load, the next
day's drop, a late file, a corrected file, removed parts, a re-run of a day and an out-of-order
backfill. At two checkpoints a copy of the warehouse re-runs the same as-of date as a full rebuild
(LOYALTY_FULL_REFRESH: every landed file reloaded, every dbt model rebuilt from scratch), and every
published table must equal the incremental run's, value for value, run ids and timestamps aside.
The re-run itself being a no-op for the published tables is the idempotence the copy relies on.
"""

from __future__ import annotations

import csv
import math
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from loyalty_demo_data import append_day, generate
from orchestration.lib.publish import SERVING_DB
from tests.conftest import run_daily_refresh

STORY = date(2026, 9, 30)
CUSTOMERS = 300
VOLATILE_COLUMNS = {"run_id", "published_at", "previous_as_of_date", "moved_backwards"}
"""publish_info's columns that differ between two runs of the same data: the run's id and clock,
and what the publish before it was (for the re-run on the copy, the incremental run itself)."""


def published_tables(workdir: Path) -> dict[str, list[tuple]]:
    """Every table of the serving database, rows sorted, volatile columns left out."""
    with duckdb.connect(str(workdir / "serving" / SERVING_DB), read_only=True) as conn:
        tables = [name for (name,) in conn.execute("select table_name from duckdb_tables()").fetchall()]
        tables += [
            name
            for (name,) in conn.execute("select view_name from duckdb_views() where not internal").fetchall()
        ]
        result = {}
        for name in sorted(tables):
            columns = [
                column
                for (column,) in conn.execute(
                    "select column_name from information_schema.columns where table_name = ? "
                    "order by ordinal_position",
                    [name],
                ).fetchall()
                if column not in VOLATILE_COLUMNS
            ]
            listed = ", ".join(f'"{column}"' for column in columns)
            result[name] = conn.execute(f'select {listed} from "{name}" order by all').fetchall()
        return result


def assert_full_rebuild_agrees(workdir: Path, copy: Path, partition_key: str | None) -> None:
    """Re-run `partition_key` as a full rebuild on a copy of `workdir`; the published tables agree."""
    shutil.copytree(workdir, copy)
    result = run_daily_refresh(copy, workdir / "raw", partition_key, LOYALTY_FULL_REFRESH="1")
    assert result.success, [event.message for event in result.all_events if event.is_failure]
    assert_tables_agree(published_tables(workdir), published_tables(copy))


def assert_tables_agree(left: dict[str, list[tuple]], right: dict[str, list[tuple]]) -> None:
    """The same tables with agreeing rows; a failure names the tables and their row counts."""
    assert left.keys() == right.keys()
    differing = [name for name in left if not rows_agree(left[name], right[name])]
    assert not differing, {name: (len(left[name]), len(right[name])) for name in differing}


def rows_agree(left: list[tuple], right: list[tuple]) -> bool:
    """Equal rows, floats within 1e-9 relative: sums in another order differ in the last digits."""
    return len(left) == len(right) and all(
        len(a) == len(b) and all(values_agree(x, y) for x, y in zip(a, b, strict=True))
        for a, b in zip(left, right, strict=True)
    )


def values_agree(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12)
    return left == right


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def refresh(workdir: Path, partition_key: str | None = None) -> None:
    """One incremental daily refresh of the feed's warehouse (as of `partition_key` if given)."""
    result = run_daily_refresh(workdir, workdir / "raw", partition_key)
    assert result.success, [event.message for event in result.all_events if event.is_failure]


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("incremental")
    generate(
        workdir / "raw",
        CUSTOMERS,
        seed=5,
        fmt="csv",
        end_date=STORY,
        years=1.5,
        layout="daily",
        through=STORY,
    )
    return workdir


def test_daily_drops_late_corrected_and_removed_files_publish_what_a_full_rebuild_does(feed, tmp_path):
    raw = feed / "raw"
    refresh(feed)  # the first load
    append_day(raw)  # the next day's drop, with
    # a late file: orders of an earlier day delivered in a part of their own
    late_day = STORY - timedelta(days=10)
    fields, rows = read_csv(raw / "orders" / f"{late_day}.csv")
    late = [{**row, "order_id": f"LATE-{n}", "amount": "12.50"} for n, row in enumerate(rows[:2])]
    write_csv(raw / "orders" / f"{late_day}-late.csv", fields, late)
    # a corrected file: one order's amount changes, another order goes
    corrected = raw / "orders" / f"{STORY - timedelta(days=3)}.csv"
    fields, rows = read_csv(corrected)
    write_csv(corrected, fields, [{**rows[0], "amount": "999.99"}, *rows[2:]])
    # removed parts of the ledger and the campaign events
    (raw / "loyalty_ledger" / f"{STORY - timedelta(days=5)}.csv").unlink()
    sorted((raw / "campaign_events").glob("*.csv"))[-3].unlink()  # campaigns send on some days only
    refresh(feed)
    assert_full_rebuild_agrees(feed, tmp_path / "after_corrections", None)

    before = published_tables(feed)
    refresh(feed)  # a re-run of the same day changes nothing published
    assert_tables_agree(published_tables(feed), before)
    backfill = str(STORY - timedelta(days=7))
    refresh(feed, backfill)  # an out-of-order backfill of a past day
    assert_full_rebuild_agrees(feed, tmp_path / "after_backfill", backfill)
