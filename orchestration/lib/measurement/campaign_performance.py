"""Campaign performance per campaign and segment, with holdout uplift.

Counts come from SQL (campaign_counts), the statistics from a small function over the
aggregated frame (uplift): a few thousand rows even at a million members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from orchestration.lib.measurement.campaign_counts import count_campaigns
from orchestration.lib.measurement.uplift import add_uplift

CAMPAIGN_PERFORMANCE = "segments.campaign_performance"

COLUMNS = (
    "campaign_id",
    "campaign_name",
    "channel",
    "campaign_type",
    "sent_date",
    "segment_family",
    "segment",
    "segment_basis",
    "targeted",
    "delivered",
    "opened",
    "clicked",
    "converted",
    "unsubscribed",
    "bounced",
    "open_rate",
    "click_rate",
    "conversion_rate",
    "control_members",
    "attribution_days",
    "window_complete",
    "treated_buyers",
    "treated_order_rate",
    "control_buyers",
    "control_order_rate",
    "uplift",
    "uplift_ci_low",
    "uplift_ci_high",
    "uplift_significant",
)
"""The table's columns, in order."""


@dataclass(frozen=True)
class CampaignPerformanceConfig:
    """Settings of campaign performance.

    attribution_days: a member counts as a buyer with a completed order on one of this
        many days after the send day (capped at the as-of date); the window is complete
        once sent_date + attribution_days <= as-of.
    confidence: level of the Wald interval of the uplift.
    min_outcomes: uplift is significant only when each group has at least this many buyers
        and as many non-buyers (the normal approximation's success–failure condition).
    """

    attribution_days: int = 14
    confidence: float = 0.95
    min_outcomes: int = 5

    def __post_init__(self) -> None:
        if self.attribution_days < 1:
            raise ValueError(f"attribution_days must be at least 1, got {self.attribution_days}")


def measure_campaign_performance(
    conn: duckdb.DuckDBPyConnection, as_of: dt.date, config: CampaignPerformanceConfig
) -> pd.DataFrame:
    """One row per campaign sent up to `as_of` and segment, plus one `all`/`all` row per campaign."""
    counts = count_campaigns(conn, as_of, config.attribution_days)
    frame = add_uplift(counts, config.confidence, config.min_outcomes)[list(COLUMNS)]
    return frame.sort_values(["sent_date", "campaign_id", "segment_family", "segment"], ignore_index=True)


def write_campaign_performance(conn: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> int:
    """Replace segments.campaign_performance with `frame`; returns its rows.

    pandas holds dates as timestamps, so sent_date is cast back to a date.
    """
    conn.execute("create schema if not exists segments")
    conn.register("_campaign_performance", frame)
    try:
        conn.execute(
            f"create or replace table {CAMPAIGN_PERFORMANCE} as "
            "select * replace (cast(sent_date as date) as sent_date) from _campaign_performance"
        )
    finally:
        conn.unregister("_campaign_performance")
    return len(frame)


def significant_uplifts(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The campaigns whose overall uplift is significant, for asset metadata."""
    overall = frame[(frame["segment_family"] == "all") & frame["uplift_significant"].fillna(False)]
    return [
        {
            "campaign_id": row.campaign_id,
            "campaign_name": row.campaign_name,
            "uplift": round(float(row.uplift), 4),
            "ci": [round(float(row.uplift_ci_low), 4), round(float(row.uplift_ci_high), 4)],
            "window_complete": bool(row.window_complete),
        }
        for row in overall.itertuples()
    ]
