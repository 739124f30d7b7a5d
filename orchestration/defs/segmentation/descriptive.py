"""Descriptive segment families: demographic, geographic, psychographic, response, channel."""

import dagster as dg

from orchestration.defs.resources import WarehouseResource
from orchestration.defs.segmentation.common import FEATURES, Tunables, segment_asset
from orchestration.defs.transform.dbt_models import CUSTOMER_FEATURES
from orchestration.lib.frames import read_columns, value_counts_metadata, write_table
from orchestration.lib.segmentation.descriptive import (
    DESCRIPTIVE_FAMILIES,
    INPUT_COLUMNS,
    DescriptiveConfig,
    describe_members,
)


@segment_asset(deps=[CUSTOMER_FEATURES], group_name="segmentation")
def descriptive_segments(warehouse: WarehouseResource, config: Tunables) -> dg.MaterializeResult:
    """One value per member for each descriptive family (age band, gender, country, region,
    membership type, psychographic, interest, campaign response, preferred contact channel,
    purchase channel); `unknown` where the data is missing."""
    settings = config.apply(DescriptiveConfig())
    with warehouse.connect() as conn:
        frame = read_columns(conn, FEATURES, INPUT_COLUMNS)
        result = describe_members(frame, settings)
        rows = write_table(conn, "segments.descriptive_segments", result)
    sizes = {family: value_counts_metadata(result[family]) for family in DESCRIPTIVE_FAMILIES}
    return dg.MaterializeResult(
        metadata={"dagster/row_count": rows, "segment_sizes": dg.MetadataValue.json(sizes)}
    )
