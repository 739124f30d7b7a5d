"""RFM scores and named RFM segments."""

import dagster as dg

from orchestration.defs.resources import WarehouseResource
from orchestration.defs.segmentation.common import FEATURES, segment_asset
from orchestration.defs.transform.dbt_models import CUSTOMER_FEATURES
from orchestration.lib.frames import read_columns, value_counts_metadata, write_table
from orchestration.lib.segmentation.rfm import rfm_grid_markdown, score_rfm


@segment_asset(deps=[CUSTOMER_FEATURES], group_name="segmentation")
def rfm_segments(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Recency, frequency and monetary quintile scores (5 best, tie-aware) over buyers, and the
    eleven named RFM segments by ordered rules; `prospect` for members without an order."""
    with warehouse.connect() as conn:
        frame = read_columns(conn, FEATURES, ["customer_id", "recency_days", "frequency", "monetary"])
        result = frame[["customer_id"]].join(score_rfm(frame))
        rows = write_table(conn, "segments.rfm_segments", result)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "segment_sizes": dg.MetadataValue.json(value_counts_metadata(result["rfm_segment"])),
            "rfm_grid": dg.MetadataValue.md(rfm_grid_markdown(result)),
        }
    )
