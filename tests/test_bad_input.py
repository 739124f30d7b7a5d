"""Fault injection (docs/contract.md §2 "Bad input"): each fault's outcome, message, quarantine
counts, and every entry of the serving folder (files, symlinks, Data Docs, report) left
byte-identical when publishing is blocked."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from loyalty_demo_data import generate
from tests.conftest import run_daily_refresh
from tests.serving_files import fingerprint

FAULT_SHARE = 0.03  # above the default LOYALTY_MAX_BAD_ROW_FRACTION (1 %), below the GX 5 % tripwire
GX_TRIPWIRE_SHARE = 0.10  # above the raw suites' 5 % unparseable share: orders_rows_follow_the_contract fails


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small landing folder, refreshed and published once."""
    workdir = tmp_path_factory.mktemp("bad-input")
    generate(workdir / "raw", customers=300, seed=5, fmt="csv")
    assert run_daily_refresh(workdir, workdir / "raw").success
    return workdir


def with_fault(published: Path, tmp_path: Path, fault: Callable[[Path], None]) -> Path:
    shutil.copytree(published / "serving", tmp_path / "serving", symlinks=True)
    shutil.copytree(published / "raw", tmp_path / "raw")
    fault(tmp_path / "raw")
    return tmp_path


def edit_orders(change: Callable[[pd.DataFrame, pd.Index], None]) -> Callable[[Path], None]:
    return edit_orders_share(change, FAULT_SHARE)


def edit_orders_share(
    change: Callable[[pd.DataFrame, pd.Index], None], share: float
) -> Callable[[Path], None]:
    def fault(raw: Path) -> None:
        orders = pd.read_csv(raw / "orders.csv", dtype=str, keep_default_na=False)
        rows = orders.sample(frac=share, random_state=1).index
        change(orders, rows)
        orders.to_csv(raw / "orders.csv", index=False)

    return fault


def orphan(orders: pd.DataFrame, rows: pd.Index) -> None:
    orders.loc[rows, "customer_id"] = "NOBODY"


def negative(orders: pd.DataFrame, rows: pd.Index) -> None:
    orders.loc[rows, "amount"] = "-12.50"


def unparseable(orders: pd.DataFrame, rows: pd.Index) -> None:
    orders.loc[rows, "order_ts"] = "last tuesday"


def future(orders: pd.DataFrame, rows: pd.Index) -> None:
    orders.loc[rows, "order_ts"] = "2099-01-01 10:00:00"


def conflicting_duplicates(raw: Path) -> None:
    orders = pd.read_csv(raw / "orders.csv", dtype=str, keep_default_na=False)
    twins = orders.sample(frac=FAULT_SHARE / 2, random_state=1).copy()
    twins["amount"] = "999.99"
    pd.concat([orders, twins]).to_csv(raw / "orders.csv", index=False)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (edit_orders(orphan), "unknown customer"),
        (edit_orders(negative), "negative amount"),
        (edit_orders(unparseable), "unparseable value in order_ts"),
        (edit_orders(future), "future order_ts"),
        (conflicting_duplicates, "conflicting duplicate key"),
    ],
    ids=["orphan-orders", "negative-amounts", "unparseable-timestamps", "future-orders", "conflicting-dupes"],
)
def test_row_faults_above_the_threshold_block_publishing(published, tmp_path, fault, reason):
    workdir = with_fault(published, tmp_path, fault)
    before = fingerprint(workdir / "serving")

    result = run_daily_refresh(workdir, workdir / "raw")

    assert not result.success
    gate = [
        e
        for e in result.get_asset_check_evaluations()
        if e.check_name == "quarantine_within_bad_row_threshold"
    ]
    assert len(gate) == 1 and not gate[0].passed
    assert "table 'orders'" in gate[0].description and reason in gate[0].description
    with duckdb.connect(str(workdir / "warehouse" / "loyalty.duckdb"), read_only=True) as conn:
        counts = dict(conn.execute("select reason, count(*) from raw.quarantine group by 1").fetchall())
    orders = len(pd.read_csv(workdir / "raw" / "orders.csv"))
    assert counts[reason] >= 0.9 * FAULT_SHARE * orders / 1.03
    assert fingerprint(workdir / "serving") == before


