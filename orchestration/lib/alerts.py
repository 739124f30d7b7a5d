"""Run-failure alerts: one JSON line in a log file, and optionally the same JSON posted to a webhook.

The message carries a `text` field as well, so chat webhooks (Slack, Teams,
Mattermost) that only display `text` show something readable without an adapter.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

WEBHOOK_TIMEOUT_SECONDS = 10


class AlertDeliveryError(RuntimeError):
    """The webhook did not accept the alert."""


@dataclass(frozen=True)
class RunFailureAlert:
    """What an on-call engineer needs to start: which run, which as-of date, which steps, why,
    and the run's Data Docs (`quality_docs`, a file URL; None when no quality check ran)."""

    failed_at: datetime
    job: str
    run_id: str
    partition: str | None
    failed_steps: list[str] = field(default_factory=list)
    message: str = ""
    quality_docs: str | None = None

    @property
    def text(self) -> str:
        as_of = f" as of {self.partition}" if self.partition else ""
        steps = f" (failed: {', '.join(self.failed_steps)})" if self.failed_steps else ""
        docs = f" Data Docs: {self.quality_docs}" if self.quality_docs else ""
        return f"Loyalty refresh {self.job}{as_of} failed{steps}: {self.message} [run {self.run_id}]{docs}"

    def to_json(self) -> str:
        payload = {**asdict(self), "failed_at": self.failed_at.isoformat(), "text": self.text}
        return json.dumps(payload, sort_keys=True)


def append_alert(log_path: Path, alert: RunFailureAlert) -> None:
    """Append the alert as one line; the folder is created on first use."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("a", encoding="utf-8") as log:
        log.write(alert.to_json() + "\n")


def post_alert(url: str, alert: RunFailureAlert, timeout: float = WEBHOOK_TIMEOUT_SECONDS) -> int:
    """POST the alert as JSON; returns the HTTP status, raises AlertDeliveryError otherwise."""
    request = urllib.request.Request(
        url,
        data=alert.to_json().encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise AlertDeliveryError(f"webhook {_redacted(url)} did not take the alert: {error}") from error


def _redacted(url: str) -> str:
    """Scheme and host only: webhook paths often carry the secret token."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}/…"
