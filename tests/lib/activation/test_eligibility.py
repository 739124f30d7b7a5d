"""Who of a segment is exported, and the one reason each of the others is kept out."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestration.lib.activation import ContactCap
from tests.lib.activation.warehouse_tables import (
    Member,
    add_raw_customer,
    audience,
    build_warehouse,
    counts_of,
    export,
    exported_ids,
)

NO_EXCLUSIONS = {
    "no_consent": 0,
    "unsubscribed": 0,
    "bounced": 0,
    "unreachable": 0,
    "capped": 0,
    "over_max_members": 0,
}


def test_each_email_exclusion_has_its_reason(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    build_warehouse(
        conn,
        [
            Member("C01"),
            Member("C02", consent={"email": False}),
            Member("C03", consent={"email": None}),  # no consent row at all
            Member("C04", unsubscribed={"email"}),
            Member("C05", bounced={"email"}),
            Member("C06", email=None),
            Member("C07", email="   "),
            Member("C08", email="not-an-address"),
            Member("C09", consent={"sms": False}, unsubscribed={"sms"}, bounced={"sms"}, phone=None),
            Member("C10", segments={"rfm": "loyal_customers"}),
            Member("C11", in_features=False),  # kept out of the marts by the quarantine
        ],
    )
    run = export(conn, tmp_path, [audience("champions-email")])
    assert counts_of(run, "champions-email") == {
        "segment_members": 9,
        "excluded": {**NO_EXCLUSIONS, "no_consent": 2, "unsubscribed": 1, "bounced": 1, "unreachable": 3},
        "exported": 2,
    }
    assert exported_ids(run, "champions-email") == ["C01", "C09"]


def test_first_reason_wins(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    build_warehouse(
        conn,
        [
            Member("C01", consent={"sms": False}, unsubscribed={"sms"}, phone=None),
            Member("C02", unsubscribed={"sms"}, bounced={"sms"}, phone=None),
            Member("C03", bounced={"sms"}, phone=None),
        ],
    )
    run = export(conn, tmp_path, [audience("champions-sms", channel="sms")])
    excluded = counts_of(run, "champions-sms")["excluded"]
    assert excluded == {**NO_EXCLUSIONS, "no_consent": 1, "unsubscribed": 1, "bounced": 1}


@pytest.mark.parametrize(
    ("channel", "member", "reachable"),
    [
        ("sms", Member("C01"), True),
        ("sms", Member("C01", phone=None), False),
        ("sms", Member("C01", phone=" - "), False),
        ("mail", Member("C01", region=None), True),
        ("mail", Member("C01", postal_code=None), False),
        ("mail", Member("C01", city=" "), False),
        ("mail", Member("C01", country=None), False),
        ("push", Member("C01", email=None, phone=None, postal_code=None), True),
        ("email", Member("C01", phone=None, postal_code=None), True),
    ],
)
def test_reachability_needs_the_channel_contact_fields(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path, channel: str, member: Member, reachable: bool
) -> None:
    build_warehouse(conn, [member])
    counts = counts_of(export(conn, tmp_path, [audience("a", channel=channel)]), "a")
    assert (counts["exported"], counts["excluded"]["unreachable"]) == ((1, 0) if reachable else (0, 1))


def test_push_members_need_no_raw_customer_row(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    build_warehouse(conn, [Member("C01"), Member("C02")])
    conn.execute("delete from raw.customers where customer_id = 'C02'")
    push = export(conn, tmp_path, [audience("a", channel="push")])
    assert exported_ids(push, "a") == ["C01", "C02"]
    email = export(conn, tmp_path, [audience("b", channel="email")])
    assert exported_ids(email, "b") == ["C01"]
    assert counts_of(email, "b")["excluded"]["unreachable"] == 1


def test_contacts_come_from_the_raw_row_staging_keeps(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """Quarantined and invalid raw rows are not contact details, and never duplicate a member."""
    build_warehouse(conn, [Member("C01", email="  good@example.com "), Member("C02")])
    add_raw_customer(
        conn, Member("C01", email="old@example.com"), quarantine_reason="conflicting duplicate key"
    )
    add_raw_customer(conn, Member("C02", email="bad@example.com"), invalid_columns="signup_date")
    run = export(conn, tmp_path, [audience("a")])
    rows = duckdb.execute(
        "select customer_id, email from read_csv(?, header = true) order by all", [str(run.folder / "a.csv")]
    ).fetchall()
    assert rows == [("C01", "good@example.com"), ("C02", "c02@example.com")]


def test_a_customer_id_with_two_surviving_raw_rows_is_unreachable(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """Two different rows for one id (after trimming) are a conflict: no address is trusted."""
    build_warehouse(conn, [Member("C01"), Member("C02")])
    add_raw_customer(conn, Member(" C02", email="other@example.com"))
    run = export(conn, tmp_path, [audience("a")])
    assert exported_ids(run, "a") == ["C01"]
    assert counts_of(run, "a")["excluded"]["unreachable"] == 1


def test_a_list_of_segments_exports_each_member_once(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    build_warehouse(
        conn,
        [
            Member("C01", segments={"rfm": "at_risk"}),
            Member("C02", segments={"rfm": "cannot_lose_them"}),
            Member("C03", segments={"rfm": "champions"}),
        ],
    )
    conn.execute("insert into segments.segment_membership values ('C01', 'interest', 'outdoor')")
    conn.execute("insert into segments.segment_membership values ('C01', 'interest', 'sports')")
    rfm = export(conn, tmp_path, [audience("a", segments=["at_risk", "cannot_lose_them"])])
    assert exported_ids(rfm, "a") == ["C01", "C02"]
    interest = export(conn, tmp_path, [audience("b", family="interest", segments=["sports", "outdoor"])])
    segments = duckdb.execute("select segment from read_parquet(?)", [str(interest.folder / "b.parquet")])
    assert segments.fetchall() == [("outdoor|sports",)]


def test_max_members_keeps_the_highest_predicted_value(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    build_warehouse(
        conn,
        [
            Member("C01", predicted_clv_12m=50.0),
            Member("C02", predicted_clv_12m=None),
            Member("C03", predicted_clv_12m=300.0),
            Member("C04", predicted_clv_12m=200.0),
            Member("C05", predicted_clv_12m=200.0),
            Member("C06", predicted_clv_12m=900.0, consent={"email": False}),
        ],
    )
    run = export(conn, tmp_path, [audience("top", max_members=3)])
    assert exported_ids(run, "top") == ["C03", "C04", "C05"]
    assert counts_of(run, "top")["excluded"] == {**NO_EXCLUSIONS, "no_consent": 1, "over_max_members": 2}


def test_max_members_breaks_ties_by_customer_id_and_puts_unknown_value_last(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    build_warehouse(
        conn,
        [
            Member("C01", predicted_clv_12m=50.0),
            Member("C02", predicted_clv_12m=None),
            Member("C03", predicted_clv_12m=200.0),
            Member("C04", predicted_clv_12m=200.0),
        ],
    )
    run = export(
        conn,
        tmp_path,
        [audience("first", max_members=1), audience("rest", max_members=2)],
        cap=ContactCap(1, 7),
    )
    assert exported_ids(run, "first") == ["C03"]
    assert exported_ids(run, "rest") == ["C01", "C04"]
    assert counts_of(run, "rest")["excluded"] == {**NO_EXCLUSIONS, "capped": 1, "over_max_members": 1}
