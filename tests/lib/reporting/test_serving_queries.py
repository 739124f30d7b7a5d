"""The report's SQL aggregations over a hand-built serving database."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.lib.reporting.serving_queries import (
    read_cluster_profiles,
    read_publish_info,
    read_rfm_grid,
    read_tier_mix,
    table_exists,
)
from tests.lib.reporting.serving_db import AS_OF, MEMBERS, PROSPECTS, RUN_ID, build_serving_db


@pytest.fixture
def conn() -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    build_serving_db(conn, with_transitions=False)
    return conn


def test_publish_info_and_member_count(conn):
    info = read_publish_info(conn)
    assert (info.as_of_date, info.run_id, info.members) == (AS_OF, RUN_ID, MEMBERS)


def test_table_exists(conn):
    assert table_exists(conn, "customer_segments")
    assert not table_exists(conn, "segment_transitions")


def test_rfm_grid_counts_buyers_per_cell(conn):
    grid = read_rfm_grid(conn)
    assert grid["members"].sum() == MEMBERS - PROSPECTS
    cell = grid[(grid["r_score"] == 1) & (grid["f_score"] == 1)].iloc[0]
    expected = conn.execute(
        "select count(*), avg(monetary) from customer_segments where r_score = 1 and f_score = 1"
    ).fetchone()
    assert (cell["members"], cell["mean_monetary"]) == (expected[0], pytest.approx(float(expected[1])))


def test_cluster_profiles_average_published_features_only(conn):
    profiles = read_cluster_profiles(conn)
    assert profiles["cluster"].tolist() == [0, 1, 2]
    assert profiles["members"].sum() == MEMBERS - PROSPECTS
    # spend_trend_ratio and campaign_open_rate are not in this serving database
    assert "spend_trend_ratio" not in profiles.columns and "campaign_open_rate" not in profiles.columns
    assert {"recency_days", "avg_order_value", "points_balance", "predicted_clv_12m"} <= set(profiles.columns)
    expected = conn.execute(
        """
        select avg(f.points_balance) from customer_segments s
        join customer_features f using (customer_id) where s.behavior_cluster = 1
        """
    ).fetchone()[0]
    assert profiles.loc[profiles["cluster"] == 1, "points_balance"].item() == pytest.approx(expected)


def test_tier_mix_counts_unscored_members_as_unknown(conn):
    mix = read_tier_mix(conn)
    assert mix["members"].sum() == MEMBERS
    unknown = mix[mix["churn_risk"] == "unknown"]
    assert unknown["members"].sum() == PROSPECTS
