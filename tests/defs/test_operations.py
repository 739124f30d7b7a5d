"""Operations: the landing sensor and the failure alerts."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg

from orchestration.defs.failure_alerts import alert_on_run_failure
from orchestration.defs.landing_sensor import raw_landing_sensor
from orchestration.defs.resources import AlertsResource, LandingResource, ServingResource
from tests.conftest import loyalty_environment
from tests.webhook import recording_webhook


def land(path: Path, text: str) -> None:
    """A file that finished copying an hour ago."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    stamp = path.stat().st_mtime - 3600
    os.utime(path, (stamp, stamp))


def tick(cursor: str | None) -> dg.SensorExecutionData:
    from orchestration.definitions import defs

    context = dg.build_sensor_context(
        cursor=cursor, resources={"landing": LandingResource()}, definitions=defs
    )
    return raw_landing_sensor.evaluate_tick(context)


def test_the_landing_sensor_fires_once_per_new_file(tmp_path):
    raw = tmp_path / "raw"
    land(raw / "customers.csv", "customer_id\nc1\n")
    land(raw / "orders" / "2026-11-21.csv", "order_id\no1\n")
    with loyalty_environment(LOYALTY_RAW_DIR=str(raw)):
        first = tick(None)
        assert len(first.run_requests) == 1
        request = first.run_requests[0]
        assert request.partition_key == (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
        assert "orders/2026-11-21.csv" in request.tags["loyalty/arrived_files"]

        again = tick(first.cursor)
        assert again.run_requests == []

        land(raw / "orders" / "2026-11-22.csv", "order_id\no2\n")
        second = tick(again.cursor)
        assert len(second.run_requests) == 1
        assert second.run_requests[0].tags["loyalty/arrived_files"] == "orders/2026-11-22.csv"
        assert second.run_requests[0].run_key != request.run_key
        assert tick(second.cursor).run_requests == []


def test_the_landing_sensor_waits_for_a_file_still_being_copied(tmp_path):
    raw = tmp_path / "raw"
    land(raw / "customers.csv", "customer_id\nc1\n")
    with loyalty_environment(LOYALTY_RAW_DIR=str(raw)):
        seen = tick(None)
        (raw / "orders.csv").write_text("order_id\no1\n")
        waiting = tick(seen.cursor)
        assert waiting.run_requests == []
        assert "still being written" in waiting.skip_message
        land(raw / "orders.csv", "order_id\no1\n")
        assert len(tick(waiting.cursor).run_requests) == 1


def failed_run() -> dg.RunFailureSensorContext:
    """A run whose only step fails, and the context the failure sensor receives for it."""

    @dg.op
    def load_orders() -> None:
        raise ValueError("orders.csv: column 'amount' is missing")

    @dg.job
    def daily_refresh() -> None:
        load_orders()

    instance = dg.DagsterInstance.ephemeral()
    result = daily_refresh.execute_in_process(
        instance=instance, raise_on_error=False, tags={"dagster/partition": "2026-11-22"}
    )
    return dg.build_run_status_sensor_context(
        sensor_name="alert_on_run_failure",
        dagster_event=result.get_run_failure_event(),
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        resources={"alerts": AlertsResource(), "serving": ServingResource()},
    ).for_run_failure()


def test_a_failed_run_writes_an_alert_line_and_posts_it(tmp_path):
    log = tmp_path / "alerts.log"
    context = failed_run()
    with (
        recording_webhook() as webhook,
        loyalty_environment(LOYALTY_ALERT_LOG=str(log), LOYALTY_ALERT_WEBHOOK=webhook.url),
    ):
        alert_on_run_failure(context)
    [line] = log.read_text().splitlines()
    alert = json.loads(line)
    assert alert["job"] == "daily_refresh"
    assert alert["partition"] == "2026-11-22"
    assert alert["failed_steps"] == ["load_orders"]
    assert [request["body"] for request in webhook.received] == [alert]


def test_without_a_webhook_the_alert_is_only_logged(tmp_path):
    log = tmp_path / "alerts.log"
    context = failed_run()
    with loyalty_environment(LOYALTY_ALERT_LOG=str(log)):
        alert_on_run_failure(context)
    assert json.loads(log.read_text())["run_id"] == context.dagster_run.run_id


def test_the_alert_links_the_failed_runs_data_docs(tmp_path):
    log, context = tmp_path / "alerts.log", failed_run()
    overview = tmp_path / "quality_docs" / context.dagster_run.run_id / "index.html"
    overview.parent.mkdir(parents=True)
    overview.write_text("checks of the failed run")
    with loyalty_environment(
        LOYALTY_ALERT_LOG=str(log), LOYALTY_QUALITY_DOCS_DIR=str(tmp_path / "quality_docs")
    ):
        alert_on_run_failure(context)
    alert = json.loads(log.read_text())
    assert alert["quality_docs"] == overview.as_uri()
    assert alert["text"].endswith(f"Data Docs: {overview.as_uri()}")
