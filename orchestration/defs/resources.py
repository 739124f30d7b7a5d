"""The resources of the code location: the warehouse, and the small typed settings each domain needs.

Every field left unset falls back to its LOYALTY_* variable, then to the default of
docs/contract.md §1, when a run asks (orchestration/lib/settings.py); a test or a deployment
passes values instead, e.g. `ServingResource(serving_dir="/srv/loyalty")`. A value the project
cannot use fails the step at once, naming the setting, without a retry.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from pydantic import Field

from orchestration.defs.failures import permanent_failures
from orchestration.defs.run_guard import guard_run
from orchestration.lib import settings, warehouse
from orchestration.lib.settings import Setting, SettingsError

WAREHOUSE_POOL = "duckdb_warehouse"
"""Concurrency pool of every step that opens the warehouse: DuckDB allows one writer."""


def _resolved(setting: Setting[Any], given: Any) -> Any:
    with permanent_failures(SettingsError):
        return setting.resolve(given)


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file and how much memory DuckDB may use.

    dbt's profiles.yml reads the same LOYALTY_WAREHOUSE_DB variable, so Dagster and dbt build in
    the same file unless a deployment configures `database` here and in its dbt profile alike.
    """

    database: str | None = Field(default=None, description="default: LOYALTY_WAREHOUSE_DB")
    memory_limit: str | None = Field(default=None, description="default: LOYALTY_DUCKDB_MEMORY_LIMIT")

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """Every step that opens the warehouse needs this resource, and a run initialises it
        before its first step claims a slot in the warehouse pool: the one point where a run can
        clear the slots of dead runs before it waits for them (orchestration/defs/run_guard.py).
        """
        guard_run(context, WAREHOUSE_POOL)

    def path(self) -> Path:
        return _resolved(settings.WAREHOUSE_DB, self.database)

    def duckdb_memory_limit(self) -> str:
        return _resolved(settings.DUCKDB_MEMORY_LIMIT, self.memory_limit)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with warehouse.connect(
            self.path(), read_only=read_only, memory_limit=self.duckdb_memory_limit()
        ) as conn:
            yield conn


class LandingResource(dg.ConfigurableResource):
    """Where the raw tables land, the as-of date of runs without a partition, how large a share
    of bad rows a table may have before publishing is blocked, and whether this run reloads every
    landed file instead of only the new and changed ones and rebuilds dbt's incremental models
    from scratch (set `full_refresh` in the launchpad)."""

    raw_dir: str | None = Field(default=None, description="default: LOYALTY_RAW_DIR")
    as_of: str | None = Field(default=None, description="YYYY-MM-DD; default: LOYALTY_AS_OF")
    max_bad_row_fraction: float | None = Field(
        default=None, description="0-1; default: LOYALTY_MAX_BAD_ROW_FRACTION"
    )
    full_refresh: bool | None = Field(
        default=None,
        description="reload every landed file, rebuild the incremental dbt models; "
        "default: LOYALTY_FULL_REFRESH",
    )

    def folder(self) -> Path:
        return _resolved(settings.RAW_DIR, self.raw_dir)

    def configured_as_of(self) -> date | None:
        return _resolved(settings.AS_OF, self.as_of)

    def bad_row_limit(self) -> float:
        return _resolved(settings.MAX_BAD_ROW_FRACTION, self.max_bad_row_fraction)

    def reload_everything(self) -> bool:
        return _resolved(settings.FULL_REFRESH, self.full_refresh)


class MarketingFilesResource(dg.ConfigurableResource):
    """The files marketers edit: the rule segments and the audiences."""

    segment_rules: str | None = Field(default=None, description="default: LOYALTY_SEGMENT_RULES")
    audiences: str | None = Field(default=None, description="default: LOYALTY_AUDIENCES")

    def segment_rules_file(self) -> Path:
        return _resolved(settings.SEGMENT_RULES, self.segment_rules)

    def audiences_file(self) -> Path:
        return _resolved(settings.AUDIENCES, self.audiences)


class ActivationResource(dg.ConfigurableResource):
    """Where audience exports go and the contact cap (contacts per member per window of days)."""

    export_dir: str | None = Field(default=None, description="default: LOYALTY_EXPORT_DIR")
    contact_cap: int | None = Field(default=None, description="default: LOYALTY_CONTACT_CAP")
    contact_cap_days: int | None = Field(default=None, description="default: LOYALTY_CONTACT_CAP_DAYS")

    def export_folder(self) -> Path:
        return _resolved(settings.EXPORT_DIR, self.export_dir)

    def cap(self) -> tuple[int, int]:
        """(contacts allowed, window in days)."""
        return (
            _resolved(settings.CONTACT_CAP, self.contact_cap),
            _resolved(settings.CONTACT_CAP_DAYS, self.contact_cap_days),
        )


class ServingResource(dg.ConfigurableResource):
    """What BI reads (the published release) and where each run's Data Docs are written."""

    serving_dir: str | None = Field(default=None, description="default: LOYALTY_SERVING_DIR")
    quality_docs_dir: str | None = Field(default=None, description="default: LOYALTY_QUALITY_DOCS_DIR")

    def folder(self) -> Path:
        return _resolved(settings.SERVING_DIR, self.serving_dir)

    def quality_docs_folder(self) -> Path:
        return _resolved(settings.QUALITY_DOCS_DIR, self.quality_docs_dir)


class AlertsResource(dg.ConfigurableResource):
    """Where failed runs are logged and, if set, the webhook they are posted to."""

    alert_log: str | None = Field(default=None, description="default: LOYALTY_ALERT_LOG")
    webhook: str | None = Field(default=None, description="default: LOYALTY_ALERT_WEBHOOK")

    def log_file(self) -> Path:
        return _resolved(settings.ALERT_LOG, self.alert_log)

    def webhook_url(self) -> str | None:
        return _resolved(settings.ALERT_WEBHOOK, self.webhook)


RESOURCES: dict[str, dg.ConfigurableResource] = {
    "warehouse": WarehouseResource(),
    "landing": LandingResource(),
    "marketing_files": MarketingFilesResource(),
    "activation": ActivationResource(),
    "serving": ServingResource(),
    "alerts": AlertsResource(),
}
"""The settings resources as the code location binds them: every value from the environment."""
