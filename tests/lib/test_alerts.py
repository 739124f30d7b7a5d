"""Run-failure alerts: the log line and the webhook post."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from orchestration.lib.alerts import AlertDeliveryError, RunFailureAlert, append_alert, post_alert
from tests.webhook import recording_webhook

ALERT = RunFailureAlert(
    failed_at=datetime(2026, 11, 23, 2, 5, tzinfo=UTC),
    job="daily_refresh",
    run_id="abc123",
    partition="2026-11-22",
    failed_steps=["crm__orders"],
    message="orders.csv: column 'amount' is missing",
)


def test_each_alert_is_one_json_line(tmp_path):
    log = tmp_path / "alerts" / "alerts.log"
    append_alert(log, ALERT)
    append_alert(log, ALERT)
    lines = log.read_text().splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert record["run_id"] == "abc123"
    assert record["partition"] == "2026-11-22"
    assert record["failed_steps"] == ["crm__orders"]
    assert record["failed_at"] == "2026-11-23T02:05:00+00:00"
    assert "daily_refresh as of 2026-11-22 failed (failed: crm__orders)" in record["text"]
    assert record["quality_docs"] is None and "Data Docs" not in record["text"]


def test_an_alert_links_the_runs_data_docs():
    alert = replace(ALERT, quality_docs="file:///data/quality_docs/abc123/index.html")
    record = json.loads(alert.to_json())
    assert record["quality_docs"] == "file:///data/quality_docs/abc123/index.html"
    assert record["text"].endswith("[run abc123] Data Docs: file:///data/quality_docs/abc123/index.html")


def test_the_webhook_receives_the_same_json():
    with recording_webhook() as webhook:
        assert post_alert(webhook.url, ALERT) == 200
    [request] = webhook.received
    assert request["content_type"] == "application/json"
    assert request["body"] == json.loads(ALERT.to_json())


def test_a_refusing_webhook_raises_without_leaking_its_token():
    with recording_webhook("/hooks/secret-token") as webhook, pytest.raises(AlertDeliveryError) as failure:
        webhook.status = 500
        post_alert(webhook.url, ALERT)
    assert "127.0.0.1" in str(failure.value)
    assert "secret-token" not in str(failure.value)
