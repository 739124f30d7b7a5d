"""The metadata numbers read from the dbt-built segment_kpis and campaign_performance tables.

The tables' contents are pinned by the dbt unit tests in dbt_project/models/measurement.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import duckdb
import pytest

from orchestration.lib.measurement.summaries import (
    CAMPAIGN_PERFORMANCE,
    SEGMENT_KPIS,
    campaign_overview,
    kept_as_of_dates,
    top_segment_per_family,
)

AS_OF = date(2024, 6, 30)


@pytest.fixture
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    connection.execute("create schema history")
    connection.execute("create schema segments")
    connection.execute(
        f"create table {SEGMENT_KPIS} (as_of_date date, segment_family varchar, segment varchar,"
        " members bigint, revenue_12m decimal(38, 2))"
    )
    rows = [
        (AS_OF, "all", "all", 5, 980),
        (AS_OF, "tier", "gold", 2, 600),
        (AS_OF, "tier", "bronze", 2, 300),
        (AS_OF, "status", "new", 1, 80),
        (AS_OF, "status", "prospect", 1, 0),
        (date(2024, 5, 31), "tier", "bronze", 3, 900),  # another as-of date: not today's top
    ]
    connection.executemany(f"insert into {SEGMENT_KPIS} values (?, ?, ?, ?, ?)", rows)
    connection.execute(
        f"create table {CAMPAIGN_PERFORMANCE} (campaign_id varchar, campaign_name varchar, sent_date date,"
        " segment_family varchar, segment_basis varchar, control_members bigint, uplift double,"
        " uplift_ci_low double, uplift_ci_high double, uplift_significant boolean, window_complete boolean)"
    )
    campaigns = [
        ("A", "a", date(2024, 3, 1), "all", "at_send", 10, 0.1, 0.05, 0.15, True, True),
        ("A", "a", date(2024, 3, 1), "tier", "current", 5, 0.2, 0.1, 0.3, True, True),
        ("B", "b", date(2024, 3, 2), "all", "at_send", 10, 0.0, -0.1, 0.1, False, True),
        ("C", "c", date(2024, 3, 3), "all", "at_send", 0, None, None, None, None, False),
    ]
    connection.executemany(
        f"insert into {CAMPAIGN_PERFORMANCE} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", campaigns
    )
    yield connection
    connection.close()


def test_kept_as_of_dates_counts_all_rows_and_the_run_s(conn):
    assert kept_as_of_dates(conn, AS_OF) == (6, 5, 2)


def test_top_segment_per_family_has_the_highest_revenue(conn):
    top = top_segment_per_family(conn, AS_OF)
    assert list(zip(top["segment_family"], top["segment"], strict=True)) == [
        ("status", "new"),
        ("tier", "gold"),
    ]
    assert top.loc[top["segment"] == "gold", "share_of_revenue_12m"].item() == pytest.approx(0.612)


def test_campaign_overview_lists_significant_overall_uplifts_only(conn):
    overview = campaign_overview(conn)
    assert (overview["campaigns"], overview["campaigns_with_holdout"]) == (3, 2)
    assert overview["segment_basis"] == {"at_send": 3, "current": 1}
    assert overview["significant_uplifts"] == [
        {"campaign_id": "A", "campaign_name": "a", "uplift": 0.1, "ci": [0.05, 0.15], "window_complete": True}
    ]
