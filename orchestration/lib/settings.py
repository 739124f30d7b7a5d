"""The run-time settings of docs/contract.md §1, read from the environment when a run asks.

Nothing reads the environment at import time: tests and long-lived processes
(`dagster dev`) see a changed variable on the next run without a reload.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

DEFAULTS: dict[str, str] = {
    "LOYALTY_RAW_DIR": "data/raw",
    "LOYALTY_WAREHOUSE_DB": "data/warehouse/loyalty.duckdb",
    "LOYALTY_SERVING_DIR": "data/serving",
    "LOYALTY_QUALITY_DOCS_DIR": "data/quality_docs",
    "LOYALTY_SEGMENT_RULES": "segments.yml",
    "LOYALTY_MAX_BAD_ROW_FRACTION": "0.01",
    "LOYALTY_DUCKDB_MEMORY_LIMIT": "4GB",
    "LOYALTY_EXPORT_DIR": "data/exports",
    "LOYALTY_AUDIENCES": "audiences.yml",
    "LOYALTY_CONTACT_CAP": "2",
    "LOYALTY_CONTACT_CAP_DAYS": "7",
    "LOYALTY_ALERT_LOG": "data/alerts/alerts.log",
}


class SettingsError(ValueError):
    """A setting has a value the project cannot use; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    """Resolved settings: absolute paths and typed values."""

    raw_dir: Path
    warehouse_db: Path
    serving_dir: Path
    quality_docs_dir: Path
    segment_rules: Path
    as_of: date | None
    max_bad_row_fraction: float
    duckdb_memory_limit: str
    export_dir: Path
    audiences: Path
    contact_cap: int
    contact_cap_days: int
    alert_log: Path
    alert_webhook: str | None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read LOYALTY_* variables, falling back to the contract's defaults."""
        env = os.environ if environ is None else environ

        def value(name: str) -> str:
            return env.get(name) or DEFAULTS.get(name, "")

        return cls(
            raw_dir=resolve_path(value("LOYALTY_RAW_DIR")),
            warehouse_db=resolve_path(value("LOYALTY_WAREHOUSE_DB")),
            serving_dir=resolve_path(value("LOYALTY_SERVING_DIR")),
            quality_docs_dir=resolve_path(value("LOYALTY_QUALITY_DOCS_DIR")),
            segment_rules=resolve_path(value("LOYALTY_SEGMENT_RULES")),
            as_of=_parse_as_of(value("LOYALTY_AS_OF")),
            max_bad_row_fraction=_parse_fraction(value("LOYALTY_MAX_BAD_ROW_FRACTION")),
            duckdb_memory_limit=value("LOYALTY_DUCKDB_MEMORY_LIMIT"),
            export_dir=resolve_path(value("LOYALTY_EXPORT_DIR")),
            audiences=resolve_path(value("LOYALTY_AUDIENCES")),
            contact_cap=_parse_count("LOYALTY_CONTACT_CAP", value("LOYALTY_CONTACT_CAP"), minimum=0),
            contact_cap_days=_parse_count(
                "LOYALTY_CONTACT_CAP_DAYS", value("LOYALTY_CONTACT_CAP_DAYS"), minimum=1
            ),
            alert_log=resolve_path(value("LOYALTY_ALERT_LOG")),
            alert_webhook=value("LOYALTY_ALERT_WEBHOOK") or None,
        )


def resolve_path(raw: str) -> Path:
    """Relative paths are relative to the repository root, whatever the working directory."""
    path = Path(raw).expanduser()
    return path if path.is_absolute() else REPO_ROOT / path


def _parse_as_of(raw: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise SettingsError(f"LOYALTY_AS_OF={raw!r} is not a date YYYY-MM-DD") from error


def _parse_fraction(raw: str) -> float:
    try:
        fraction = float(raw)
    except ValueError as error:
        raise SettingsError(f"LOYALTY_MAX_BAD_ROW_FRACTION={raw!r} is not a number") from error
    if not 0.0 <= fraction <= 1.0:
        raise SettingsError(f"LOYALTY_MAX_BAD_ROW_FRACTION={raw!r} must be between 0 and 1")
    return fraction


def _parse_count(name: str, raw: str, minimum: int) -> int:
    try:
        count = int(raw)
    except ValueError as error:
        raise SettingsError(f"{name}={raw!r} is not a whole number") from error
    if count < minimum:
        raise SettingsError(f"{name}={raw!r} must be at least {minimum}")
    return count
