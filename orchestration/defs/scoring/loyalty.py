"""The 0–100 loyalty score and tiers."""

import dagster as dg

from orchestration.defs.resources import WarehouseResource
from orchestration.defs.segmentation.common import FEATURES, Tunables, segment_asset
from orchestration.defs.transform.dbt_models import CUSTOMER_FEATURES
from orchestration.lib.frames import read_columns, value_counts_metadata, write_table
from orchestration.lib.scoring.loyalty_score import LoyaltyScoreConfig, loyalty_score, loyalty_tier

COLUMNS = [
    "customer_id",
    "frequency",
    "recency_days",
    "monetary",
    "campaign_open_rate",
    "campaign_click_rate",
    "campaign_conversion_rate",
    "points_redemption_rate",
    "tenure_days",
]


@segment_asset(deps=[CUSTOMER_FEATURES], group_name="scoring")
def loyalty_scores(warehouse: WarehouseResource, config: Tunables) -> dg.MaterializeResult:
    """Composite 0–100 score from recency, frequency, monetary value, campaign engagement,
    points redemption and tenure (weights in LoyaltyScoreConfig), and bronze…platinum tiers."""
    settings = config.apply(LoyaltyScoreConfig())
    with warehouse.connect() as conn:
        frame = read_columns(conn, FEATURES, COLUMNS)
        scores = loyalty_score(frame, settings)
        result = frame[["customer_id"]].assign(
            loyalty_score=scores, loyalty_tier=loyalty_tier(scores, settings)
        )
        rows = write_table(conn, "segments.loyalty_scores", result)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "tier_sizes": dg.MetadataValue.json(value_counts_metadata(result["loyalty_tier"])),
            "score_quartiles": dg.MetadataValue.json(
                {str(q): float(result["loyalty_score"].quantile(q)) for q in (0.25, 0.5, 0.75)}
            ),
            "settings": dg.MetadataValue.json(vars(settings)),
        }
    )
