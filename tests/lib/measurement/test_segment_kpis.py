"""Segment KPIs on four hand-made members, and how history.segment_kpis keeps as-of dates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import duckdb
import pytest

from orchestration.lib.measurement.segment_kpis import (
    KPIS,
    SEGMENT_KPIS,
    record_segment_kpis,
    top_segment_per_family,
)
from tests.lib.measurement.tables import channel_responses, create_table, segment_membership

AS_OF = date(2024, 6, 30)
FEATURE_COLUMNS = {
    "customer_id": "varchar",
    "as_of_date": "date",
    "orders_last_90d": "bigint",
    "orders_last_180d": "bigint",
    "orders_last_365d": "bigint",
    "revenue_last_365d": "decimal(38, 2)",
    "points_earned": "bigint",
    "points_redeemed": "bigint",
}
# a: bought in days 1–90 and 91–180 (retained), 5 purchase days; b: bought only in days
# 91–180 (not retained), one purchase day; c: bought only 181–365 days ago, 2 purchase days;
# d: a prospect; e: a new buyer of the last 90 days only (not in the retention base).
# Orders 90d / 180d / 365d, revenue 365d, points earned / redeemed.
FEATURES = {
    "a": (2, 3, 5, 500, 1000, 300),
    "b": (0, 1, 1, 100, 200, 0),
    "c": (0, 0, 2, 300, 0, 0),
    "d": (0, 0, 0, 0, 0, 0),
    "e": (1, 1, 1, 80, 100, 0),
}
PURCHASE_FREQUENCY = {"a": 4, "b": 0, "c": 1, "e": 0}  # BTYD frequency = purchase days - 1; d has no row


def build_features(conn: duckdb.DuckDBPyConnection, as_of: date, features: dict[str, tuple]) -> None:
    rows = [(customer, as_of, *values) for customer, values in features.items()]
    create_table(conn, "marts.customer_features", FEATURE_COLUMNS, rows)


@pytest.fixture
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    build_features(connection, AS_OF, FEATURES)
    create_table(
        connection,
        "marts.customer_btyd_summary",
        {"customer_id": "varchar", "frequency": "bigint"},
        list(PURCHASE_FREQUENCY.items()),
    )
    # email tracks delivery, opens, clicks and conversions; mail only conversions (rated
    # over sent letters); sms delivery and clicks; push has no events at all.
    channel_responses(
        connection,
        [
            ("a", "email", 4, 4, 2, 1, 0),
            ("b", "email", 2, 1, 1, 0, 1),
            ("a", "mail", 3, 0, 0, 0, 1),
            ("c", "sms", 2, 2, 0, 1, 0),
        ],
    )
    segment_membership(
        connection,
        {
            "tier": {"a": "gold", "b": "gold", "c": "bronze", "d": "bronze", "e": "silver"},
            "status": {"d": "prospect", "e": "new"},
        },
    )
    yield connection
    connection.close()


def kpis(conn: duckdb.DuckDBPyConnection, as_of: date = AS_OF) -> dict[tuple[str, str], dict]:
    cursor = conn.execute(f"select * from {SEGMENT_KPIS} where as_of_date = ?", [as_of])
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {(row["segment_family"], row["segment"]): row for row in rows}


def test_kpis_match_the_hand_computed_values(conn):
    assert record_segment_kpis(conn, AS_OF) == 6
    result = kpis(conn)
    tiers = {("tier", "gold"), ("tier", "bronze"), ("tier", "silver")}
    assert set(result) == {("all", "all"), *tiers, ("status", "prospect"), ("status", "new")}

    base = result[("all", "all")]
    assert (base["members"], base["buyers_12m"], base["orders_12m"]) == (5, 4, 9)
    assert float(base["revenue_12m"]) == 980.0
    assert base["avg_order_value_12m"] == pytest.approx(980 / 9)
    assert base["repeat_purchase_rate"] == pytest.approx(2 / 5)  # a and c have >= 2 purchase days
    assert base["retention_90d"] == pytest.approx(1 / 2)  # a and b bought in days 91–180, a again since
    assert base["points_redemption_rate"] == pytest.approx(300 / 1300)

    gold = result[("tier", "gold")]
    assert (gold["members"], gold["buyers_12m"], gold["orders_12m"]) == (2, 2, 6)
    assert gold["avg_order_value_12m"] == pytest.approx(600 / 6)
    assert gold["repeat_purchase_rate"] == pytest.approx(1 / 2)
    assert gold["retention_90d"] == pytest.approx(1 / 2)
    assert gold["points_redemption_rate"] == pytest.approx(300 / 1200)

    bronze = result[("tier", "bronze")]
    assert (bronze["members"], bronze["buyers_12m"], bronze["orders_12m"]) == (2, 1, 2)
    assert bronze["avg_order_value_12m"] == pytest.approx(300 / 2)
    assert bronze["repeat_purchase_rate"] == pytest.approx(1 / 2)
    assert result[("status", "new")]["retention_90d"] is None  # e bought in the last 90 days only


def test_zero_denominators_give_null(conn):
    record_segment_kpis(conn, AS_OF)
    result = kpis(conn)
    prospect = result[("status", "prospect")]
    assert (prospect["members"], prospect["buyers_12m"], prospect["orders_12m"]) == (1, 0, 0)
    assert prospect["repeat_purchase_rate"] == 0.0
    assert prospect["avg_order_value_12m"] is None  # no orders
    assert prospect["retention_90d"] is None  # nobody bought in days 91–180
    assert prospect["points_redemption_rate"] is None  # no points earned
    assert result[("tier", "bronze")]["retention_90d"] is None
    assert result[("tier", "bronze")]["points_redemption_rate"] is None


def test_channel_rates_use_delivered_or_sent_and_null_for_untracked_events(conn):
    record_segment_kpis(conn, AS_OF)
    result = kpis(conn)
    gold, bronze = result[("tier", "gold")], result[("tier", "bronze")]
    # email: 3 opens, 1 click, 1 conversion over 4 + 1 delivered
    assert (gold["email_open_rate"], gold["email_click_rate"], gold["email_conversion_rate"]) == (
        pytest.approx(3 / 5),
        pytest.approx(1 / 5),
        pytest.approx(1 / 5),
    )
    # mail reports no deliveries: its 1 conversion is over 3 sent letters; opens and clicks untracked
    assert gold["mail_conversion_rate"] == pytest.approx(1 / 3)
    assert gold["mail_open_rate"] is None and gold["mail_click_rate"] is None
    # sms: 1 click over 2 delivered; no sms open or conversion anywhere, so those are untracked
    assert bronze["sms_click_rate"] == pytest.approx(1 / 2)
    assert bronze["sms_open_rate"] is None and bronze["sms_conversion_rate"] is None
    # bronze received no email, and nobody any push: no base
    assert bronze["email_open_rate"] is None
    assert all(row[f"push_{rate}"] is None for row in result.values() for rate in ("open_rate", "click_rate"))
    assert result[("all", "all")]["email_open_rate"] == pytest.approx(3 / 5)


def test_rerunning_an_as_of_date_replaces_its_rows(conn):
    record_segment_kpis(conn, AS_OF)
    first = kpis(conn)
    assert record_segment_kpis(conn, AS_OF) == 6
    assert kpis(conn) == first
    build_features(conn, AS_OF, {**FEATURES, "d": (1, 1, 1, 50, 0, 0)})
    record_segment_kpis(conn, AS_OF)
    assert conn.execute(f"select count(*) from {SEGMENT_KPIS}").fetchone()[0] == 6
    assert kpis(conn)[("status", "prospect")]["buyers_12m"] == 1


def test_two_as_of_dates_are_kept_side_by_side(conn):
    record_segment_kpis(conn, AS_OF)
    first = kpis(conn)
    later = date(2024, 7, 31)
    build_features(conn, later, {**FEATURES, "a": (0, 0, 0, 0, 1000, 300)})
    record_segment_kpis(conn, later)
    assert kpis(conn, AS_OF) == first
    assert kpis(conn, later)[("tier", "gold")]["orders_12m"] == 1
    dates = conn.execute(f"select distinct as_of_date from {SEGMENT_KPIS} order by 1").fetchall()
    assert dates == [(AS_OF,), (later,)]


def test_a_failed_run_leaves_the_kept_rows_untouched(conn):
    record_segment_kpis(conn, AS_OF)
    first = kpis(conn)
    conn.execute("drop table segments.segment_membership")
    with pytest.raises(duckdb.CatalogException):
        record_segment_kpis(conn, AS_OF)
    assert kpis(conn) == first


def test_table_columns_are_the_key_then_every_kpi(conn):
    record_segment_kpis(conn, AS_OF)
    columns = [row[0] for row in conn.execute(f"describe {SEGMENT_KPIS}").fetchall()]
    assert columns == ["as_of_date", "segment_family", "segment", *(kpi.name for kpi in KPIS)]
    assert "mail_conversion_rate" in columns


def test_top_segment_per_family_has_the_highest_revenue(conn):
    record_segment_kpis(conn, AS_OF)
    top = top_segment_per_family(conn, AS_OF)
    assert list(zip(top["segment_family"], top["segment"], strict=True)) == [
        ("status", "new"),
        ("tier", "gold"),
    ]
    assert top.loc[top["segment"] == "gold", "share_of_revenue_12m"].item() == pytest.approx(0.612)
