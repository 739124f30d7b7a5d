"""Row-level quarantine: each contract fault is kept out with its reason; the threshold gate."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.as_of import latest_order_date
from orchestration.lib.quarantine import build_quarantine, over_threshold, table_health
from orchestration.lib.raw_loader import load_raw_table
from orchestration.lib.raw_schema import RAW_TABLES

NOW = datetime(2026, 11, 24)
CUSTOMERS = "customer_id,signup_date\nC1,2024-01-01\nC2,2024-01-02\nC2,2024-01-03\nC3,someday\n"
ORDERS = """order_id,customer_id,order_ts,amount,status,channel
O1,C1,2024-02-01,10,completed,app
O2,C1,2024-02-01,-5,,
O3,C2,2024-02-01,5,,
O4,C9,2024-02-01,5,,
O5,C1,2099-01-01,5,,
O6,C1,2024-02-01,5,lost,
O7,C1,2024-03-01,5,,kiosk
O8,,2024-03-01,5,,
O9,C1,2024-03-01,5,,
O9,C1,2024-03-02,6,,
O10,C1,2024-03-03,7,Completed , Store
O10,C1,2024-03-03,7,Completed , Store
"""


@pytest.fixture
def quarantined(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    (tmp_path / "customers.csv").write_text(CUSTOMERS)
    (tmp_path / "orders.csv").write_text(ORDERS)
    conn = duckdb.connect()
    for table in RAW_TABLES:
        load_raw_table(conn, tmp_path, table)
    build_quarantine(conn, NOW)
    yield conn
    conn.close()


def reasons(conn: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    rows = conn.execute(
        "select record_key, reason from raw.quarantine where table_name = ? order by 1, 2", [table]
    ).fetchall()
    return dict(rows)


def test_each_row_fault_is_quarantined_with_its_reason(quarantined):
    assert reasons(quarantined, "customers") == {
        "C2": "conflicting duplicate key",
        "C3": "unparseable value in signup_date",
    }
    expected = {
        "O2": "negative amount",
        "O3": "unknown customer",  # its customer is quarantined
        "O4": "unknown customer",
        "O5": "future order_ts",
        "O6": "unknown status value",
        "O7": "unknown channel value",
        "O8": "missing customer_id",
        "O9": "conflicting duplicate key",
    }
    assert reasons(quarantined, "orders") == expected


def test_exact_duplicates_and_clean_rows_are_not_quarantined(quarantined):
    kept = quarantined.execute(
        "select order_id from raw.orders where _row_id not in "
        "(select row_id from raw.quarantine where table_name = 'orders') order by 1"
    ).fetchall()
    assert kept == [("O1",), ("O10",)]  # O10 landed twice, identically: collapsed, not quarantined


def test_the_raw_row_is_kept_as_json(quarantined):
    row = quarantined.execute(
        "select raw_row ->> 'amount', source_file from raw.quarantine where record_key = 'O2'"
    ).fetchall()[0]
    assert float(row[0]) == -5 and row[1].endswith("orders.csv")


def test_threshold_messages_name_table_reason_and_count(quarantined):
    health = {h.table: h for h in table_health(quarantined)}
    assert health["orders"].rows_quarantined == 9 and health["orders"].rows_loaded == 11
    problems = over_threshold(list(health.values()), 0.8)
    assert len(problems) == 1  # orders: 9 of 11; customers: 3 of 4 stays within 80 %
    assert "table 'orders'" in problems[0] and "unknown customer: 2" in problems[0]
    assert over_threshold(list(health.values()), 0.9) == []


def test_the_latest_valid_order_ignores_quarantined_ones(quarantined):
    # O5 in 2099 is a future timestamp: quarantined, so it cannot drag a run's as-of date along
    assert latest_order_date(quarantined) == date(2024, 3, 3)


def test_declared_synonyms_pass_and_other_spellings_are_quarantined(tmp_path):
    (tmp_path / "customers.csv").write_text("customer_id\nC1\n")
    (tmp_path / "orders.csv").write_text(
        "order_id,customer_id,order_ts,amount,status,channel\n"
        "O1,C1,2024-02-01,10, Canceled ,WEB\n"
        "O2,C1,2024-02-01,10,complete,Call Centre\n"
        "O3,C1,2024-02-01,10,done,\n"
        "O4,C1,2024-02-01,10,,telex\n"
    )
    (tmp_path / "consents.csv").write_text(
        "customer_id,channel,opted_in,updated_at\nC1,E-Mail,true,2024-01-01\nC1,pigeon,true,2024-01-01\n"
    )
    with duckdb.connect() as conn:
        for table in RAW_TABLES:
            load_raw_table(conn, tmp_path, table)
        build_quarantine(conn, NOW)
        orders = reasons(conn, "orders")
        consents = conn.execute(
            "select r.channel, q.reason from raw.quarantine as q "
            "join raw.consents as r on q.row_id = r._row_id"
        ).fetchall()
    assert orders == {"O3": "unknown status value", "O4": "unknown channel value"}
    assert consents == [("pigeon", "unknown channel value")]
