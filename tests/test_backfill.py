"""A backfill of several daily partitions builds segment history, transitions and KPIs per as-of.

One planted member buys every week until 2026-08-01 and then stops: with the default
loyalty-status rules (at risk after 45 silent days for a weekly buyer) they are loyal as of
2026-09-14 and 2026-09-15 and at risk from 2026-09-16. The partitions run out of order (09-15 after
09-16) and 09-16 runs twice, as backfills and re-runs do: the first three runs are tagged as a
Dagster backfill, the last is an operator's ordinary re-run of the newest date. The backfill of
09-15 comes after 09-16 was published, so it must leave the serving folder as it was.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from loyalty_demo_data import generate
from tests.conftest import run_daily_refresh
from tests.serving_files import fingerprint

PLANTED = "C9999999"
LAST_ORDER = date(2026, 8, 1)
RUN_ORDER = ("2026-09-14", "2026-09-16", "2026-09-15", "2026-09-16")
AS_OF_DATES = sorted(set(RUN_ORDER))
BACKFILL_RUNS = 3
BACKFILL_TAGS = {"dagster/backfill": "test-backfill"}
OLDER_BACKFILL = 2
"""The run of 2026-09-15, after 2026-09-16 was published."""


@dataclass(frozen=True)
class Backfill:
    workdir: Path
    results: list[dg.ExecuteInProcessResult]
    serving_after: list[dict[str, str]]
    """The fingerprint of the serving folder after each run."""
    warehouse_kpi_dates_after: list[list[str]]
    warehouse_kpis_after: list[pd.DataFrame]
    """history.segment_kpis after each run, in key order."""


def plant_weekly_buyer(raw: Path) -> None:
    """Add a member with two years of weekly orders ending on LAST_ORDER."""
    customers = pd.read_csv(raw / "customers.csv", dtype=str)
    member = customers.iloc[[0]].assign(
        customer_id=PLANTED, signup_date="2024-07-01", email="planted@example.com"
    )
    pd.concat([customers, member]).to_csv(raw / "customers.csv", index=False)
    orders = pd.read_csv(raw / "orders.csv", dtype=str)
    days = [LAST_ORDER - timedelta(weeks=week) for week in range(104)]
    weekly = pd.DataFrame(
        {
            "order_id": [f"P{index:09d}" for index in range(len(days))],
            "customer_id": PLANTED,
            "order_ts": [f"{day} 12:00:00" for day in days],
            "amount": "80.00",
            "status": "completed",
            "channel": "store",
        }
    )
    pd.concat([orders, weekly]).to_csv(raw / "orders.csv", index=False)


@pytest.fixture(scope="module")
def backfill(tmp_path_factory: pytest.TempPathFactory) -> Backfill:
    workdir = tmp_path_factory.mktemp("backfill")
    generate(workdir / "raw", customers=300, seed=5, fmt="csv")
    plant_weekly_buyer(workdir / "raw")
    instance = dg.DagsterInstance.ephemeral()
    done = Backfill(workdir, [], [], [], [])
    for run, partition in enumerate(RUN_ORDER):
        tags = BACKFILL_TAGS if run < BACKFILL_RUNS else None
        result = run_daily_refresh(
            workdir, workdir / "raw", partition_key=partition, instance=instance, tags=tags
        )
        assert result.success, [event.message for event in result.all_events if event.is_failure]
        done.results.append(result)
        done.serving_after.append(fingerprint(workdir / "serving"))
        with duckdb.connect(str(workdir / "warehouse" / "loyalty.duckdb"), read_only=True) as conn:
            kpi_dates = conn.execute(
                "select distinct as_of_date::varchar from history.segment_kpis order by 1"
            )
            done.warehouse_kpi_dates_after.append([day for (day,) in kpi_dates.fetchall()])
            kpis = conn.execute("select * from history.segment_kpis order by all")
            done.warehouse_kpis_after.append(kpis.df())
    return done


@pytest.fixture(scope="module")
def backfilled(backfill: Backfill) -> Path:
    return backfill.workdir


def serving(workdir: Path, sql: str, *params: object) -> pd.DataFrame:
    with duckdb.connect(str(workdir / "serving" / "loyalty.duckdb"), read_only=True) as conn:
        return conn.execute(sql, list(params)).df()


def test_history_shows_exactly_the_move_from_loyal_to_at_risk(backfilled):
    history = serving(
        backfilled,
        "select segment, valid_from, valid_to from segment_history "
        "where customer_id = ? and segment_family = 'loyalty_status' order by valid_from",
        PLANTED,
    )
    assert history["segment"].tolist() == ["loyal", "at_risk"]
    assert [str(day)[:10] for day in history["valid_from"]] == ["2026-09-14", "2026-09-16"]
    assert str(history["valid_to"].iloc[0])[:10] == "2026-09-16"
    assert pd.isna(history["valid_to"].iloc[1])


def test_history_intervals_never_overlap_and_cover_each_as_of_once(backfilled):
    overlaps = serving(
        backfilled,
        "select count(*) as n from segment_history as a join segment_history as b "
        "using (customer_id, segment_family) where a.valid_from < b.valid_from "
        "and coalesce(a.valid_to, date '9999-12-31') > b.valid_from",
    )
    assert overlaps["n"].iloc[0] == 0
    for as_of in AS_OF_DATES:
        per_member = serving(
            backfilled,
            "select customer_id, segment_family, count(*) as n from segment_history "
            "where valid_from <= cast(? as date) and coalesce(valid_to, date '9999-12-31') > cast(? as date) "
            "group by all having count(*) > 1",
            as_of,
            as_of,
        )
        assert per_member.empty, as_of


def test_transitions_count_the_move_between_consecutive_as_of_dates(backfilled):
    transitions = serving(
        backfilled, "select * from segment_transitions where segment_family = 'loyalty_status'"
    )
    assert sorted({str(day)[:10] for day in transitions["as_of_date"]}) == AS_OF_DATES[1:]
    latest = transitions[transitions["as_of_date"].astype(str).str[:10] == "2026-09-16"]
    assert set(latest["previous_as_of_date"].astype(str).str[:10]) == {"2026-09-15"}
    moved = latest[(latest["from_segment"] == "loyal") & (latest["to_segment"] == "at_risk")]
    assert moved["customers"].sum() >= 1
    members = serving(backfilled, "select count(*) as n from customer_segments")["n"].iloc[0]
    assert latest["customers"].sum() == members


def test_customer_segments_carry_the_previous_status(backfilled):
    member = serving(backfilled, "select * from customer_segments where customer_id = ?", PLANTED).iloc[0]
    assert member["loyalty_status"] == "at_risk"
    assert member["previous_loyalty_status"] == "loyal"
    assert str(member["segment_changed_at"])[:10] == "2026-09-16"


def test_kpis_are_kept_per_as_of_date(backfilled):
    kpis = serving(backfilled, "select * from segment_kpis")
    assert sorted({str(day)[:10] for day in kpis["as_of_date"]}) == AS_OF_DATES
    base = kpis[kpis["segment_family"] == "all"]
    assert len(base) == len(AS_OF_DATES)
    assert (base["members"] == 301).all()


def kpis_of(kpis: pd.DataFrame, as_of: str) -> pd.DataFrame:
    return kpis[kpis["as_of_date"].astype(str).str[:10] == as_of].reset_index(drop=True)


def test_a_run_replaces_the_kpis_of_its_own_as_of_date_only(backfill):
    """The dbt model segment_kpis is incremental: the backfill of 09-15 after 09-16 adds its date and
    leaves the others as they were; the re-run of 09-16 gives the same rows, not a second set."""
    first, *_, last = backfill.warehouse_kpis_after
    pd.testing.assert_frame_equal(kpis_of(last, "2026-09-14"), kpis_of(first, "2026-09-14"))
    after_16, after_15 = backfill.warehouse_kpis_after[1], backfill.warehouse_kpis_after[OLDER_BACKFILL]
    pd.testing.assert_frame_equal(kpis_of(after_15, "2026-09-16"), kpis_of(after_16, "2026-09-16"))
    pd.testing.assert_frame_equal(kpis_of(last, "2026-09-16"), kpis_of(after_16, "2026-09-16"))
    assert len(last) == sum(len(kpis_of(last, as_of)) for as_of in AS_OF_DATES)


def test_only_the_run_outside_the_backfill_exported_audiences(backfilled):
    assert [folder.name for folder in (backfilled / "exports").iterdir()] == ["2026-09-16"]
    with duckdb.connect(str(backfilled / "warehouse" / "loyalty.duckdb"), read_only=True) as conn:
        (sent_on,) = conn.execute("select distinct as_of_date from history.contact_log").fetchall()
    assert str(sent_on[0]) == "2026-09-16"


def test_a_backfill_older_than_the_publish_leaves_the_serving_folder_as_it_was(backfill):
    before, after = backfill.serving_after[OLDER_BACKFILL - 1], backfill.serving_after[OLDER_BACKFILL]
    dated = "reports/segment_report_2026-09-15.html"
    assert dated not in before
    assert {name: entry for name, entry in after.items() if name != dated} == before
    assert serving(backfill.workdir, "select as_of_date::varchar as d from publish_info")["d"].tolist() == [
        "2026-09-16"
    ]
    report = (backfill.workdir / "serving" / dated).read_text()
    assert "as of 2026-09-15" in report and "as of 2026-09-16" not in report
    assert not any((backfill.workdir / "warehouse" / "loyalty.duckdb.unpublished").iterdir())


def test_the_older_backfill_still_adds_its_date_to_the_warehouse_history(backfill):
    assert backfill.warehouse_kpi_dates_after[OLDER_BACKFILL - 1] == ["2026-09-14", "2026-09-16"]
    assert backfill.warehouse_kpi_dates_after[OLDER_BACKFILL] == AS_OF_DATES
    with duckdb.connect(str(backfill.workdir / "warehouse" / "loyalty.duckdb"), read_only=True) as conn:
        dates = conn.execute("select as_of_date::varchar from history.segment_history_dates order by 1")
        assert [day for (day,) in dates.fetchall()] == AS_OF_DATES


def test_published_marts_says_which_runs_published(backfill):
    outcomes = []
    for result in backfill.results:
        [event] = [
            e for e in result.get_asset_materialization_events() if e.asset_key.path == ["published_marts"]
        ]
        metadata = event.materialization.metadata
        outcomes.append((metadata["published"].value, metadata["moved_backwards"].value))
        if not metadata["published"].value:
            assert "kept the newer publish of 2026-09-16 because this backfill" in metadata["outcome"].value
    assert outcomes == [(True, False), (True, False), (False, False), (True, False)]


def test_an_ordinary_run_of_an_older_date_publishes_and_says_it_moved_back(backfilled, tmp_path):
    workdir = tmp_path / "copy"
    shutil.copytree(backfilled, workdir, symlinks=True)
    instance = dg.DagsterInstance.ephemeral()
    result = run_daily_refresh(workdir, workdir / "raw", instance=instance, LOYALTY_AS_OF="2026-09-15")
    assert result.success
    info = serving(
        workdir, "select as_of_date::varchar as a, previous_as_of_date::varchar as p, * from publish_info"
    )
    assert (info.loc[0, "a"], info.loc[0, "p"], info.loc[0, "moved_backwards"]) == (
        "2026-09-15",
        "2026-09-16",
        True,
    )
    warnings = [
        entry.user_message for entry in instance.all_logs(result.run_id) if entry.level == logging.WARNING
    ]
    assert any("moving the serving as-of back from 2026-09-16" in message for message in warnings), warnings
