"""The daily refresh end to end on generated data, checked against docs/contract.md §3."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd

from loyalty_demo_data import generate
from orchestration.lib.segmentation.families import project_families
from tests.conftest import REFRESHED_CUSTOMERS, run_daily_refresh
from tests.contract_doc import PUBLISHED_TABLES, documented_tables
from tests.serving_files import fingerprint

CUSTOMERS = REFRESHED_CUSTOMERS
AS_OF = "2026-06-30"


def serving_query(workdir: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(workdir / "serving" / "loyalty.duckdb"), read_only=True) as conn:
        return conn.execute(sql).df()


def test_the_serving_database_holds_exactly_the_documented_tables_columns_and_types(refreshed):
    published = serving_query(
        refreshed,
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = 'main' order by table_name, ordinal_position",
    )
    tables = {
        table: list(zip(columns["column_name"], columns["data_type"], strict=True))
        for table, columns in published.groupby("table_name")
    }
    documented = documented_tables(PUBLISHED_TABLES)
    assert tables == {table: list(columns.items()) for table, columns in documented.items()}


def test_customer_features_has_one_row_per_customer(refreshed):
    features = serving_query(refreshed, "select * from customer_features")
    assert len(features) == CUSTOMERS
    assert features["customer_id"].is_unique
    required = {"customer_id", "as_of_date", "recency_days", "frequency", "monetary", "tenure_days"}
    assert required <= set(features.columns)
    assert features["as_of_date"].nunique() == 1


def test_features_obey_their_definitions(refreshed):
    features = serving_query(refreshed, "select * from customer_features")
    buyers = features[features["frequency"] > 0]
    assert (buyers["recency_days"] >= 0).all()
    assert (features["monetary"] >= 0).all()
    assert features.loc[features["frequency"] == 0, "recency_days"].isna().all()
    assert (buyers["recency_days"] <= buyers["tenure_days"]).all()


def test_no_personal_data_is_published(refreshed):
    with duckdb.connect(str(refreshed / "serving" / "loyalty.duckdb"), read_only=True) as conn:
        tables = [row[0] for row in conn.execute("show tables").fetchall()]
        for table in tables:
            columns = {row[0] for row in conn.execute(f'describe "{table}"').fetchall()}
            assert not columns & {"email", "phone"}, table
            text = conn.execute(f'select * from "{table}"').df().astype(str)
            assert not text.apply(lambda col: col.str.contains("@example.com")).any().any(), table


def test_publish_info_and_parquet_match_the_database(refreshed):
    info = serving_query(refreshed, "select * from publish_info")
    assert len(info) == 1
    assert {"as_of_date", "published_at", "run_id", "customer_features_rows"} <= set(info.columns)
    assert info.loc[0, "customer_features_rows"] == CUSTOMERS
    for table in ("customer_features", "publish_info", "quarantine_summary"):
        parquet = pd.read_parquet(refreshed / "serving" / "parquet" / f"{table}.parquet")
        assert len(parquet) == len(serving_query(refreshed, f"select * from {table}")), table
    quarantine = serving_query(refreshed, "select * from quarantine_summary")
    assert list(quarantine.columns) == ["table_name", "reason", "rows"]
    assert pd.isna(info.loc[0, "previous_as_of_date"]) and not info.loc[0, "moved_backwards"]


def test_the_published_runs_data_docs_switch_with_its_marts(refreshed):
    serving = refreshed / "serving"
    release = (serving / "current").resolve()
    for name in ("loyalty.duckdb", "parquet", "quality_docs"):
        assert (serving / name).resolve() == release / name
    run_id = serving_query(refreshed, "select run_id from publish_info").iloc[0, 0]
    run_docs = refreshed / "quality_docs" / run_id
    assert (serving / "quality_docs" / "index.html").read_bytes() == (run_docs / "index.html").read_bytes()
    assert (serving / "quality_docs" / "published__customer_features" / "index.html").is_file()


def test_orders_after_the_as_of_date_change_nothing(tmp_path):
    base = tmp_path / "base"
    generate(base / "raw", customers=400, seed=11, fmt="csv")
    later = tmp_path / "later"
    shutil.copytree(base / "raw", later / "raw")
    orders = pd.read_csv(later / "raw" / "orders.csv", dtype=str)
    future = orders.head(200).copy()
    future["order_id"] = "F" + future["order_id"]
    future["order_ts"] = "2026-07-15 12:00:00"
    pd.concat([orders, future]).to_csv(later / "raw" / "orders.csv", index=False)

    for workdir in (base, later):
        assert run_daily_refresh(workdir, workdir / "raw", LOYALTY_AS_OF=AS_OF).success
    query = "select * from customer_features order by customer_id"
    pd.testing.assert_frame_equal(serving_query(base, query), serving_query(later, query))
    assert str(serving_query(later, "select as_of_date from publish_info").iloc[0, 0])[:10] == AS_OF


def test_table_level_fault_fails_the_run_and_leaves_the_serving_folder_byte_identical(refreshed, tmp_path):
    shutil.copytree(refreshed / "serving", tmp_path / "serving", symlinks=True)
    shutil.copytree(refreshed / "raw", tmp_path / "raw")
    orders = pd.read_csv(tmp_path / "raw" / "orders.csv", dtype=str).drop(columns=["amount"])
    orders.to_csv(tmp_path / "raw" / "orders.csv", index=False)
    before = fingerprint(tmp_path / "serving")

    result = run_daily_refresh(tmp_path, tmp_path / "raw")

    assert not result.success
    failures = " ".join(
        str(event.event_specific_data.error) for event in result.all_events if event.is_step_failure
    )
    assert "orders.csv" in failures and "'amount'" in failures
    assert not [event for event in result.all_events if event.event_type_value == "STEP_UP_FOR_RETRY"]
    assert fingerprint(tmp_path / "serving") == before


RFM_SEGMENTS = {
    "champions", "loyal_customers", "potential_loyalists", "new_customers", "promising", "need_attention",
    "about_to_sleep", "at_risk", "cannot_lose_them", "hibernating", "lost", "prospect",
}  # fmt: skip
SINGLE_VALUE_FAMILIES = ("rfm", "loyalty_status", "behavior_cluster", "loyalty_tier")
OTHER_FAMILIES = ("age_band", "gender", "country", "preferred_channel", "campaign_response", "psychographic")


def test_customer_segments_follow_the_contract(refreshed):
    segments = serving_query(refreshed, "select * from customer_segments")
    assert len(segments) == CUSTOMERS and segments["customer_id"].is_unique
    buyers = segments["frequency"] > 0
    for score in ("r_score", "f_score", "m_score"):
        assert segments.loc[buyers, score].between(1, 5).all()
        assert segments.loc[~buyers, score].isna().all()
    assert set(segments["rfm_segment"]) <= RFM_SEGMENTS
    assert (segments["rfm_segment"] == "prospect").eq(~buyers).all()
    assert set(segments["loyalty_status"]) <= {"prospect", "new", "loyal", "casual", "at_risk", "lapsed"}
    assert segments["win_back_candidate"].dtype == bool
    assert segments.loc[buyers, "behavior_cluster"].notna().all()
    assert segments.loc[~buyers, "behavior_cluster"].isna().all()


def test_customer_scores_follow_the_contract(refreshed):
    scores = serving_query(refreshed, "select * from customer_scores")
    assert len(scores) == CUSTOMERS and scores["customer_id"].is_unique
    assert scores["loyalty_score"].between(0, 100).all()
    assert set(scores["loyalty_tier"]) == {"bronze", "silver", "gold", "platinum"}
    scored = scores["p_alive"].notna()
    assert scored.mean() > 0.8
    assert scores.loc[scored, "p_alive"].between(0, 1).all()
    assert (scores.loc[scored, "expected_orders_90d"] >= 0).all()
    assert (scores.loc[scored, "predicted_clv_12m"] >= 0).all()
    assert set(scores.loc[scored, "churn_risk"]) <= {"low", "medium", "high"}
    params = serving_query(refreshed, "select * from clv_model_params")
    assert sorted(zip(params["model"], params["parameter"], strict=True)) == sorted(
        [("bg_nbd", p) for p in ("r", "alpha", "a", "b")] + [("gamma_gamma", p) for p in ("p", "q", "v")]
    )
    assert (params["value"] > 0).all() and set(params["time_unit"]) <= {"day", "week"}


def test_clv_scores_give_every_buyer_the_scores_of_his_distinct_history(refreshed):
    """The fit step scores distinct histories only; dbt's clv_scores joins every buyer to one."""
    with duckdb.connect(str(refreshed / "warehouse" / "loyalty.duckdb"), read_only=True) as conn:
        buyers, histories, covered, scored = conn.execute(
            "select (select count(*) from marts.customer_btyd_summary),"
            " (select count(*) from segments.clv_history_scores),"
            " (select sum(customers) from segments.clv_history_scores),"
            " (select count(*) from segments.clv_scores where p_alive is not null)"
        ).fetchone()
    assert histories < buyers == covered == scored


