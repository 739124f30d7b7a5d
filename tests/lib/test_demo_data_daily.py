"""The demo-data generator's daily layout: daily parts, appending a day, same seed same bytes."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from loyalty_demo_data import append_day, generate
from loyalty_demo_data.chunk import EVENT_TIMES
from loyalty_demo_data.cli import main
from loyalty_demo_data.writers import DAILY_TABLES
from orchestration.lib.raw_files import find_table_files
from orchestration.lib.raw_schema import RAW_TABLES

STORY = date(2026, 9, 30)
CUSTOMERS = 300
SNAPSHOTS = [table.name for table in RAW_TABLES if table.name not in DAILY_TABLES]


def file_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def daily(out: Path, through: date, customers: int = CUSTOMERS, fmt: str = "parquet") -> None:
    """The shortest history the personas allow: every day is a file per table, and files cost."""
    generate(out, customers, seed=11, fmt=fmt, end_date=STORY, years=1.5, layout="daily", through=through)


def parts(out: Path, table: str, fmt: str = "parquet") -> str:
    return f"read_{fmt}('{out}/{table}/*.{fmt}')"


@pytest.mark.parametrize(
    ("fmt", "day"),
    [("csv", STORY - timedelta(days=2)), ("parquet", STORY), ("parquet", STORY + timedelta(days=20))],
)
def test_appending_a_day_writes_the_bytes_of_generating_through_it(tmp_path: Path, fmt: str, day: date):
    daily(tmp_path / "grown", day, fmt=fmt)
    before = file_bytes(tmp_path / "grown")
    summary = append_day(tmp_path / "grown")
    daily(tmp_path / "direct", day + timedelta(days=1), fmt=fmt)
    grown, direct = file_bytes(tmp_path / "grown"), file_bytes(tmp_path / "direct")
    assert summary.through == day + timedelta(days=1) and summary.rows["orders"] > 0
    assert grown == direct
    new_parts = {name for name in grown if name not in before}
    assert new_parts == {f"{t}/{day + timedelta(days=1)}.{fmt}" for t in DAILY_TABLES} & set(grown)
    assert all(grown[name] == data for name, data in before.items() if "/" in name and "_demo" not in name)


def test_event_tables_are_daily_parts_dated_by_their_rows(tmp_path: Path):
    through = STORY + timedelta(days=3)
    daily(tmp_path, through)
    conn = duckdb.connect()
    for table in DAILY_TABLES:
        files = find_table_files(tmp_path, table)
        assert files and all(f.parent == tmp_path / table for f in files)
        assert max(date.fromisoformat(f.stem) for f in files) <= through
    for table, column in EVENT_TIMES.items():
        wrong = conn.execute(
            f"select count(*) from read_parquet('{tmp_path}/{table}/*.parquet', filename = true) "
            f"where cast({column} as date)::varchar <> regexp_extract(filename, '([0-9-]+)\\.parquet$', 1)"
        ).fetchone()[0]
        assert wrong == 0, table
    undated_lines = conn.execute(
        f"select count(*) from {parts(tmp_path, 'order_lines')} l "
        f"anti join {parts(tmp_path, 'orders')} o using (order_id)"
    ).fetchone()[0]
    assert undated_lines == 0
    for table in SNAPSHOTS:
        assert (tmp_path / f"{table}.parquet").is_file() and not (tmp_path / table).exists()
    manifest = json.loads((tmp_path / "_demo" / "generation.json").read_text())
    assert manifest["through"] == str(through) and manifest["end_date"] == str(STORY)
    assert manifest["layout"] == "daily" and manifest["customers"] == CUSTOMERS


def test_later_days_bring_new_and_changed_customers_and_no_one_early(tmp_path: Path):
    early, late = STORY + timedelta(days=10), STORY + timedelta(days=70)
    daily(tmp_path / "early", early, customers=500)
    daily(tmp_path / "late", late, customers=500)
    conn = duckdb.connect()
    for name in ("early", "late"):
        conn.execute(f"create view {name} as select * from '{tmp_path / name}/customers.parquet'")
    joined = conn.execute("select count(*) from late anti join early using (customer_id)").fetchone()[0]
    assert joined > 10  # members who signed up after the early day, none of them visible then
    assert conn.execute("select count(*) from early anti join late using (customer_id)").fetchone()[0] == 0
    moved = conn.execute(
        "select count(*) from early join late using (customer_id) "
        "where early.city is distinct from late.city or early.phone is distinct from late.phone"
    ).fetchone()[0]
    assert 0 < moved < 25
    for name, day in (("early", early), ("late", late)):
        orphans = conn.execute(
            f"select count(*) from {parts(tmp_path / name, 'orders')} o anti join {name} using (customer_id)"
        ).fetchone()[0]
        assert orphans == 0
        assert conn.execute(f"select max(signup_date) from {name}").fetchone()[0] <= day
    shared = {k: v for k, v in file_bytes(tmp_path / "early").items() if "/" in k and "_demo" not in k}
    assert shared.items() <= file_bytes(tmp_path / "late").items()


def test_switching_layout_removes_the_other_layouts_files(tmp_path: Path):
    daily(tmp_path, STORY)
    generate(tmp_path, 50, fmt="parquet")
    assert all(find_table_files(tmp_path, table) == [tmp_path / f"{table}.parquet"] for table in DAILY_TABLES)
    daily(tmp_path, STORY)
    assert not any((tmp_path / f"{table}.parquet").exists() for table in DAILY_TABLES)
    assert not list(tmp_path.rglob("*.partial")) and not list(tmp_path.glob(".spool-*"))


def test_append_day_needs_a_daily_folder_within_the_simulated_year(tmp_path: Path):
    generate(tmp_path / "single", 50)
    with pytest.raises(ValueError, match="layout"):
        append_day(tmp_path / "single")
    with pytest.raises(FileNotFoundError):
        append_day(tmp_path / "nothing")
    with pytest.raises(ValueError, match="outside the simulated window"):
        daily(tmp_path / "far", STORY + timedelta(days=400), customers=50)


def test_cli_daily_layout_and_append_day(tmp_path: Path):
    argv = ["--customers", "120", "--format", "csv", "--out", str(tmp_path), "--quiet"]
    assert main([*argv, "--layout", "daily", "--through", "2026-10-02"]) == 0
    assert main(["--append-day", "--out", str(tmp_path), "--quiet"]) == 0
    assert (tmp_path / "orders" / "2026-10-03.csv").is_file()
    assert not (tmp_path / "orders" / "2026-10-04.csv").exists()
    assert json.loads((tmp_path / "_demo" / "generation.json").read_text())["through"] == "2026-10-03"
