"""The warehouse resource: settings from the environment and DuckDB connections."""

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb

from orchestration.defs.failures import permanent_failures
from orchestration.defs.run_guard import guard_run
from orchestration.lib import warehouse
from orchestration.lib.settings import Settings, SettingsError

WAREHOUSE_POOL = "duckdb_warehouse"
"""Concurrency pool of every step that opens the warehouse: DuckDB allows one writer."""


class WarehouseResource(dg.ConfigurableResource):
    """docs/contract.md §1 settings, read from LOYALTY_* variables when a run asks for them.

    dbt's profiles.yml reads the same LOYALTY_WAREHOUSE_DB variable, so Dagster
    and dbt always build in the same file.
    """

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """Every step that opens the warehouse needs this resource, and a run initialises it
        before its first step claims a slot in the warehouse pool: the one point where a run can
        clear the slots of dead runs before it waits for them (orchestration/defs/run_guard.py).
        """
        guard_run(context, WAREHOUSE_POOL)

    def settings(self) -> Settings:
        with permanent_failures(SettingsError):
            return Settings.from_env()

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        settings = self.settings()
        with warehouse.connect(
            settings.warehouse_db,
            read_only=read_only,
            memory_limit=settings.duckdb_memory_limit,
        ) as conn:
            yield conn
