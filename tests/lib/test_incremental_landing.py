"""Incremental loads and quarantine: only new or changed files are read, only rows that may change
verdict are judged, and both equal a full reload and a full judgement."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.quarantine import build_quarantine
from orchestration.lib.raw_files import RawTableError
from orchestration.lib.raw_loader import load_raw_table
from orchestration.lib.raw_schema import RAW_TABLES, RAW_TABLES_BY_NAME

ORDERS = RAW_TABLES_BY_NAME["orders"]
CUSTOMERS = RAW_TABLES_BY_NAME["customers"]
HEADER = "order_id,customer_id,order_ts,amount\n"
VISIBLE = "select order_id, customer_id, order_ts, amount, _invalid_columns from raw.orders order by all"


def part(folder: Path, name: str, lines: str) -> Path:
    path = folder / "orders" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + lines, encoding="utf-8")
    return path


def full_reload(folder: Path) -> list[tuple]:
    """`raw.orders` as a fresh warehouse loads the folder: the reference of every incremental load."""
    with duckdb.connect() as fresh:
        load_raw_table(fresh, folder, ORDERS)
        return fresh.execute(VISIBLE).fetchall()


def ids(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(conn.execute("select order_id, _row_id from raw.orders").fetchall())


def test_a_second_load_of_an_unchanged_folder_reads_nothing(conn, tmp_path):
    part(tmp_path, "2026-01-01.csv", "O1,C1,2026-01-01,10\n")
    first = load_raw_table(conn, tmp_path, ORDERS)
    again = load_raw_table(conn, tmp_path, ORDERS)
    assert first.files_read and first.full_reload
    assert (again.files_read, again.files_dropped, again.rows_read, again.full_reload) == ([], [], 0, False)
    assert again.rows_loaded == 1


def test_a_new_part_is_appended_and_earlier_rows_keep_their_ids(conn, tmp_path):
    part(tmp_path, "2026-01-01.csv", "O1,C1,2026-01-01,10\nO2,C1,2026-01-01,5\n")
    load_raw_table(conn, tmp_path, ORDERS)
    before = ids(conn)
    new = part(tmp_path, "2026-01-02.csv", "O3,C2,2026-01-02,7\n")
    loaded = load_raw_table(conn, tmp_path, ORDERS)
    assert loaded.files_read == [str(new)] and loaded.rows_read == 1
    after = ids(conn)
    assert {key: after[key] for key in before} == before
    assert after["O3"] > max(before.values())
    assert conn.execute(VISIBLE).fetchall() == full_reload(tmp_path)


def test_a_changed_part_replaces_its_rows_and_a_removed_part_takes_them_away(conn, tmp_path):
    part(tmp_path, "2026-01-01.csv", "O1,C1,2026-01-01,10\n")
    day2 = part(tmp_path, "2026-01-02.csv", "O2,C1,2026-01-02,5\n")
    day3 = part(tmp_path, "2026-01-03.csv", "O3,C1,2026-01-03,5\n")
    load_raw_table(conn, tmp_path, ORDERS)
    part(tmp_path, "2026-01-02.csv", "O2,C1,2026-01-02,6\nO4,C2,2026-01-02,1\n")
    day3.unlink()
    loaded = load_raw_table(conn, tmp_path, ORDERS)
    assert loaded.files_read == [str(day2)]
    assert loaded.files_dropped == sorted([str(day2), str(day3)])
    assert (loaded.rows_removed, loaded.rows_read, loaded.rows_loaded) == (2, 2, 3)
    assert conn.execute(VISIBLE).fetchall() == full_reload(tmp_path)


def test_a_day_delivered_twice_collapses_and_its_copy_returns_when_the_first_goes(conn, tmp_path):
    first = part(tmp_path, "a.csv", "O1,C1,2026-01-01,10\nO2,C1,2026-01-01,5\n")
    load_raw_table(conn, tmp_path, ORDERS)
    again = load_raw_table(conn, tmp_path, ORDERS)
    assert again.duplicate_rows_collapsed == 0
    part(tmp_path, "b.csv", "O2,C1,2026-01-01,5\nO3,C1,2026-01-02,1\n")
    loaded = load_raw_table(conn, tmp_path, ORDERS)
    assert (loaded.rows_read, loaded.duplicate_rows_collapsed, loaded.rows_loaded) == (2, 1, 3)
    first.unlink()
    loaded = load_raw_table(conn, tmp_path, ORDERS)
    assert loaded.rows_loaded == 2
    assert conn.execute("select order_id, _source_file from raw.orders order by 1").fetchall() == [
        ("O2", str(tmp_path / "orders" / "b.csv")),
        ("O3", str(tmp_path / "orders" / "b.csv")),
    ]
    assert conn.execute(VISIBLE).fetchall() == full_reload(tmp_path)


def test_a_file_rewritten_with_the_same_bytes_is_not_read_again(conn, tmp_path):
    path = part(tmp_path, "2026-01-01.csv", "O1,C1,2026-01-01,10\n")
    load_raw_table(conn, tmp_path, ORDERS)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    loaded = load_raw_table(conn, tmp_path, ORDERS)
    assert loaded.files_read == [] and loaded.rows_loaded == 1
    recorded = conn.execute("select modified_ns from raw.landed_files").fetchall()
    assert recorded == [(stat.st_mtime_ns + 10**9,)]


def test_a_changed_single_file_table_is_reloaded(conn, tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text("customer_id,country\nC1,DE\nC2,FR\n", encoding="utf-8")
    load_raw_table(conn, tmp_path, CUSTOMERS)
    path.write_text("customer_id,country\nC1,AT\nC3,FR\n", encoding="utf-8")
    loaded = load_raw_table(conn, tmp_path, CUSTOMERS)
    assert (loaded.rows_removed, loaded.rows_read) == (2, 2)
    assert conn.execute("select customer_id, country from raw.customers order by 1").fetchall() == [
        ("C1", "AT"),
        ("C3", "FR"),
    ]


def test_a_full_refresh_reads_every_file_and_gives_the_same_rows(conn, tmp_path):
    part(tmp_path, "2026-01-01.csv", "O1,C1,2026-01-01,10\n")
    part(tmp_path, "2026-01-02.csv", "O2,C1,2026-01-02,abc\n")
    load_raw_table(conn, tmp_path, ORDERS)
    before = conn.execute(VISIBLE).fetchall()
    loaded = load_raw_table(conn, tmp_path, ORDERS, full_refresh=True)
    assert loaded.full_reload and len(loaded.files_read) == 2
    assert conn.execute(VISIBLE).fetchall() == before
    # the reloaded rows get new ids: no id is ever given to two rows (dbt's base models key on it)
    assert sorted(ids(conn).values()) == [3, 4]


def test_a_fault_in_one_new_file_leaves_the_table_and_the_registry_as_they_were(conn, tmp_path):
    part(tmp_path, "2026-01-01.csv", "O1,C1,2026-01-01,10\n")
    load_raw_table(conn, tmp_path, ORDERS)
    registry = conn.execute("select * from raw.landed_files").fetchall()
    part(tmp_path, "2026-01-02.csv", "O2,C1,2026-01-02,5\n")
    broken = tmp_path / "orders" / "2026-01-03.csv"
    broken.write_text("order_id,customer_id\nO3,C1\n", encoding="utf-8")
    with pytest.raises(RawTableError, match="'order_ts'"):
        load_raw_table(conn, tmp_path, ORDERS)
    assert conn.execute("select order_id from raw.orders").fetchall() == [("O1",)]
    assert conn.execute("select * from raw.landed_files").fetchall() == registry
    broken.unlink()
    loaded = load_raw_table(conn, tmp_path, ORDERS)
    assert loaded.rows_read == 1 and loaded.rows_loaded == 2


def test_a_warehouse_holding_raw_tables_of_the_earlier_loader_is_reloaded(conn, tmp_path):
    part(tmp_path, "2026-01-01.csv", "O1,C1,2026-01-01,10\n")
    conn.execute("create schema raw")
    conn.execute("create table raw.orders as select 'stale' as order_id")
    loaded = load_raw_table(conn, tmp_path, ORDERS)
    assert loaded.full_reload
    assert conn.execute("select order_id from raw.orders").fetchall() == [("O1",)]


def verdicts(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    return conn.execute(
        "select table_name, row_id, record_key, reason from raw.quarantine order by all"
    ).fetchall()


def judge_both_ways(conn: duckdb.DuckDBPyConnection, folder: Path, now: datetime) -> list[tuple]:
    """Load the folder and quarantine incrementally; a full judgement must give the same verdicts."""
    for table in RAW_TABLES:
        load_raw_table(conn, folder, table)
    build_quarantine(conn, now)
    incremental = verdicts(conn)
    build_quarantine(conn, now, full_refresh=True)
    assert incremental == verdicts(conn)
    return incremental


def test_the_incremental_quarantine_equals_a_full_judgement_day_after_day(conn, tmp_path):
    customers = tmp_path / "customers.csv"
    customers.write_text("customer_id\nC1\nC2\n", encoding="utf-8")
    part(tmp_path, "d1.csv", "O1,C1,2026-01-01,10\nO2,C9,2026-01-01,5\nO3,C2,2026-01-05,5\n")
    day1 = datetime(2026, 1, 2)
    assert {row[2]: row[3] for row in judge_both_ways(conn, tmp_path, day1)} == {
        "O2": "unknown customer",
        "O3": "future order_ts",
    }
    # the clock moves on, C9 arrives, C2 leaves, and a second day repeats O1 with another amount
    customers.write_text("customer_id\nC1\nC9\n", encoding="utf-8")
    day2 = part(tmp_path, "d2.csv", "O1,C1,2026-01-01,11\nO4,C2,2026-01-06,1\n")
    verdict = {(row[2], row[1]): row[3] for row in judge_both_ways(conn, tmp_path, datetime(2026, 1, 7))}
    assert sorted(verdict.values()) == [
        "conflicting duplicate key",
        "conflicting duplicate key",
        "unknown customer",
        "unknown customer",
    ]
    assert {key for key, _ in verdict} == {"O1", "O3", "O4"}
    # the corrected second day drops the conflicting O1: both copies of the key are judged again
    day2.write_text(HEADER + "O4,C1,2026-01-06,1\n", encoding="utf-8")
    assert {row[2]: row[3] for row in judge_both_ways(conn, tmp_path, datetime(2026, 1, 7))} == {
        "O3": "unknown customer"
    }


def staged(conn: duckdb.DuckDBPyConnection) -> set[int]:
    """Row ids of raw.orders that staging keeps: in the view and not quarantined."""
    found = conn.execute(
        "select _row_id from raw.orders where _row_id not in "
        "(select row_id from raw.quarantine where table_name = 'orders')"
    ).fetchall()
    return {row_id for (row_id,) in found}


def land_and_take_notes(conn: duckdb.DuckDBPyConnection, folder: Path, now: datetime) -> set[int]:
    """Load and judge every table; return the orders noted for dbt and consume the notes as the
    base model does."""
    for table in RAW_TABLES:
        load_raw_table(conn, folder, table)
    build_quarantine(conn, now)
    notes = conn.execute("select table_name, row_id from raw.row_changes").fetchall()
    assert {table for table, _ in notes} <= {table.name for table in RAW_TABLES if table.staged_incrementally}
    conn.execute("delete from raw.row_changes")
    return {row_id for table, row_id in notes if table == "orders"}


def test_every_row_that_enters_or_leaves_staging_is_noted_for_the_dbt_base_model(conn, tmp_path):
    """dbt's base model reads only the noted rows, so none that changed place may be missed."""
    customers = tmp_path / "customers.csv"
    customers.write_text("customer_id\nC1\nC2\n", encoding="utf-8")
    day1 = part(tmp_path, "d1.csv", "O1,C1,2026-01-01,10\nO2,C9,2026-01-01,5\nO3,C2,2026-01-01,5\n")
    copy = part(tmp_path, "d1-again.csv", "O1,C1,2026-01-01,10\n")
    now = datetime(2026, 1, 3)
    first = land_and_take_notes(conn, tmp_path, now)
    assert staged(conn) <= first and len(staged(conn)) == 2  # O1 once, O3; O2 is an orphan
    steps = [  # each changes what staging keeps
        lambda: part(tmp_path, "d2.csv", "O4,C1,2026-01-02,7\n"),  # a new day
        lambda: customers.write_text("customer_id\nC1\nC9\n", encoding="utf-8"),  # O2 in, O3 out
        lambda: day1.write_text(HEADER + "O1,C1,2026-01-01,10\nO5,C1,2026-01-01,1\n", encoding="utf-8"),
        copy.unlink,  # the copy's O1 goes, and the changed file's O1 is the original now
    ]
    for step in steps:
        before = staged(conn)
        step()
        noted = land_and_take_notes(conn, tmp_path, now)
        assert before != staged(conn)
        assert before ^ staged(conn) <= noted
    # nothing changed: only the rows the quarantine judges again every run are noted
    os.utime(day1, (1, 1))
    quarantined = {row_id for (row_id,) in conn.execute("select row_id from raw.quarantine").fetchall()}
    assert land_and_take_notes(conn, tmp_path, now) <= quarantined
