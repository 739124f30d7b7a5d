"""Metadata of dbt models that the UI shows beside dagster-dbt's own: segment sizes, grids, settings.

DuckDB allows one writer, and dbt holds the warehouse while it builds, so the
materializations of these models are held back until dbt has finished, then
described from the tables dbt built and released, in the order dbt reported them.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt.errors import DagsterDbtCliRuntimeError

from orchestration.defs.resources import WarehouseResource
from orchestration.defs.transform.incremental_metadata import base_rows_metadata, fact_metadata
from orchestration.defs.transform.measurement_metadata import (
    campaign_performance_metadata,
    segment_kpis_metadata,
)
from orchestration.defs.transform.segment_model_metadata import (
    behavior_clusters_metadata,
    clv_scores_metadata,
    descriptive_segments_metadata,
    loyalty_scores_metadata,
    loyalty_statuses_metadata,
    rfm_segments_metadata,
    rule_segments_metadata,
)
from orchestration.lib.raw_schema import RAW_TABLES
from orchestration.lib.segmentation.summaries import row_count
from orchestration.lib.table_preview import preview_markdown

ModelMetadata = Callable[[duckdb.DuckDBPyConnection, Mapping[str, Any]], dict[str, Any]]
"""Metadata of one built model from a read-only warehouse connection and the run's dbt vars in force."""


def table_metadata(relation: str) -> ModelMetadata:
    """Row count and the first rows of `relation`, for tables whose content speaks for itself."""

    def describe(conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "dagster/row_count": row_count(conn, relation),
            "preview": dg.MetadataValue.md(preview_markdown(conn, relation)),
        }

    return describe


MODEL_METADATA: dict[str, ModelMetadata] = {
    "descriptive_segments": descriptive_segments_metadata,
    "rfm_segments": rfm_segments_metadata,
    "loyalty_statuses": loyalty_statuses_metadata,
    "loyalty_scores": loyalty_scores_metadata,
    "clv_scores": clv_scores_metadata,
    "behavior_clusters": behavior_clusters_metadata,
    "customer_segments": table_metadata("segments.customer_segments"),
    "customer_scores": table_metadata("segments.customer_scores"),
    "rule_segments": rule_segments_metadata,
    "segment_membership": table_metadata("segments.segment_membership"),
    "segment_summary": table_metadata("segments.segment_summary"),
    "segment_kpis": segment_kpis_metadata,
    "campaign_performance": campaign_performance_metadata,
    **{
        f"base_crm__{table.name}": base_rows_metadata(f"staging.base_crm__{table.name}")
        for table in RAW_TABLES
        if table.staged_incrementally
    },
    "fct_orders_per_member_day": fact_metadata("facts.fct_orders_per_member_day", "_orders_changed_at"),
    "fct_order_lines_per_member_category_day": fact_metadata(
        "facts.fct_order_lines_per_member_category_day", "_orders_changed_at", "_lines_changed_at"
    ),
    "fct_loyalty_ledger_per_member_day": fact_metadata(
        "facts.fct_loyalty_ledger_per_member_day", "_ledger_changed_at"
    ),
    "fct_campaign_events_per_member_campaign": fact_metadata(
        "facts.fct_campaign_events_per_member_campaign", "_events_changed_at"
    ),
    "fct_campaign_member_first_orders": fact_metadata(
        "facts.fct_campaign_member_first_orders", "_events_changed_at", "_orders_changed_at"
    ),
}
"""dbt model name -> what its materialization adds."""


def _asset_key(context: dg.AssetExecutionContext, event: Any) -> dg.AssetKey | None:
    if isinstance(event, dg.Output):
        return context.asset_key_for_output(event.output_name)
    return getattr(event, "asset_key", None)


def with_model_metadata(
    context: dg.AssetExecutionContext,
    events: Iterable[Any],
    warehouse: WarehouseResource,
    described: Mapping[dg.AssetKey, ModelMetadata],
    dbt_vars: Mapping[str, Any],
) -> Iterator[Any]:
    """`events` of a dbt invocation, in dbt's order; from the first event of an asset in `described`
    on, the events are held until dbt has finished (Dagster wants a step's assets in topological
    order, so a model built after a described one waits too), materializations of described
    assets then carrying the added metadata.

    A failing dbt run still reports the models it built before its error is raised.
    """
    held: list[tuple[dg.AssetKey | None, Any]] = []
    failure: DagsterDbtCliRuntimeError | None = None
    try:
        for event in events:
            key = _asset_key(context, event)
            if held or key in described:
                held.append((key, event))
            else:
                yield event
    except DagsterDbtCliRuntimeError as error:
        failure = error
    if held:
        with warehouse.connect(read_only=True) as conn:
            for key, event in held:
                if isinstance(event, dg.Output) and key in described:
                    event = event.with_metadata({**event.metadata, **described[key](conn, dbt_vars)})
                yield event
    if failure is not None:
        raise failure
