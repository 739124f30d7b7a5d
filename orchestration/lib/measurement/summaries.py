"""What segment_kpis and campaign_performance hold, in numbers for asset metadata.

dbt builds both tables (models/measurement); these read them once dbt has finished.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

SEGMENT_KPIS = "history.segment_kpis"
CAMPAIGN_PERFORMANCE = "segments.campaign_performance"


def kept_as_of_dates(conn: duckdb.DuckDBPyConnection, as_of: dt.date) -> tuple[int, int, int]:
    """(all rows, rows of `as_of`, as-of dates kept) of segment_kpis."""
    return conn.execute(
        "select count(*), count(*) filter (where as_of_date = ?), count(distinct as_of_date)"
        f" from {SEGMENT_KPIS}",
        [as_of],
    ).fetchone()


def top_segment_per_family(conn: duckdb.DuckDBPyConnection, as_of: dt.date) -> pd.DataFrame:
    """Per family, the segment with the most 12-month revenue at `as_of` and its share of the base's."""
    return conn.execute(
        f"""
        select
            kpis.segment_family,
            kpis.segment,
            kpis.members,
            kpis.revenue_12m,
            round(cast(kpis.revenue_12m as double) / nullif(base.revenue_12m, 0), 3) as share_of_revenue_12m
        from {SEGMENT_KPIS} as kpis
        join {SEGMENT_KPIS} as base
            on base.as_of_date = kpis.as_of_date and base.segment_family = 'all'
        where kpis.as_of_date = ? and kpis.segment_family <> 'all'
        qualify row_number() over (
            partition by kpis.segment_family order by kpis.revenue_12m desc, kpis.segment
        ) = 1
        order by kpis.segment_family
        """,
        [as_of],
    ).df()


def campaign_overview(conn: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Campaigns, those with a holdout, rows per segment basis and the significant overall uplifts."""
    campaigns, with_holdout = conn.execute(
        f"select count(*), count(*) filter (where control_members > 0) from {CAMPAIGN_PERFORMANCE}"
        " where segment_family = 'all'"
    ).fetchone()
    bases = conn.execute(
        f"select segment_basis, count(*) from {CAMPAIGN_PERFORMANCE} group by 1 order by 2 desc, 1"
    ).fetchall()
    significant = conn.execute(
        f"""
        select campaign_id, campaign_name, uplift, uplift_ci_low, uplift_ci_high, window_complete
        from {CAMPAIGN_PERFORMANCE}
        where segment_family = 'all' and uplift_significant
        order by sent_date, campaign_id
        """
    ).fetchall()
    return {
        "campaigns": campaigns,
        "campaigns_with_holdout": with_holdout,
        "segment_basis": dict(bases),
        "significant_uplifts": [
            {
                "campaign_id": campaign_id,
                "campaign_name": name,
                "uplift": round(uplift, 4),
                "ci": [round(low, 4), round(high, 4)],
                "window_complete": complete,
            }
            for campaign_id, name, uplift, low, high, complete in significant
        ],
    }
