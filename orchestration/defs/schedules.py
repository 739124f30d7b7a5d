"""The daily refresh: one job over every asset, partitioned by as-of date, and its schedule."""

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

daily_refresh_schedule = dg.build_schedule_from_partitioned_job(
    daily_refresh,
    name="daily_refresh_schedule",
    hour_of_day=2,
    minute_of_hour=0,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every day at 02:00 UTC, refresh yesterday's partition (the last complete day).",
)
