"""The asset keys the measurement assets read, dbt models found through dagster-dbt."""

import dagster as dg
from dagster_dbt import get_asset_key_for_model

from orchestration.defs.segmentation.common import SEGMENTS_SCHEMA
from orchestration.defs.transform.dbt_models import loyalty_dbt_models


def dbt_model(name: str) -> dg.AssetKey:
    """The asset key of dbt model `name`, as the translator names it (so lineage joins up)."""
    return get_asset_key_for_model([loyalty_dbt_models], name)


CHANNEL_RESPONSES = dbt_model("int_campaign_events_aggregated_to_customer_channels")
CAMPAIGN_INPUTS = [
    dbt_model(name) for name in ("stg_crm__campaigns", "stg_crm__campaign_events", "stg_crm__orders")
]
SEGMENT_MEMBERSHIP = dg.AssetKey([SEGMENTS_SCHEMA, "segment_membership"])
SEGMENT_HISTORY = dg.AssetKey([SEGMENTS_SCHEMA, "segment_history"])
