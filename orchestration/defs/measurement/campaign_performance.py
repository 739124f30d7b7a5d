"""Campaign performance per campaign and segment, with holdout uplift."""

import dagster as dg

from orchestration.defs.as_of import run_as_of
from orchestration.defs.resources import LandingResource, WarehouseResource
from orchestration.defs.segments_schema import Tunables, segment_asset, segments_key
from orchestration.defs.transform.dbt_models import CHANNEL_RESPONSES, CUSTOMER_FEATURES, dbt_model
from orchestration.lib.frames import value_counts_metadata
from orchestration.lib.measurement.campaign_performance import (
    CAMPAIGN_PERFORMANCE,
    CampaignPerformanceConfig,
    measure_campaign_performance,
    significant_uplifts,
    write_campaign_performance,
)
from orchestration.lib.table_preview import preview_markdown

CAMPAIGN_INPUTS = [
    dbt_model(name) for name in ("stg_crm__campaigns", "stg_crm__campaign_events", "stg_crm__orders")
]
SEGMENT_INPUTS = [segments_key("segment_membership"), segments_key("segment_history")]

PREVIEW_COLUMNS = [
    "campaign_id",
    "segment_family",
    "segment",
    "targeted",
    "control_members",
    "treated_order_rate",
    "control_order_rate",
    "uplift",
    "uplift_significant",
]


@segment_asset(
    deps=[CUSTOMER_FEATURES, *CAMPAIGN_INPUTS, CHANNEL_RESPONSES, *SEGMENT_INPUTS],
    group_name="measurement",
)
def campaign_performance(
    context: dg.AssetExecutionContext,
    landing: LandingResource,
    warehouse: WarehouseResource,
    config: Tunables,
) -> dg.MaterializeResult:
    """Per campaign sent up to the as-of date and segment (at send from the segment history
    where it covers the campaign, else current), plus an overall row: targeted, delivered,
    opened, clicked, converted, open/click/conversion rates, and the holdout uplift: share of
    targeted vs holdout members with a completed order within `attribution_days` after the
    send (CampaignPerformanceConfig), its 95 % Wald interval and significance."""
    settings = config.apply(CampaignPerformanceConfig())
    as_of = run_as_of(context, landing, warehouse)
    with warehouse.connect() as conn:
        frame = measure_campaign_performance(conn, as_of, settings)
        rows = write_campaign_performance(conn, frame)
        preview = preview_markdown(conn, CAMPAIGN_PERFORMANCE, columns=PREVIEW_COLUMNS)
    overall = frame[frame["segment_family"] == "all"]
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "as_of_date": str(as_of),
            "campaigns": len(overall),
            "campaigns_with_holdout": int((overall["control_members"] > 0).sum()),
            "significant_uplifts": dg.MetadataValue.json(significant_uplifts(frame)),
            "segment_basis": dg.MetadataValue.json(value_counts_metadata(frame["segment_basis"])),
            "settings": dg.MetadataValue.json(vars(settings)),
            "preview": dg.MetadataValue.md(preview),
        }
    )