def test_a_failing_expectation_suite_keeps_its_docs_out_of_the_serving_folder(published, tmp_path):
    workdir = with_fault(published, tmp_path, edit_orders_share(unparseable, GX_TRIPWIRE_SHARE))
    before = fingerprint(workdir / "serving")

    result = run_daily_refresh(workdir, workdir / "raw")

    assert not result.success
    [suite] = [
        e
        for e in result.get_asset_check_evaluations()
        if e.check_name == "orders_rows_follow_the_contract" and e.asset_key.path == ["crm", "orders"]
    ]
    assert not suite.passed
    docs = workdir / "quality_docs" / result.run_id / "crm__orders" / "index.html"
    assert suite.metadata["data_docs"].value == str(docs) and docs.is_file()
    assert fingerprint(workdir / "serving") == before


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (lambda raw: (raw / "customers.csv").unlink(), "required table missing"),
        (
            lambda raw: (raw / "orders.csv").write_text("order_id,customer_id,order_ts\nO1,C1,2024-01-01\n"),
            "'amount'",
        ),
        (lambda raw: (raw / "customers.csv").write_text("customer_id,country\n"), "no rows"),
        (lambda raw: (raw / "orders.csv").write_bytes(b"\xff\xfe\x00garbage"), "orders.csv"),
    ],
    ids=["missing-table", "missing-column", "header-only", "unreadable-file"],
)
def test_table_faults_fail_the_run_naming_the_fault(published, tmp_path, fault, message):
    workdir = with_fault(published, tmp_path, fault)
    before = fingerprint(workdir / "serving")

    result = run_daily_refresh(workdir, workdir / "raw")

    assert not result.success
    errors = " ".join(str(e.event_specific_data.error) for e in result.all_events if e.is_step_failure)
    assert message in errors
    assert fingerprint(workdir / "serving") == before


def test_exact_duplicates_and_a_few_orphans_publish_with_a_quarantine_summary(published, tmp_path):
    def fault(raw: Path) -> None:
        orders = pd.read_csv(raw / "orders.csv", dtype=str, keep_default_na=False)
        orders.loc[orders.index[:5], "customer_id"] = "NOBODY"  # well below 1 %
        pd.concat([orders, orders.head(300)]).to_csv(raw / "orders.csv", index=False)

    workdir = with_fault(published, tmp_path, fault)
    assert run_daily_refresh(workdir, workdir / "raw").success
    with duckdb.connect(str(workdir / "serving" / "loyalty.duckdb"), read_only=True) as conn:
        summary = conn.execute("select table_name, reason, rows from quarantine_summary").fetchall()
    assert ("orders", "unknown customer", 5) in summary
    assert not [row for row in summary if "duplicate" in row[1]]


READER = """
import sys, time, duckdb
from pathlib import Path
serving, stop = sys.argv[1], Path(sys.argv[2])
seen, deadline = [], None
while deadline is None or time.monotonic() < deadline:
    with duckdb.connect(serving, read_only=True) as conn:
        run_id, rows = conn.execute("select run_id, customer_features_rows from publish_info").fetchall()[0]
        assert conn.execute("select count(*) from customer_features").fetchall()[0][0] == rows
    if run_id not in seen:
        seen.append(run_id)
    if stop.exists():
        deadline = deadline or time.monotonic() + 30
        if run_id == stop.read_text():
            break
    time.sleep(0.05)
print(" ".join(seen))
"""


def test_a_bi_reader_keeps_reading_throughout_a_refresh(published, tmp_path):
    workdir = with_fault(published, tmp_path, lambda raw: None)
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(workdir / "serving" / "loyalty.duckdb"), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    old_run = published_run(workdir)
    assert run_daily_refresh(workdir, workdir / "raw").success
    new_run = published_run(workdir)
    stop.write_text(new_run)
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert out.split() == [old_run, new_run], "the reader saw the old publish, then the new one, nothing else"


def published_run(workdir: Path) -> str:
    with duckdb.connect(str(workdir / "serving" / "loyalty.duckdb"), read_only=True) as conn:
        return conn.execute("select run_id from publish_info").fetchall()[0][0]
