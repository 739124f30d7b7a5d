"""Audiences against today's segments: a misspelling fails the run, an empty known segment does not."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestration.lib.activation import AudienceError
from tests.lib.activation.warehouse_tables import Member, audience, build_warehouse, counts_of, export

MEMBERS = [
    Member("C01", segments={"rfm": "champions", "country": "DE", "rule:vip": "in", "churn_risk": "low"}),
    Member("C02", segments={"rfm": "lost", "country": "FR", "rule:vip": "in", "churn_risk": "high"}),
]


def check_error(conn: duckdb.DuckDBPyConnection, tmp_path: Path, *audiences: object) -> str:
    with pytest.raises(AudienceError) as raised:
        export(conn, tmp_path / "exports", audiences)
    return str(raised.value)


@pytest.mark.parametrize(
    ("family", "segments", "message"),
    [
        (
            "rfn",
            ["champions"],
            "unknown segment_family 'rfn' (did you mean 'rfm'?); known: ['churn_risk', 'country'",
        ),
        ("rule:vp", ["in"], "unknown segment_family 'rule:vp' (did you mean 'rule:vip'?)"),
        (
            "rfm",
            ["champion"],
            "unknown segment 'champion' in segment_family 'rfm' (did you mean 'champions'?)",
        ),
        ("rule:vip", ["yes"], "unknown segment 'yes' in segment_family 'rule:vip'; known: ['in', 'out']"),
        ("country", ["LU"], "unknown segment 'LU' in segment_family 'country'; known: ['DE', 'FR']"),
    ],
)
def test_unknown_family_or_segment_fails_listing_the_known_ones(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path, family: str, segments: list[str], message: str
) -> None:
    build_warehouse(conn, MEMBERS)
    error = check_error(conn, tmp_path, audience("fine"), audience("typo", family=family, segments=segments))
    assert error.startswith(f"<audiences>: audience 'typo': {message}")
    assert "'fine'" not in error


def test_nothing_is_written_when_an_audience_is_unknown(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    build_warehouse(conn, MEMBERS)
    check_error(conn, tmp_path, audience("fine"), audience("typo", segments=["champion"]))
    assert not (tmp_path / "exports").exists()
    assert conn.execute("select count(*) from duckdb_schemas() where schema_name = 'history'").fetchone() == (
        0,
    )


@pytest.mark.parametrize(
    ("family", "segments"),
    [("rfm", ["cannot_lose_them"]), ("rule:vip", ["out"]), ("churn_risk", ["medium", "unknown"])],
)
def test_a_known_segment_without_members_today_exports_nobody(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path, family: str, segments: list[str]
) -> None:
    build_warehouse(conn, MEMBERS)
    run = export(conn, tmp_path, [audience("empty", family=family, segments=segments)])
    assert (counts_of(run, "empty")["segment_members"], counts_of(run, "empty")["exported"]) == (0, 0)
