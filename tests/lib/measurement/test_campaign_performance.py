"""Campaign performance on hand-made campaigns: counts, windows, segment basis, the written table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import duckdb
import pandas as pd
import pytest

from orchestration.lib.measurement.campaign_performance import (
    CAMPAIGN_PERFORMANCE,
    COLUMNS,
    CampaignPerformanceConfig,
    measure_campaign_performance,
    significant_uplifts,
    write_campaign_performance,
)
from tests.lib.measurement.tables import channel_responses, create_table, segment_membership

AS_OF = date(2024, 3, 31)
CAMPAIGNS = [
    ("C1", "spring promo", "email", "promo", date(2024, 3, 1)),
    ("C2", "late promo", "email", "promo", date(2024, 3, 25)),  # window runs past the as-of date
    ("C3", "april news", "email", "newsletter", date(2024, 4, 5)),  # sent after the as-of date
    ("C4", "quiet sms", "sms", "promo", date(2024, 2, 1)),  # nobody sent or held out
    ("C5", "letter", "mail", "promo", date(2024, 3, 10)),  # mail reports no deliveries
]
EVENTS = {
    "C1": {
        "t1": ["sent", "delivered", "opened", "clicked", "converted"],
        "t2": ["sent", "delivered", "opened"],
        "t3": ["sent", "bounced"],
        "t4": ["sent", "delivered", "unsubscribed"],
        "h1": ["holdout"],
        "h2": ["holdout"],
    },
    "C2": {"t1": ["sent", "delivered"], "t2": ["sent", "delivered"]},
    "C3": {"t1": ["sent"]},
    "C5": {"t1": ["sent", "converted"]},
}
ORDERS = [
    ("t1", date(2024, 3, 5), True),  # C1 buyer
    ("t1", date(2024, 3, 30), True),  # C2 buyer
    ("t2", date(2024, 3, 1), True),  # the send day itself: not attributed
    ("t2", date(2024, 3, 20), True),  # day 19 after C1's send: outside its 14 days
    ("t2", date(2024, 4, 2), True),  # in C2's window, but after the as-of date
    ("t3", date(2024, 3, 3), False),  # cancelled
    ("t4", date(2024, 3, 15), True),  # the window's last day, C1 buyer
    ("h1", date(2024, 3, 10), True),  # control buyer
]
MEMBERS = ["t1", "t2", "t3", "t4", "h1", "h2"]
TIER = {"t1": "gold", "t2": "gold", "h1": "gold", "t3": "silver", "t4": "silver", "h2": "silver"}
HISTORY_COLUMNS = {
    "customer_id": "varchar",
    "segment_family": "varchar",
    "segment": "varchar",
    "valid_from": "date",
    "valid_to": "date",
}


@pytest.fixture
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    campaign_columns = {
        "campaign_id": "varchar",
        "campaign_name": "varchar",
        "channel": "varchar",
        "campaign_type": "varchar",
        "sent_date": "date",
    }
    create_table(connection, "staging.stg_crm__campaigns", campaign_columns, CAMPAIGNS)
    sent = {campaign[0]: campaign[4] for campaign in CAMPAIGNS}
    events = [
        (campaign, customer, event, datetime.combine(sent[campaign], datetime.min.time()).replace(hour=9))
        for campaign, members in EVENTS.items()
        for customer, types in members.items()
        for event in types
    ]
    events.append(("C1", "t3", "opened", datetime(2024, 4, 2, 8)))  # after the as-of date
    event_columns = {"campaign_id": "varchar", "customer_id": "varchar", "event_type": "varchar"}
    create_table(
        connection, "staging.stg_crm__campaign_events", {**event_columns, "event_at": "timestamp"}, events
    )
    order_columns = {"customer_id": "varchar", "order_date": "date", "is_completed": "boolean"}
    create_table(connection, "staging.stg_crm__orders", order_columns, ORDERS)
    channel_responses(connection, [("t1", "email", 3, 2, 1, 1, 1), ("t1", "mail", 1, 0, 0, 0, 1)])
    segment_membership(
        connection,
        {
            "tier": TIER,
            "status": dict.fromkeys(MEMBERS, "active"),
            "late": dict.fromkeys(MEMBERS, "x"),
        },
    )
    yield connection
    connection.close()


def measure(conn: duckdb.DuckDBPyConnection, **settings: int) -> pd.DataFrame:
    return measure_campaign_performance(conn, AS_OF, CampaignPerformanceConfig(**settings))


def row(frame: pd.DataFrame, campaign: str, family: str = "all", segment: str = "all") -> pd.Series:
    match = frame[
        (frame["campaign_id"] == campaign)
        & (frame["segment_family"] == family)
        & (frame["segment"] == segment)
    ]
    assert len(match) == 1, (campaign, family, segment)
    return match.iloc[0]


def counts(series: pd.Series, columns: str) -> tuple:
    return tuple(series[column] for column in columns.split())


def test_overall_counts_rates_and_uplift(conn):
    c1 = row(measure(conn), "C1")
    # t3's open came after the as-of date; h1 and h2 are the holdout
    assert counts(c1, "targeted delivered opened clicked converted unsubscribed bounced") == (
        4,
        3,
        2,
        1,
        1,
        1,
        1,
    )
    assert (c1["open_rate"], c1["click_rate"], c1["conversion_rate"]) == (
        pytest.approx(2 / 3),
        pytest.approx(1 / 3),
        pytest.approx(1 / 3),
    )
    # t1 (day 4) and t4 (day 14) bought; t2 only on the send day and on day 19; h1 bought
    assert counts(c1, "control_members treated_buyers control_buyers") == (2, 2, 1)
    assert (c1["treated_order_rate"], c1["control_order_rate"], c1["uplift"]) == (0.5, 0.5, 0.0)
    assert c1["attribution_days"] == 14 and c1["window_complete"]
    assert c1["segment_basis"] == "at_send"


def test_only_campaigns_sent_by_the_as_of_date_each_with_an_overall_row(conn):
    frame = measure(conn)
    assert set(frame["campaign_id"]) == {"C1", "C2", "C4", "C5"}
    quiet = row(frame, "C4")
    assert counts(quiet, "targeted control_members treated_buyers") == (0, 0, 0)
    assert pd.isna(quiet["open_rate"]) and pd.isna(quiet["treated_order_rate"]) and pd.isna(quiet["uplift"])
    assert (frame["campaign_id"] == "C4").sum() == 1


def test_window_is_capped_at_the_as_of_date(conn):
    c2 = row(measure(conn), "C2")
    assert not c2["window_complete"]  # 25 March + 14 days > 31 March
    assert c2["treated_buyers"] == 1  # t1 on 30 March; t2's order of 2 April is after the as-of date
    assert c2["control_members"] == 0
    assert pd.isna(c2["uplift"]) and pd.isna(c2["uplift_ci_low"]) and pd.isna(c2["uplift_significant"])


def test_attribution_days_are_configurable(conn):
    frame = measure(conn, attribution_days=3)
    c1 = row(frame, "C1")
    assert c1["attribution_days"] == 3
    assert counts(c1, "treated_buyers control_buyers") == (0, 0)  # 2–4 March: no order
    assert row(frame, "C2")["window_complete"]  # 25 March + 3 days <= 31 March


def test_channels_without_delivery_tracking_are_rated_over_sent_messages(conn):
    letter = row(measure(conn), "C5")
    assert counts(letter, "targeted delivered converted") == (1, 0, 1)
    assert letter["conversion_rate"] == 1.0
    assert pd.isna(letter["open_rate"]) and pd.isna(letter["click_rate"])


def test_current_segments_without_history(conn):
    frame = measure(conn)
    assert set(frame["segment_basis"]) == {"current", "at_send"}
    assert set(frame.loc[frame["segment_family"] != "all", "segment_basis"]) == {"current"}
    gold, silver = row(frame, "C1", "tier", "gold"), row(frame, "C1", "tier", "silver")
    assert counts(gold, "targeted control_members treated_buyers control_buyers") == (2, 1, 1, 1)
    assert counts(silver, "targeted control_members treated_buyers control_buyers") == (2, 1, 1, 0)
    for family in ("tier", "status", "late"):
        segments = frame[(frame["campaign_id"] == "C1") & (frame["segment_family"] == family)]
        assert segments["targeted"].sum() == 4 and segments["control_members"].sum() == 2


def test_segments_at_send_where_history_covers_every_member(conn):
    """tier: t1 was silver until 15 March, gold since; everyone else as now, from 1 January.
    status: h2 has no history, so C1 falls back to current membership for that family.
    late: history starts on 1 March, C1's send day; segments at send are those of the day
    before, so C1 uses current membership, C2 (sent 25 March) the history."""
    start, switch = date(2024, 1, 1), date(2024, 3, 15)
    history = [(m, "tier", TIER[m], start, None) for m in MEMBERS if m != "t1"]
    history += [("t1", "tier", "silver", start, switch), ("t1", "tier", "gold", switch, None)]
    history += [(m, "status", "active", start, None) for m in MEMBERS if m != "h2"]
    history += [(m, "late", "x", date(2024, 3, 1), None) for m in MEMBERS]
    create_table(conn, "history.segment_history", HISTORY_COLUMNS, history)
    frame = measure(conn)

    gold, silver = row(frame, "C1", "tier", "gold"), row(frame, "C1", "tier", "silver")
    assert gold["segment_basis"] == silver["segment_basis"] == "at_send"
    assert counts(gold, "targeted control_members treated_buyers control_buyers") == (1, 1, 0, 1)
    assert counts(silver, "targeted control_members treated_buyers control_buyers") == (3, 1, 2, 0)
    assert row(frame, "C2", "tier", "gold")["targeted"] == 2  # t1 gold again by 24 March
    assert row(frame, "C1", "status", "active")["segment_basis"] == "current"
    assert row(frame, "C1", "late", "x")["segment_basis"] == "current"
    assert row(frame, "C2", "late", "x")["segment_basis"] == "at_send"


def test_written_table_keeps_column_order_and_date_types(conn):
    frame = measure(conn)
    assert write_campaign_performance(conn, frame) == len(frame)
    described = conn.execute(f"describe {CAMPAIGN_PERFORMANCE}").fetchall()
    assert [column[0] for column in described] == list(COLUMNS)
    types = {column[0]: column[1] for column in described}
    assert (types["sent_date"], types["uplift"], types["uplift_significant"]) == ("DATE", "DOUBLE", "BOOLEAN")
    c2 = conn.execute(
        f"select uplift, window_complete from {CAMPAIGN_PERFORMANCE} "
        "where campaign_id = 'C2' and segment_family = 'all'"
    ).fetchone()
    assert c2 == (None, False)


def test_significant_uplifts_lists_overall_rows_only():
    frame = pd.DataFrame(
        {
            "campaign_id": ["A", "A", "B", "C"],
            "campaign_name": ["a", "a", "b", "c"],
            "segment_family": ["all", "tier", "all", "all"],
            "uplift": [0.1, 0.2, 0.0, None],
            "uplift_ci_low": [0.05, 0.1, -0.1, None],
            "uplift_ci_high": [0.15, 0.3, 0.1, None],
            "uplift_significant": pd.array([True, True, False, None], dtype="boolean"),
            "window_complete": [True, True, True, False],
        }
    )
    assert significant_uplifts(frame) == [
        {"campaign_id": "A", "campaign_name": "a", "uplift": 0.1, "ci": [0.05, 0.15], "window_complete": True}
    ]


def test_attribution_days_must_be_positive():
    with pytest.raises(ValueError, match="attribution_days"):
        CampaignPerformanceConfig(attribution_days=0)
