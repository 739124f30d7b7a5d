"""The report's aggregations over the published serving database (docs/contract.md §3).

Every query returns a small frame (a row per segment, grid cell or cluster), so the
report costs a few scans however many members the serving tables hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from orchestration.lib.segmentation.families import UNKNOWN
from orchestration.lib.sql import quote_identifier
from orchestration.lib.warehouse import relation_exists

CLUSTER_FEATURES: tuple[tuple[str, str], ...] = (
    ("customer_segments", "recency_days"),
    ("customer_segments", "frequency"),
    ("customer_segments", "monetary"),
    ("customer_features", "avg_order_value"),
    ("customer_features", "tenure_days"),
    ("customer_features", "spend_trend_ratio"),
    ("customer_features", "campaign_open_rate"),
    ("customer_features", "points_balance"),
    ("customer_scores", "loyalty_score"),
    ("customer_scores", "p_alive"),
    ("customer_scores", "predicted_clv_12m"),
)
"""(table, column) of the features a cluster profile averages; those not published are left out."""

_CLUSTER_TABLE_ALIASES = {"customer_segments": "s", "customer_scores": "c", "customer_features": "f"}


@dataclass(frozen=True)
class PublishInfo:
    as_of_date: date
    published_at: datetime
    run_id: str
    members: int


def read_publish_info(conn: duckdb.DuckDBPyConnection) -> PublishInfo:
    """Which run and as-of date the serving database holds, and how many members."""
    as_of_date, published_at, run_id = conn.execute(
        "select as_of_date, published_at, run_id from publish_info"
    ).fetchone()
    members = conn.execute("select count(*) from customer_segments").fetchone()[0]
    return PublishInfo(as_of_date, published_at, run_id, members)


def table_exists(conn: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the serving database publishes `table` (newer tables may not be there yet)."""
    return relation_exists(conn, "main", table)


def read_segment_summary(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The published segment_summary, one row per family and segment."""
    return conn.execute(
        """
        select segment_family, segment, customers, share_of_customers,
               revenue_12m::double as revenue_12m, share_of_revenue_12m,
               avg_loyalty_score, avg_predicted_clv_12m
        from segment_summary
        order by segment_family, customers desc, segment
        """
    ).df()


def read_rfm_grid(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Members and mean monetary value per (r_score, f_score) cell, buyers only."""
    return conn.execute(
        """
        select r_score, f_score, count(*) as members, avg(monetary)::double as mean_monetary
        from customer_segments
        where r_score is not null and f_score is not null
        group by all
        order by all
        """
    ).df()


def read_tier_mix(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Members per loyalty tier and churn risk (unscored members count as unknown)."""
    return conn.execute(
        """
        select coalesce(loyalty_tier, ?) as loyalty_tier, coalesce(churn_risk, ?) as churn_risk,
               count(*) as members
        from customer_scores
        group by all
        order by all
        """,
        [UNKNOWN, UNKNOWN],
    ).df()


def read_cluster_profiles(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per behavioural cluster: label, members and the mean of each published key feature."""
    published = set(
        conn.execute(
            "select table_name, column_name from information_schema.columns where table_schema = 'main'"
        ).fetchall()
    )
    columns = [
        "s.behavior_cluster as cluster",
        "min(s.behavior_cluster_label) as label",
        "count(*) as members",
        *(
            f"avg({_CLUSTER_TABLE_ALIASES[table]}.{quote_identifier(column)})::double"
            f" as {quote_identifier(column)}"
            for table, column in CLUSTER_FEATURES
            if (table, column) in published
        ),
    ]
    return conn.execute(
        f"""
        select {", ".join(columns)}
        from customer_segments as s
        left join customer_scores as c on c.customer_id = s.customer_id
        left join customer_features as f on f.customer_id = s.customer_id
        where s.behavior_cluster is not null
        group by s.behavior_cluster
        order by cluster
        """
    ).df()
