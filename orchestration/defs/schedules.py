"""The daily refresh: one job over every asset, and its schedule."""

from datetime import timedelta

import dagster as dg

from orchestration.lib.as_of import AS_OF_TAG

DAILY_REFRESH_CRON = "0 2 * * *"

daily_refresh = dg.define_asset_job(
    name="daily_refresh",
    selection=dg.AssetSelection.all(),
    description="Load the landing folder, build and test the marts, publish them.",
)


@dg.schedule(
    job=daily_refresh,
    cron_schedule=DAILY_REFRESH_CRON,
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def daily_refresh_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """Every day at 02:00 UTC, refresh as of the previous day (the last complete day)."""
    as_of = (context.scheduled_execution_time - timedelta(days=1)).date().isoformat()
    return dg.RunRequest(run_key=as_of, tags={AS_OF_TAG: as_of})