def test_segment_membership_has_every_family(refreshed):
    counts = serving_query(
        refreshed,
        "select segment_family, count(*) as rows, count(distinct customer_id) as customers "
        "from segment_membership group by 1",
    ).set_index("segment_family")
    for family in SINGLE_VALUE_FAMILIES:
        assert counts.loc[family, "rows"] == counts.loc[family, "customers"] == CUSTOMERS, family
    for family in OTHER_FAMILIES:
        assert counts.loc[family, "customers"] == CUSTOMERS, family
    rules = [family for family in counts.index if family.startswith("rule:")]
    assert "rule:lapsed_high_spenders_emailable" in rules
    assert set(counts.index) - set(rules) == set(project_families())
    assert (counts["rows"] == CUSTOMERS).all()  # one row per member per family, rules included
    summary = serving_query(refreshed, "select * from segment_summary")
    shares = summary.groupby("segment_family")["share_of_customers"].sum()
    assert shares[list(SINGLE_VALUE_FAMILIES)].round(6).eq(1).all()
    assert summary["share_of_revenue_12m"].between(0, 1).all()


def test_planted_behaviours_are_recognised(refreshed):
    segments = serving_query(refreshed, "select * from customer_segments")
    personas = pd.read_csv(refreshed / "raw" / "_demo" / "personas.csv")
    joined = segments.merge(personas, on="customer_id")

    def share(persona: str, column: str, values: set) -> float:
        members = joined[joined["persona"] == persona]
        return members[column].isin(values).mean()

    assert share("loyal", "loyalty_status", {"loyal"}) > 0.8
    assert share("loyal", "rfm_segment", {"champions", "loyal_customers"}) > 0.8
    assert share("lapsed", "loyalty_status", {"lapsed"}) > 0.8
    assert share("at_risk", "loyalty_status", {"at_risk"}) > 0.7
    assert share("new", "loyalty_status", {"new"}) > 0.8
    assert share("declining_high_value", "win_back_candidate", {True}) > 0.7
    assert share("prospect", "rfm_segment", {"prospect"}) > 0.95
    assert share("casual", "win_back_candidate", {True}) < 0.05


