"""Enum synonyms end to end: a landing file spelling every declared synonym (any case) loads,
passes the quarantine and comes out of staging as the contract value; a spelling that is
neither a value nor a synonym is quarantined and stays out of staging.

The rows are generated from the declaration (`raw_schema`), so a synonym added there is
covered here without editing this file.
"""

from __future__ import annotations

import csv
import os
import subprocess
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.quarantine import build_quarantine
from orchestration.lib.raw_loader import load_raw_table
from orchestration.lib.raw_schema import RAW_TABLES, RawColumn, RawTable
from orchestration.project import DBT_EXECUTABLE, DBT_PROJECT_DIR

NOW = datetime(2026, 11, 24)
UNKNOWN = "not in the contract"
_FILLER = {
    "DATE": "2026-01-01",
    "TIMESTAMP": "2026-01-01 10:00:00",
    "DECIMAL(18,2)": "10",
    "BIGINT": "5",
    "BOOLEAN": "true",
}
ENUM_TABLES = [table for table in RAW_TABLES if any(column.vocabulary for column in table.columns)]


def marker(table: RawTable) -> str:
    """The column naming a row in raw and staging alike: the key, else the customer."""
    return table.key[0] if table.key else "customer_id"


def landed(column: RawColumn) -> list[tuple[str, str | None]]:
    """(landed text, expected staging value) for every spelling of `column`, in mixed case."""
    assert column.vocabulary
    spellings = [(value, value) for value in column.vocabulary.values]
    spellings += [(synonym, value) for value, group in column.vocabulary.synonyms for synonym in group]
    return [
        (f" {text.upper()} " if index % 2 else text.title(), value)
        for index, (text, value) in enumerate(spellings)
    ]


def filler(table: RawTable, column: RawColumn, number: int) -> str:
    """A valid value for a column not under test: keys and required text unique per row."""
    if column.vocabulary:
        return column.vocabulary.values[0]
    if column.name in table.key or (column.required and column.type == "VARCHAR"):
        return f"{column.name}-{number}"
    return _FILLER.get(column.type, "")


def landing_rows(table: RawTable) -> tuple[list[dict[str, str]], dict[str, tuple[str, str | None]]]:
    """Rows of `table`: one per spelling of each enum column and one unknown spelling each.

    Returns the rows and, per row marker, (enum column, expected staging value or None when
    the row must be quarantined).
    """
    rows, expected = [], {}
    for tested in [column for column in table.columns if column.vocabulary]:
        for text, value in [*landed(tested), (UNKNOWN, None)]:
            number = len(rows)
            row = {column.name: filler(table, column, number) for column in table.columns}
            row["customer_id"] = f"C{number}"
            row[tested.name] = text
            rows.append(row)
            expected[row[marker(table)]] = (tested.name, value)
    return rows, expected


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """A landing folder of synonyms loaded, quarantined and staged by dbt."""
    workdir = tmp_path_factory.mktemp("synonyms")
    raw = workdir / "raw"
    raw.mkdir()
    expected = {}
    for table in ENUM_TABLES:
        rows, expected[table.name] = landing_rows(table)
        write_csv(raw / f"{table.name}.csv", rows)
    customers = max(len(rows) for rows in expected.values())
    write_csv(raw / "customers.csv", [{"customer_id": f"C{number}"} for number in range(customers)])
    database = workdir / "loyalty.duckdb"
    with duckdb.connect(str(database)) as conn:
        for table in RAW_TABLES:
            load_raw_table(conn, raw, table)
        build_quarantine(conn, NOW)
    options = ["--project-dir", DBT_PROJECT_DIR, "--profiles-dir", DBT_PROJECT_DIR]
    options += ["--target-path", workdir / "target", "--log-path", workdir / "logs"]
    subprocess.run(
        [DBT_EXECUTABLE, "run", "--quiet", "--select", "staging", *map(str, options)],
        env={**os.environ, "LOYALTY_WAREHOUSE_DB": str(database)},
        check=True,
    )
    return database, expected


@pytest.mark.parametrize("table", ENUM_TABLES, ids=lambda table: table.name)
def test_synonyms_are_normalised_and_unknown_spellings_quarantined(warehouse, table):
    database, expected = warehouse
    name = marker(table)
    columns = sorted({column for column, _ in expected[table.name].values()})
    with duckdb.connect(str(database), read_only=True) as conn:
        quarantined = dict(
            conn.execute(
                "select record_key, reason from raw.quarantine where table_name = ?", [table.name]
            ).fetchall()
        )
        if not table.key:  # keyless tables name quarantined rows by row id
            quarantined = dict(
                conn.execute(
                    f"select r.{name}, q.reason from raw.quarantine as q join raw.{table.name} as r "
                    "on q.row_id = r._row_id where q.table_name = ?",
                    [table.name],
                ).fetchall()
            )
        staged = {
            row[0]: row[1:]
            for row in conn.execute(
                f"select {name}, {', '.join(columns)} from staging.stg_crm__{table.name}"
            ).fetchall()
        }
    for key, (column, value) in expected[table.name].items():
        if value is None:
            assert quarantined.get(key) == f"unknown {column} value", key
            assert key not in staged, key
        else:
            assert key not in quarantined, key
            assert staged[key][columns.index(column)] == value, key
