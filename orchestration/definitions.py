"""The code location: every asset, check, job, schedule and resource in one Definitions."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.ingestion.raw_tables import raw_table_assets
from orchestration.defs.publishing.serving import published_marts
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.schedules import daily_refresh, daily_refresh_schedule
from orchestration.defs.transform.dbt_models import loyalty_dbt_models
from orchestration.project import dbt_resource

defs = dg.Definitions(
    assets=[*raw_table_assets, loyalty_dbt_models, published_marts],
    jobs=[daily_refresh],
    schedules=[daily_refresh_schedule],
    resources={
        "dbt": dbt_resource(),
        "warehouse": WarehouseResource(),
    },
    # DuckDB allows one writer process: steps of a run execute one after another
    # in the run's process (DuckDB and dbt parallelise inside each step).
    executor=dg.in_process_executor,
)
