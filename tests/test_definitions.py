"""The code location loads and holds the assets, job and schedule the README promises."""

from __future__ import annotations

from datetime import UTC, datetime

import dagster as dg

from orchestration.defs.partitions import AS_OF_PARTITIONS
from orchestration.lib.raw_schema import RAW_TABLES


def test_definitions_load_with_every_asset_job_and_schedule():
    from orchestration.definitions import defs

    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {f"crm/{table.name}" for table in RAW_TABLES} <= keys
    assert {
        "staging/stg_crm__orders",
        "marts/customer_features",
        "marts/customer_btyd_summary",
        "segments/clv_model_params",
        "segments/clv_history_scores",
        "segments/clv_scores",
        "published_marts",
        "segments/segment_history",
        "segments/segment_transitions",
        "segments/segment_kpis",
        "segments/campaign_performance",
        "activation/audience_exports",
        "reporting/segment_report",
    } <= keys
    assert defs.resolve_job_def("daily_refresh") is not None
    assert defs.resolve_schedule_def("daily_refresh_schedule").cron_schedule == "0 2 * * *"


def test_dbt_sources_hang_off_the_raw_assets():
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    parents = graph.get(dg.AssetKey(["staging", "stg_crm__orders"])).parent_keys
    assert dg.AssetKey(["crm", "orders"]) in parents


def test_clv_scores_are_a_dbt_model_over_the_fits_outputs():
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    parents = graph.get(dg.AssetKey(["segments", "clv_scores"])).parent_keys
    fits = {dg.AssetKey(["segments", "clv_model_params"]), dg.AssetKey(["segments", "clv_history_scores"])}
    assert fits <= parents
    assert graph.get(dg.AssetKey(["segments", "clv_history_scores"])).parent_keys == {
        dg.AssetKey(["marts", "customer_btyd_histories"])
    }


def test_dbt_tests_are_asset_checks():
    from orchestration.definitions import defs

    checks = defs.resolve_asset_graph().asset_check_keys
    assert any(check.asset_key == dg.AssetKey(["marts", "customer_features"]) for check in checks)


def test_schedule_refreshes_as_of_the_previous_day():
    from orchestration.definitions import defs

    schedule = defs.resolve_schedule_def("daily_refresh_schedule")
    context = dg.build_schedule_context(
        scheduled_execution_time=datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
        repository_def=defs.get_repository_def(),  # resolves the partition, as the daemon does
    )
    [request] = schedule.evaluate_tick(context).run_requests
    assert (request.partition_key, request.run_key) == ("2026-03-01", "2026-03-01")
    assert request.tags["dagster/partition"] == "2026-03-01"


def test_the_job_is_daily_partitioned_and_retries_steps():
    from orchestration.definitions import defs

    job = defs.resolve_job_def("daily_refresh")
    assert job.partitions_def == AS_OF_PARTITIONS
    assert job.op_retry_policy.max_retries >= 1
    assert {sensor.name for sensor in defs.sensors} == {
        "raw_landing_sensor",
        "alert_on_run_failure",
        "dead_run_sensor",
    }


def test_the_published_marts_carry_a_freshness_policy():
    from orchestration.definitions import defs

    policy = defs.resolve_asset_graph().get(dg.AssetKey("published_marts")).freshness_policy
    assert policy is not None
    assert policy.deadline_cron == "0 5 * * *"
