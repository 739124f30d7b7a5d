"""Alerting: every failed run of this code location becomes a log line and, if set, a webhook post."""

from datetime import UTC, datetime

import dagster as dg

from orchestration.defs.resources import AlertsResource, ServingResource
from orchestration.lib.alerts import AlertDeliveryError, RunFailureAlert, append_alert, post_alert
from orchestration.lib.quality.docs import run_docs_overview


@dg.run_failure_sensor(
    name="alert_on_run_failure",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Writes a JSON line to LOYALTY_ALERT_LOG and posts it to LOYALTY_ALERT_WEBHOOK when set.",
)
def alert_on_run_failure(
    context: dg.RunFailureSensorContext, alerts: AlertsResource, serving: ServingResource
) -> None:
    """The log line is written first, so a webhook that is down loses no alert."""
    run = context.dagster_run
    docs = run_docs_overview(serving.quality_docs_folder(), run.run_id)
    alert = RunFailureAlert(
        failed_at=datetime.now(UTC),
        job=run.job_name,
        run_id=run.run_id,
        partition=run.tags.get("dagster/partition"),
        failed_steps=sorted(
            {event.step_key for event in context.get_step_failure_events() if event.step_key}
        ),
        message=context.failure_event.message or "",
        quality_docs=docs.resolve().as_uri() if docs else None,
    )
    log_file, webhook = alerts.log_file(), alerts.webhook_url()
    append_alert(log_file, alert)
    context.log.info(f"alert written to {log_file}")
    if webhook:
        try:
            post_alert(webhook, alert)
        except AlertDeliveryError as error:
            context.log.warning(str(error))
