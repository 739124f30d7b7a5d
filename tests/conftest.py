"""Shared fixtures: the dbt manifest, generated landing folders and in-process refreshes."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import pytest
from hypothesis import settings

# Property tests explore the same examples on every run and machine: a red CI is reproducible,
# never a lucky draw.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.load_profile("deterministic")

SETTINGS_VARIABLES = (
    "LOYALTY_RAW_DIR",
    "LOYALTY_WAREHOUSE_DB",
    "LOYALTY_SERVING_DIR",
    "LOYALTY_QUALITY_DOCS_DIR",
    "LOYALTY_AS_OF",
    "LOYALTY_SEGMENT_RULES",
    "LOYALTY_MAX_BAD_ROW_FRACTION",
    "LOYALTY_DBT_UNIT_TESTS",
    "LOYALTY_EXPORT_DIR",
    "LOYALTY_AUDIENCES",
    "LOYALTY_CONTACT_CAP",
    "LOYALTY_CONTACT_CAP_DAYS",
    "LOYALTY_ALERT_LOG",
    "LOYALTY_ALERT_WEBHOOK",
)


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest() -> Path:
    """Parse the dbt project once, before any test imports the Dagster definitions."""
    from orchestration.project import parse_dbt_project

    return parse_dbt_project()


@contextmanager
def loyalty_environment(**values: str) -> Iterator[None]:
    """Set LOYALTY_* variables for a block (session fixtures cannot use monkeypatch)."""
    saved = {name: os.environ.get(name) for name in SETTINGS_VARIABLES}
    for name in SETTINGS_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_daily_refresh(
    workdir: Path,
    raw_dir: Path,
    partition_key: str | None = None,
    instance: dg.DagsterInstance | None = None,
    tags: Mapping[str, str] | None = None,
    **settings: str,
) -> dg.ExecuteInProcessResult:
    """Run the daily_refresh job in-process with its warehouse, serving and exports under `workdir`.

    `partition_key` (an as-of date) runs one daily partition, as the schedule and backfills do;
    `tags` are the run's tags (a backfill's, for instance).
    """
    from orchestration.definitions import defs

    with loyalty_environment(
        LOYALTY_RAW_DIR=str(raw_dir),
        LOYALTY_WAREHOUSE_DB=str(workdir / "warehouse" / "loyalty.duckdb"),
        LOYALTY_SERVING_DIR=str(workdir / "serving"),
        LOYALTY_QUALITY_DOCS_DIR=str(workdir / "quality_docs"),
        LOYALTY_EXPORT_DIR=str(workdir / "exports"),
        LOYALTY_ALERT_LOG=str(workdir / "alerts" / "alerts.log"),
        **settings,
    ):
        return defs.resolve_job_def("daily_refresh").execute_in_process(
            instance=instance,  # None: an ephemeral one, disposed when the run is done
            partition_key=partition_key,
            tags=tags,
            raise_on_error=False,
        )


REFRESHED_CUSTOMERS = 3000
"""Members of the generated landing folder that `refreshed` runs once per session."""


@pytest.fixture(scope="session")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A landing folder of generated customers, refreshed once per session; returns the work folder.

    Shared by the end-to-end tests and the published-view tests, so both read one refresh.
    """
    from loyalty_demo_data import generate

    workdir = tmp_path_factory.mktemp("e2e")
    generate(workdir / "raw", customers=REFRESHED_CUSTOMERS, seed=7, fmt="csv")
    # the one refresh of the suite that runs the dbt unit tests too, as CI should
    result = run_daily_refresh(workdir, workdir / "raw", LOYALTY_DBT_UNIT_TESTS="1")
    assert result.success, [event.message for event in result.all_events if event.is_failure]
    return workdir
