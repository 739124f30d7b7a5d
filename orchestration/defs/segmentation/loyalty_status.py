"""Loyalty status and win-back candidates."""

import dagster as dg
from pydantic import Field

from orchestration.defs.resources import WarehouseResource
from orchestration.defs.segmentation.common import FEATURES, Tunables, features_as_of, segment_asset
from orchestration.defs.transform.dbt_models import CUSTOMER_FEATURES
from orchestration.lib.frames import read_columns, value_counts_metadata, write_table
from orchestration.lib.segmentation.loyalty_status import (
    LoyaltyStatusConfig,
    WinBackConfig,
    classify_loyalty_status,
    flag_win_back,
)

COLUMNS = [
    "customer_id",
    "frequency",
    "recency_days",
    "first_order_date",
    "avg_days_between_orders",
    "orders_last_365d",
    "revenue_prior_365d",
    "revenue_last_180d",
]


class LoyaltyStatusTunables(Tunables):
    """Overrides of LoyaltyStatusConfig (`overrides`) and WinBackConfig (`win_back_overrides`)."""

    win_back_overrides: dict[str, float] = Field(default_factory=dict)


@segment_asset(deps=[CUSTOMER_FEATURES], group_name="segmentation")
def loyalty_statuses(warehouse: WarehouseResource, config: LoyaltyStatusTunables) -> dg.MaterializeResult:
    """prospect / new / loyal / casual / at_risk / lapsed, judging silence against each member's
    own buying rhythm, and win-back candidates (past high value, recent pace well below it)."""
    status_config = config.apply(LoyaltyStatusConfig())
    win_back_config = Tunables(overrides=config.win_back_overrides).apply(WinBackConfig())
    with warehouse.connect() as conn:
        frame = read_columns(conn, FEATURES, COLUMNS)
        as_of = features_as_of(conn)
        result = frame[["customer_id"]].assign(
            loyalty_status=classify_loyalty_status(frame, as_of, status_config),
            win_back_candidate=flag_win_back(frame, win_back_config),
        )
        rows = write_table(conn, "segments.loyalty_statuses", result)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "status_sizes": dg.MetadataValue.json(value_counts_metadata(result["loyalty_status"])),
            "win_back_candidates": int(result["win_back_candidate"].sum()),
            "settings": dg.MetadataValue.json(
                {"status": vars(status_config), "win_back": vars(win_back_config)}
            ),
        }
    )
