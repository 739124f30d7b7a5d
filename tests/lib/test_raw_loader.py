"""The loader: contract forms of a table, typing, and the table-level faults of docs/contract.md §2."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from orchestration.lib.raw_files import RawTableError
from orchestration.lib.raw_loader import load_raw_table
from orchestration.lib.raw_schema import RAW_TABLES_BY_NAME

CUSTOMERS = RAW_TABLES_BY_NAME["customers"]
ORDERS = RAW_TABLES_BY_NAME["orders"]
CONSENTS = RAW_TABLES_BY_NAME["consents"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rows(conn: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return conn.execute(sql).fetchall()


def test_csv_is_typed_and_missing_optional_columns_are_null(conn, tmp_path):
    write(tmp_path / "customers.csv", "Customer_ID,signup_date,Country,extra\nC1,2024-01-05,DE,x\n")
    loaded = load_raw_table(conn, tmp_path, CUSTOMERS)
    assert loaded.rows_loaded == 1
    assert "birth_date" in loaded.missing_optional_columns
    assert rows(conn, "select customer_id, signup_date, country, birth_date from raw.customers") == [
        ("C1", datetime(2024, 1, 5).date(), "DE", None)
    ]
    columns = [row[0] for row in rows(conn, "describe raw.customers")]
    assert columns == [*CUSTOMERS.column_names, "_invalid_columns", "_source_file", "_row_id"]


def test_unparseable_values_become_null_and_are_named(conn, tmp_path):
    write(
        tmp_path / "orders.csv",
        "order_id,customer_id,order_ts,amount\nO1,C1,2024-02-01T10:00:00+02:00,10.5\nO2,C1,yesterday,abc\n",
    )
    loaded = load_raw_table(conn, tmp_path, ORDERS)
    assert loaded.rows_with_invalid_values == 1
    assert rows(conn, "select order_id, order_ts, amount, _invalid_columns from raw.orders order by 1") == [
        ("O1", datetime(2024, 2, 1, 8, 0), pytest.approx(10.5), None),
        ("O2", None, None, "order_ts,amount"),
    ]


def test_folder_of_parts_is_unioned_and_exact_duplicates_collapse(conn, tmp_path):
    header = "order_id,customer_id,order_ts,amount\n"
    write(tmp_path / "orders" / "day1.csv", header + "O1,C1,2024-02-01,10\nO2,C1,2024-02-02,5\n")
    write(tmp_path / "orders" / "day2.csv", header + "O2,C1,2024-02-02,5\nO3,C2,2024-02-03,7\n")
    loaded = load_raw_table(conn, tmp_path, ORDERS)
    assert (loaded.rows_read, loaded.rows_loaded, loaded.duplicate_rows_collapsed) == (4, 3, 1)
    assert len(loaded.files) == 2


def test_parquet_parts_load(conn, tmp_path):
    (tmp_path / "consents").mkdir()
    table = pa.table(
        {
            "customer_id": ["C1", "C2"],
            "channel": ["email", "sms"],
            "opted_in": [True, False],
            "updated_at": [datetime(2024, 1, 1), datetime(2024, 1, 2)],
        }
    )
    pq.write_table(table, tmp_path / "consents" / "part-0.parquet")
    loaded = load_raw_table(conn, tmp_path, CONSENTS)
    assert loaded.rows_loaded == 2
    assert rows(conn, "select count(*) from raw.consents where opted_in") == [(1,)]


def test_missing_optional_table_loads_empty(conn, tmp_path):
    loaded = load_raw_table(conn, tmp_path, CONSENTS)
    assert loaded.files == [] and loaded.rows_loaded == 0
    assert rows(conn, "select count(*) from raw.consents") == [(0,)]


@pytest.mark.parametrize(
    ("files", "table", "message"),
    [
        ({}, CUSTOMERS, "required table missing"),
        ({"orders.csv": "order_id,customer_id,order_ts\nO1,C1,2024-01-01\n"}, ORDERS, "'amount'"),
        ({"customers.csv": "customer_id,country\n"}, CUSTOMERS, "no rows"),
        ({"customers.csv": ""}, CUSTOMERS, "empty file"),
        ({"customers.parquet": "this is not parquet"}, CUSTOMERS, "cannot be read"),
        ({"customers.csv": "customer_id\nC1\n", "customers/a.csv": "customer_id\nC2\n"}, CUSTOMERS, "forms"),
    ],
    ids=["missing-table", "missing-column", "header-only", "empty", "unreadable", "two-forms"],
)
def test_table_level_faults_name_file_column_and_fault(conn, tmp_path, files, table, message):
    for name, text in files.items():
        write(tmp_path / name, text)
    with pytest.raises(RawTableError, match=message) as error:
        load_raw_table(conn, tmp_path, table)
    assert table.name in str(error.value) or str(tmp_path) in str(error.value)
