"""The run-time settings of docs/contract.md §1: one declaration per LOYALTY_* variable.

A Dagster resource field that is left unset falls back to its variable, then to the contract's
default, when a run asks: nothing reads the environment at import time, so tests and long-lived
processes (`dagster dev`) see a changed variable on the next run without a reload, and a test
or a deployment can pass a value to the resource instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

T = TypeVar("T")


class SettingsError(ValueError):
    """A setting has a value the project cannot use; the message names the variable."""


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One LOYALTY_* variable: its default (as the variable would spell it) and its parser."""

    variable: str
    default: str
    parse: Callable[[str, str], T]

    def resolve(self, given: Any = None, environ: Mapping[str, str] | None = None) -> T:
        """`given` (a resource's configured value) if set, else the variable, else the default."""
        if given is not None and given != "":
            return self.parse(self.variable, str(given))
        env = os.environ if environ is None else environ
        return self.parse(self.variable, env.get(self.variable) or self.default)


def _path(_: str, raw: str) -> Path:
    """Relative paths are relative to the repository root, whatever the working directory."""
    path = Path(raw).expanduser()
    return path if path.is_absolute() else REPO_ROOT / path


def _text(_: str, raw: str) -> str:
    return raw


def _optional_text(_: str, raw: str) -> str | None:
    return raw or None


def _as_of(name: str, raw: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise SettingsError(f"{name}={raw!r} is not a date YYYY-MM-DD") from error


def _flag(name: str, raw: str) -> bool:
    spelled = raw.strip().lower()
    if spelled in ("1", "true", "yes"):
        return True
    if spelled in ("0", "false", "no"):
        return False
    raise SettingsError(f"{name}={raw!r} is not a flag (1/true/yes or 0/false/no)")


def _fraction(name: str, raw: str) -> float:
    try:
        fraction = float(raw)
    except ValueError as error:
        raise SettingsError(f"{name}={raw!r} is not a number") from error
    if not 0.0 <= fraction <= 1.0:
        raise SettingsError(f"{name}={raw!r} must be between 0 and 1")
    return fraction


def _count(minimum: int) -> Callable[[str, str], int]:
    def parse(name: str, raw: str) -> int:
        try:
            count = int(raw)
        except ValueError as error:
            raise SettingsError(f"{name}={raw!r} is not a whole number") from error
        if count < minimum:
            raise SettingsError(f"{name}={raw!r} must be at least {minimum}")
        return count

    return parse


# the warehouse
WAREHOUSE_DB = Setting("LOYALTY_WAREHOUSE_DB", "data/warehouse/loyalty.duckdb", _path)
DUCKDB_MEMORY_LIMIT = Setting("LOYALTY_DUCKDB_MEMORY_LIMIT", "4GB", _text)
# landing: what arrives and how much of it may be bad
RAW_DIR = Setting("LOYALTY_RAW_DIR", "data/raw", _path)
AS_OF = Setting("LOYALTY_AS_OF", "", _as_of)
MAX_BAD_ROW_FRACTION = Setting("LOYALTY_MAX_BAD_ROW_FRACTION", "0.01", _fraction)
FULL_REFRESH = Setting("LOYALTY_FULL_REFRESH", "0", _flag)
# dbt: whether the run's dbt steps also run the dbt unit tests (they pin logic, not data)
DBT_UNIT_TESTS = Setting("LOYALTY_DBT_UNIT_TESTS", "0", _flag)
# what marketers write
SEGMENT_RULES = Setting("LOYALTY_SEGMENT_RULES", "segments.yml", _path)
AUDIENCES = Setting("LOYALTY_AUDIENCES", "audiences.yml", _path)
# activation
EXPORT_DIR = Setting("LOYALTY_EXPORT_DIR", "data/exports", _path)
CONTACT_CAP = Setting("LOYALTY_CONTACT_CAP", "2", _count(minimum=0))
CONTACT_CAP_DAYS = Setting("LOYALTY_CONTACT_CAP_DAYS", "7", _count(minimum=1))
# serving
SERVING_DIR = Setting("LOYALTY_SERVING_DIR", "data/serving", _path)
QUALITY_DOCS_DIR = Setting("LOYALTY_QUALITY_DOCS_DIR", "data/quality_docs", _path)
# alerts
ALERT_LOG = Setting("LOYALTY_ALERT_LOG", "data/alerts/alerts.log", _path)
ALERT_WEBHOOK = Setting("LOYALTY_ALERT_WEBHOOK", "", _optional_text)

SETTINGS: tuple[Setting[Any], ...] = (
    WAREHOUSE_DB,
    DUCKDB_MEMORY_LIMIT,
    RAW_DIR,
    AS_OF,
    MAX_BAD_ROW_FRACTION,
    FULL_REFRESH,
    DBT_UNIT_TESTS,
    SEGMENT_RULES,
    AUDIENCES,
    EXPORT_DIR,
    CONTACT_CAP,
    CONTACT_CAP_DAYS,
    SERVING_DIR,
    QUALITY_DOCS_DIR,
    ALERT_LOG,
    ALERT_WEBHOOK,
)
"""Every variable the Dagster side reads (docs/contract.md §1 documents each)."""
