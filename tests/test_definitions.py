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
    for raw, model in (("orders", "base_crm__orders"), ("customers", "stg_crm__customers")):
        assert dg.AssetKey(["crm", raw]) in graph.get(dg.AssetKey(["staging", model])).parent_keys


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


def test_rule_segments_and_what_reads_them_are_one_dbt_selection_after_the_assembled_tables():
    """The rules are validated against customer_scores and customer_segments, so those are built first."""
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    keys = [
        dg.AssetKey(["segments", name]) for name in ("rule_segments", "segment_membership", "segment_summary")
    ]
    assert {defs.resolve_assets_def(key).node_def.name for key in keys} == {"loyalty_dbt_rule_segments"}
    assert {dg.AssetKey(["segments", "customer_scores"]), dg.AssetKey(["segments", "customer_segments"])} <= (
        graph.get(keys[0]).parent_keys
    )
    assert defs.resolve_assets_def(dg.AssetKey(["segments", "customer_scores"])).node_def.name == (
        "loyalty_dbt_assembled"
    )
    assert keys[0] in graph.get(keys[1]).parent_keys


def test_measurement_models_read_the_segments_and_their_history():
    """segment_kpis and campaign_performance are dbt models of the last dbt selection: their lineage
    reaches the Python steps they read through dbt sources mapped to those steps' asset keys."""
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    kpis = graph.get(dg.AssetKey(["segments", "segment_kpis"]))
    assert dg.AssetKey(["segments", "segment_membership"]) in kpis.parent_keys
    assert kpis.group_name == "measurement"
    counted = dg.AssetKey(["intermediate", "int_campaign_members_counted_to_segments"])
    assert counted in graph.get(dg.AssetKey(["segments", "campaign_performance"])).parent_keys
    assert dg.AssetKey(["segments", "segment_history"]) in graph.get(counted).parent_keys
