"""The daily refresh: one job over every asset, partitioned by as-of date, and its schedule."""

from datetime import UTC, datetime, timedelta

import dagster as dg

from orchestration.defs.failures import STEP_RETRY_POLICY

daily_refresh = dg.define_asset_job(
    name="daily_refresh",
    selection=dg.AssetSelection.all(),
    op_retry_policy=STEP_RETRY_POLICY,
    description=(
        "Load the landing folder, build and test the marts, publish them, then history, KPIs, "
        "exports and the report. A partition is an as-of date; a run without one (CLI) refreshes as of "
        "LOYALTY_AS_OF or the latest order."
    ),
)
"""The job's partitions are those of its dated outputs (orchestration/defs/partitions.py)."""


@dg.schedule(
    job=daily_refresh,
    cron_schedule="0 2 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every day at 02:00 UTC, refresh yesterday's partition (the last complete day).",
)
def daily_refresh_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """The partition of the day before the tick, the last complete day in UTC.

    A plain schedule rather than `build_schedule_from_partitioned_job`, which requests its runs
    through the deprecated `run_request_for_partition`.
    """
    tick = context.scheduled_execution_time or datetime.now(UTC)
    as_of = (tick.astimezone(UTC) - timedelta(days=1)).date().isoformat()
    return dg.RunRequest(run_key=as_of, partition_key=as_of)
