"""The frequency cap across runs, priority within a run, and idempotent re-runs of one as-of date."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.activation import CONTACT_LOG, ContactCap
from tests.lib.activation.warehouse_tables import (
    AS_OF,
    Member,
    audience,
    build_warehouse,
    counts_of,
    exclude,
    export,
    exported_ids,
)


def day(offset: int) -> date:
    return AS_OF + timedelta(days=offset)


def log_rows(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    return conn.execute(
        f"select as_of_date, audience, channel, customer_id, run_id from {CONTACT_LOG} order by all"
    ).fetchall()


def test_cap_allows_two_contacts_in_seven_days_then_frees_up(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    build_warehouse(conn, [Member("C01")])
    daily = [audience("daily")]
    exported_by_day = {
        offset: exported_ids(export(conn, tmp_path, daily, as_of=day(offset)), "daily")
        for offset in (0, 1, 2, 6, 7)
    }
    # day 2 and day 6 still see days 0 and 1 in their 7-day window; day 7's window starts on day 1
    assert exported_by_day == {0: ["C01"], 1: ["C01"], 2: [], 6: [], 7: ["C01"]}
    assert [row[0] for row in log_rows(conn)] == [day(0), day(1), day(7)]


def test_capped_members_are_counted(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    build_warehouse(conn, [Member("C01"), Member("C02", excluded={"email": "no_consent"})])
    for offset in (0, 1):
        export(conn, tmp_path, [audience("daily")], as_of=day(offset))
    counts = counts_of(export(conn, tmp_path, [audience("daily")], as_of=day(2)), "daily")
    assert (counts["exported"], counts["excluded"]["capped"], counts["excluded"]["no_consent"]) == (0, 1, 1)


def test_a_contact_exclusion_comes_before_the_cap(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    """A capped member who has since unsubscribed counts as unsubscribed, the first reason."""
    build_warehouse(conn, [Member("C01")])
    for offset in (0, 1):
        export(conn, tmp_path, [audience("daily")], as_of=day(offset))
    exclude(conn, "C01", "email", "unsubscribed")
    counts = counts_of(export(conn, tmp_path, [audience("daily")], as_of=day(2)), "daily")
    assert (counts["excluded"]["capped"], counts["excluded"]["unsubscribed"]) == (0, 1)


def test_the_cap_counts_per_channel(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    build_warehouse(conn, [Member("C01")])
    audiences = [audience("a-email"), audience("b-email"), audience("c-sms", channel="sms")]
    run = export(conn, tmp_path, audiences, cap=ContactCap(1, 7))
    assert [exported_ids(run, name) for name in ("a-email", "b-email", "c-sms")] == [["C01"], [], ["C01"]]


@pytest.mark.parametrize(("first", "second"), [("win-back", "champions"), ("champions", "win-back")])
def test_the_audience_written_first_gets_the_member(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path, first: str, second: str
) -> None:
    build_warehouse(
        conn,
        [
            Member("C01", segments={"rfm": "champions", "win_back": "candidate"}),
            Member("C02", segments={"rfm": "champions", "win_back": "not_candidate"}),
        ],
    )
    audiences = {
        "win-back": audience("win-back", family="win_back", segments=["candidate"]),
        "champions": audience("champions"),
    }
    run = export(conn, tmp_path, [audiences[first], audiences[second]], cap=ContactCap(1, 7))
    assert "C01" in exported_ids(run, first)
    assert "C01" not in exported_ids(run, second)
    assert counts_of(run, second)["excluded"]["capped"] == 1


def audience_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.suffix in {".csv", ".parquet"}}


def test_rerunning_a_date_gives_the_same_files_and_log(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    build_warehouse(conn, [Member(f"C{index:02}", predicted_clv_12m=float(index)) for index in range(1, 7)])
    export(conn, tmp_path, [audience("first", max_members=2)], as_of=day(-1), run_id="yesterday")
    audiences = [audience("first", max_members=4), audience("second")]
    first = export(conn, tmp_path, audiences, run_id="run-1")
    files = audience_files(first.folder)
    log = [row[:-1] for row in log_rows(conn)]
    again = export(conn, tmp_path, audiences, run_id="run-2")
    assert audience_files(again.folder) == files
    assert [row[:-1] for row in log_rows(conn)] == log
    assert again.counts == first.counts
    assert (first.contacts_replaced, again.contacts_replaced) == (0, 8)
    # the run did not cap itself, but yesterday's contacts still count: C05 and C06 had their second today
    assert exported_ids(again, "first") == ["C03", "C04", "C05", "C06"]
    assert exported_ids(again, "second") == ["C01", "C02", "C03", "C04"]
    assert {row[-1] for row in log_rows(conn)} == {"yesterday", "run-2"}


def test_a_rerun_keeps_other_audiences_contacts_of_that_date(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    build_warehouse(conn, [Member("C01")])
    cap = ContactCap(1, 7)
    export(conn, tmp_path, [audience("morning")], cap=cap)
    evening = export(conn, tmp_path, [audience("evening")], cap=cap)
    assert counts_of(evening, "evening")["excluded"]["capped"] == 1
    morning_again = export(conn, tmp_path, [audience("morning")], cap=cap)
    assert exported_ids(morning_again, "morning") == ["C01"]
    assert [row[1] for row in log_rows(conn)] == ["morning"]


def test_a_failed_run_leaves_the_log_as_it_was(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    build_warehouse(conn, [Member("C01")])
    export(conn, tmp_path, [audience("a")], run_id="good")
    before = log_rows(conn)
    (tmp_path / AS_OF.isoformat() / "b.csv").mkdir()  # the second audience's file cannot be written
    with pytest.raises(OSError):
        export(conn, tmp_path, [audience("a"), audience("b")], run_id="bad")
    assert log_rows(conn) == before
    assert conn.execute("select count(*) from duckdb_tables() where temporary").fetchone() == (0,)


def test_the_log_holds_no_contact_details(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    build_warehouse(conn, [Member("C01")])
    export(conn, tmp_path, [audience("a"), audience("b", channel="sms")])
    columns = [row[0] for row in conn.execute(f"describe {CONTACT_LOG}").fetchall()]
    assert columns == ["customer_id", "channel", "audience", "as_of_date", "exported_at", "run_id"]
    assert log_rows(conn) == [(AS_OF, "a", "email", "C01", "run-1"), (AS_OF, "b", "sms", "C01", "run-1")]
