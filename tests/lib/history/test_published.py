"""The change columns of the published customer_segments, read from the history."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from orchestration.lib.history.published import CHANGE_COLUMNS, PUBLISHED_CUSTOMER_SEGMENTS_SQL
from tests.lib.history.snapshots import day, run_date


@pytest.fixture
def conn() -> duckdb.DuckDBPyConnection:
    with duckdb.connect() as connection:
        connection.execute("create schema segments")
        yield connection


def publish_as_of(conn: duckdb.DuckDBPyConnection, as_of: date, statuses: dict[str, tuple[str, str]]) -> None:
    """Run the as-of date (rfm segment and loyalty status per member) and rebuild customer_segments."""
    run_date(
        conn,
        as_of,
        {
            (customer, family): segment
            for customer, pair in statuses.items()
            for family, segment in zip(("rfm", "loyalty_status"), pair, strict=True)
        },
    )
    conn.execute(
        "create or replace table segments.customer_segments "
        "(customer_id varchar, as_of_date date, rfm_segment varchar, loyalty_status varchar)"
    )
    conn.executemany(
        "insert into segments.customer_segments values (?, ?, ?, ?)",
        [(customer, as_of, *pair) for customer, pair in statuses.items()],
    )


def published(conn: duckdb.DuckDBPyConnection) -> dict[str, dict[str, object]]:
    cursor = conn.execute(PUBLISHED_CUSTOMER_SEGMENTS_SQL)
    columns = [column[0] for column in cursor.description]
    return {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}


def test_every_segment_column_is_kept_and_the_change_columns_added(conn):
    publish_as_of(conn, day(5), {"c1": ("champions", "loyal")})
    assert list(published(conn)["c1"]) == [
        "customer_id",
        "as_of_date",
        "rfm_segment",
        "loyalty_status",
        *CHANGE_COLUMNS,
    ]


def test_a_member_going_from_loyal_to_at_risk(conn):
    publish_as_of(conn, day(5), {"c1": ("champions", "loyal"), "c2": ("lost", "lapsed")})
    publish_as_of(conn, day(6), {"c1": ("champions", "loyal"), "c2": ("lost", "lapsed")})
    publish_as_of(conn, day(7), {"c1": ("champions", "at_risk"), "c2": ("lost", "lapsed")})
    row = published(conn)["c1"]
    assert row["previous_loyalty_status"] == "loyal"
    assert row["loyalty_status_since"] == day(7)
    assert row["segment_changed_at"] == day(7)
    assert row["previous_rfm_segment"] is None
    assert row["rfm_segment_since"] == day(5)


def test_a_member_who_never_changed_has_no_previous_values(conn):
    publish_as_of(conn, day(5), {"c1": ("champions", "loyal"), "c2": ("lost", "lapsed")})
    publish_as_of(conn, day(7), {"c1": ("champions", "at_risk"), "c2": ("lost", "lapsed")})
    row = published(conn)["c2"]
    assert (row["previous_rfm_segment"], row["previous_loyalty_status"], row["segment_changed_at"]) == (
        None,
        None,
        None,
    )
    assert (row["rfm_segment_since"], row["loyalty_status_since"]) == (day(5), day(5))


def test_changed_at_is_the_later_of_the_two_families_changes(conn):
    publish_as_of(conn, day(5), {"c1": ("champions", "loyal")})
    publish_as_of(conn, day(6), {"c1": ("at_risk", "loyal")})
    publish_as_of(conn, day(8), {"c1": ("at_risk", "at_risk")})
    row = published(conn)["c1"]
    assert (row["previous_rfm_segment"], row["rfm_segment_since"]) == ("champions", day(6))
    assert row["segment_changed_at"] == day(8)


def test_a_member_back_after_a_gap_has_no_previous_value(conn):
    publish_as_of(conn, day(5), {"c1": ("champions", "loyal"), "c2": ("lost", "lapsed")})
    publish_as_of(conn, day(6), {"c2": ("lost", "lapsed")})
    publish_as_of(conn, day(7), {"c1": ("lost", "lapsed"), "c2": ("lost", "lapsed")})
    row = published(conn)["c1"]
    assert (row["previous_rfm_segment"], row["rfm_segment_since"], row["segment_changed_at"]) == (
        None,
        day(7),
        None,
    )


def test_the_current_interval_is_the_one_containing_the_published_as_of_date(conn):
    publish_as_of(conn, day(5), {"c1": ("champions", "loyal")})
    publish_as_of(conn, day(7), {"c1": ("champions", "at_risk")})
    publish_as_of(conn, day(6), {"c1": ("champions", "loyal")})  # a backfill published last
    row = published(conn)["c1"]
    assert (row["previous_loyalty_status"], row["loyalty_status_since"], row["segment_changed_at"]) == (
        None,
        day(5),
        None,
    )


def test_members_without_history_get_nulls(conn):
    publish_as_of(conn, day(5), {"c1": ("champions", "loyal")})
    conn.execute("insert into segments.customer_segments values ('c9', ?, 'prospect', 'prospect')", [day(5)])
    assert {published(conn)["c9"][column] for column in CHANGE_COLUMNS} == {None}
