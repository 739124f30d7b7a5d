"""The files channel tools read: CSV and Parquet alike, only the channel's contact fields, a manifest."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.activation import EXCLUSION_REASONS, MANIFEST, export_columns
from tests.lib.activation.warehouse_tables import AS_OF, Member, audience, build_warehouse, export

EXPECTED_COLUMNS = {
    "email": ["customer_id", "channel", "email", "audience", "segment_family", "segment", "as_of_date"],
    "sms": ["customer_id", "channel", "phone", "audience", "segment_family", "segment", "as_of_date"],
    "push": ["customer_id", "channel", "audience", "segment_family", "segment", "as_of_date"],
    "mail": [
        "customer_id",
        "channel",
        *("country", "region", "city", "postal_code"),
        *("audience", "segment_family", "segment", "as_of_date"),
    ],
}


def read_both(folder: Path, name: str) -> tuple[list[str], list[tuple], list[tuple]]:
    """Columns and rows of the CSV and of the Parquet file, all as text."""
    csv = duckdb.execute(
        "select * from read_csv(?, header = true, all_varchar = true)", [str(folder / f"{name}.csv")]
    )
    columns = [column[0] for column in csv.description]
    csv_rows = csv.fetchall()
    parquet = duckdb.execute(
        "select columns(*)::varchar from read_parquet(?)", [str(folder / f"{name}.parquet")]
    )
    assert [column[0] for column in parquet.description] == columns
    return columns, csv_rows, parquet.fetchall()


@pytest.mark.parametrize("channel", EXPECTED_COLUMNS)
def test_files_carry_only_the_channel_contact_fields(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path, channel: str
) -> None:
    build_warehouse(conn, [Member("C02", phone="+33 1 23 45 67 89", country="FR"), Member("C01")])
    run = export(conn, tmp_path, [audience("a", channel=channel)])
    columns, csv_rows, parquet_rows = read_both(run.folder, "a")
    assert columns == EXPECTED_COLUMNS[channel] == list(export_columns(channel))
    assert csv_rows == parquet_rows
    assert [row[0] for row in csv_rows] == ["C01", "C02"]
    second = dict(zip(columns, csv_rows[1], strict=True))
    expected_contact = {
        "email": {"email": "c02@example.com"},
        "sms": {"phone": "+33 1 23 45 67 89"},
        "push": {},
        "mail": {"country": "FR", "region": "Berlin", "city": "Berlin", "postal_code": "10115"},
    }[channel]
    assert second == {
        "customer_id": "C02",
        "channel": channel,
        **expected_contact,
        "audience": "a",
        "segment_family": "rfm",
        "segment": "champions",
        "as_of_date": AS_OF.isoformat(),
    }


def test_parquet_types(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    build_warehouse(conn, [Member("C01")])
    run = export(conn, tmp_path, [audience("a", channel="sms")])
    schema = duckdb.execute("describe select * from read_parquet(?)", [str(run.folder / "a.parquet")])
    assert {row[0]: row[1] for row in schema.fetchall()} == {
        **{column: "VARCHAR" for column in EXPECTED_COLUMNS["sms"]},
        "as_of_date": "DATE",
    }


def test_an_empty_audience_still_writes_its_files(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    build_warehouse(conn, [Member("C01", excluded={"email": "no_consent"})])
    run = export(conn, tmp_path, [audience("nobody")])
    columns, csv_rows, parquet_rows = read_both(run.folder, "nobody")
    assert (columns, csv_rows, parquet_rows) == (EXPECTED_COLUMNS["email"], [], [])


def test_manifest_counts_every_audience_and_no_temporary_file_is_left(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    build_warehouse(
        conn,
        [
            Member("C01"),
            Member("C02", excluded={"sms": "bounced"}),
            Member("C03", excluded={"email": "unreachable"}),
        ],
    )
    run = export(conn, tmp_path, [audience("by-email"), audience("by-sms", channel="sms", max_members=1)])
    assert run.folder == tmp_path / AS_OF.isoformat()
    manifest = json.loads((run.folder / MANIFEST).read_text(encoding="utf-8"))
    assert (manifest["as_of_date"], manifest["run_id"]) == (AS_OF.isoformat(), "run-1")
    assert manifest["contact_cap"] == {"contacts": 2, "days": 7}
    by_email, by_sms = manifest["audiences"]
    assert by_email == {
        "audience": "by-email",
        "channel": "email",
        "segment_family": "rfm",
        "segments": ["champions"],
        "max_members": None,
        "files": ["by-email.csv", "by-email.parquet"],
        "segment_members": 3,
        "excluded": {reason: int(reason == "unreachable") for reason in EXCLUSION_REASONS},
        "exported": 2,
    }
    assert (by_sms["excluded"]["bounced"], by_sms["excluded"]["over_max_members"], by_sms["exported"]) == (
        1,
        1,
        1,
    )
    assert sorted(path.name for path in run.folder.iterdir()) == sorted(
        [MANIFEST, *by_email["files"], *by_sms["files"]]
    )
