"""The run's as-of date, resolved in one place for dbt and every Python asset of the run."""

from datetime import date

import dagster as dg

from orchestration.defs.failures import permanent_failures
from orchestration.defs.resources import LandingResource, WarehouseResource
from orchestration.lib.as_of import AsOfError, choose_as_of, latest_order_date


def run_as_of(
    context: dg.AssetExecutionContext, landing: LandingResource, warehouse: WarehouseResource
) -> date:
    """The run's daily partition, else LOYALTY_AS_OF, else the latest order the quarantine let
    through (docs/contract.md §1).

    Every asset of a run asks this, rather than reading the date back from a mart it built: the
    partition and the setting are the same for the whole run, and the latest valid order is fixed
    once the quarantine has judged the loaded rows, so the answer is the same at every step. Call
    it before opening a writing connection: it reads with a short read-only one.
    """
    partition_key = context.partition_key if context.has_partition_key else None
    configured = landing.configured_as_of()
    with permanent_failures(AsOfError):
        if partition_key or configured:
            return choose_as_of(partition_key, configured, None)
        with warehouse.connect(read_only=True) as conn:
            return choose_as_of(None, None, latest_order_date(conn))
