"""Every dbt model as a Dagster asset, every dbt test as an asset check."""

import json
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets, get_asset_key_for_model
from dagster_dbt.errors import DagsterDbtCliRuntimeError

from orchestration.defs.failures import permanent_failures
from orchestration.defs.ingestion.quarantine import resolve_as_of
from orchestration.defs.resources import WAREHOUSE_POOL, WarehouseResource
from orchestration.project import dbt_project


class LoyaltyDbtTranslator(DagsterDbtTranslator):
    """Groups dbt models by their layer folder (staging, intermediate, marts)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        if dbt_resource_props.get("resource_type") == "model" and len(fqn) > 2:
            return fqn[1]
        return super().get_group_name(dbt_resource_props)


def run_as_of(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> str:
    """The run's as-of date: schedule tag, else LOYALTY_AS_OF, else the latest order."""
    with warehouse.connect(read_only=True) as conn:
        return resolve_as_of(context, warehouse.settings().as_of, conn).isoformat()


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=LoyaltyDbtTranslator(),
    pool=WAREHOUSE_POOL,
)
def loyalty_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator[Any]:
    """Staging, intermediate and mart models of the dbt project, built and tested as of one date.

    A failing model or dbt test fails the same way on a retry, so it is not retried.
    """
    as_of = run_as_of(context, warehouse)
    context.log.info(f"dbt build as of {as_of}")
    invocation = dbt.cli(["build", "--vars", json.dumps({"as_of_date": as_of})], context=context)
    with permanent_failures(DagsterDbtCliRuntimeError):
        yield from invocation.stream()


def dbt_model(name: str) -> dg.AssetKey:
    """The asset key of dbt model `name`, as the translator names it (so lineage joins up)."""
    return get_asset_key_for_model([loyalty_dbt_models], name)


CUSTOMER_FEATURES = dbt_model("customer_features")
BTYD_SUMMARY = dbt_model("customer_btyd_summary")
CATEGORY_PURCHASES = dbt_model("int_order_lines_aggregated_to_customer_categories")
CHANNEL_RESPONSES = dbt_model("int_campaign_events_aggregated_to_customer_channels")