def test_history_kpis_and_campaigns_are_published_for_the_as_of_date(refreshed):
    membership = serving_query(refreshed, "select count(*) as n from segment_membership")["n"].iloc[0]
    current = serving_query(refreshed, "select count(*) as n from segment_history where valid_to is null")
    assert current["n"].iloc[0] == membership
    assert serving_query(refreshed, "select * from segment_transitions").empty  # a single as-of so far
    kpis = serving_query(refreshed, "select * from segment_kpis")
    assert kpis["as_of_date"].nunique() == 1
    assert kpis.loc[kpis["segment_family"] == "all", "members"].tolist() == [CUSTOMERS]
    campaigns = serving_query(
        refreshed, "select * from campaign_performance where segment_family = 'all' and control_members > 0"
    )
    assert not campaigns.empty
    assert (campaigns["uplift_ci_low"] <= campaigns["uplift"]).all()
    assert (campaigns["uplift"] <= campaigns["uplift_ci_high"]).all()


def exported_contacts(workdir: Path) -> pd.DataFrame:
    [folder] = (workdir / "exports").iterdir()
    return pd.concat([pd.read_parquet(path) for path in sorted(folder.glob("*.parquet"))])


def test_exports_hold_only_consented_reachable_members_under_the_cap(refreshed):
    contacts = exported_contacts(refreshed)
    assert not contacts.empty
    features = serving_query(refreshed, "select * from customer_features").set_index("customer_id")
    for channel, members in contacts.groupby("channel"):
        flags = features.loc[members["customer_id"]]
        assert flags[f"has_{channel}_consent"].all(), channel
        assert not flags[f"is_unsubscribed_{channel}"].any(), channel
        assert not flags[f"has_bounced_{channel}"].any(), channel
    emails = contacts[contacts["channel"] == "email"]
    assert emails["email"].str.contains("@").all()
    assert contacts.groupby(["customer_id", "channel"]).size().max() <= 2


def test_the_report_sits_next_to_the_marts_without_personal_data(refreshed):
    report = (refreshed / "serving" / "segment_report.html").read_text()
    as_of = str(serving_query(refreshed, "select as_of_date from publish_info").iloc[0, 0])[:10]
    assert as_of in report
    assert "@example.com" not in report
    assert (refreshed / "serving" / "reports" / f"segment_report_{as_of}.html").is_file()
