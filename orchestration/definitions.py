"""The code location: every asset, check, job, schedule, sensor and resource in one Definitions."""

import dagster as dg

from orchestration.defs.activation.audience_exports import audience_exports
from orchestration.defs.failure_alerts import alert_on_run_failure
from orchestration.defs.history.assets import segment_history, segment_transitions
from orchestration.defs.ingestion.quarantine import quarantine, quarantine_within_bad_row_threshold
from orchestration.defs.ingestion.raw_tables import raw_table_assets
from orchestration.defs.landing_sensor import raw_landing_sensor
from orchestration.defs.publishing.serving import published_marts
from orchestration.defs.quality import quality_checks
from orchestration.defs.reporting.segment_report import segment_report
from orchestration.defs.resources import RESOURCES
from orchestration.defs.run_guard import dead_run_sensor
from orchestration.defs.schedules import daily_refresh, daily_refresh_schedule
from orchestration.defs.scoring.clv import clv_models
from orchestration.defs.segmentation.cluster_model import behavior_cluster_model
from orchestration.defs.transform.dbt_models import (
    DbtVarsResource,
    loyalty_dbt_assembled,
    loyalty_dbt_models,
    loyalty_dbt_published,
    loyalty_dbt_rule_segments,
)
from orchestration.project import dbt_resource

defs = dg.Definitions(
    assets=[
        *raw_table_assets,
        quarantine,
        loyalty_dbt_models,
        loyalty_dbt_assembled,
        loyalty_dbt_rule_segments,
        loyalty_dbt_published,
        behavior_cluster_model,
        clv_models,
        segment_history,
        segment_transitions,
        published_marts,
        segment_report,
        audience_exports,
    ],
    asset_checks=[quarantine_within_bad_row_threshold, *quality_checks],
    jobs=[daily_refresh],
    schedules=[daily_refresh_schedule],
    sensors=[raw_landing_sensor, alert_on_run_failure, dead_run_sensor],
    resources={
        "dbt": dbt_resource(),
        **RESOURCES,
        "dbt_vars": DbtVarsResource(),
    },
    # DuckDB allows one writer process: steps of a run execute one after another
    # in the run's process (DuckDB and dbt parallelise inside each step).
    executor=dg.in_process_executor,
)
