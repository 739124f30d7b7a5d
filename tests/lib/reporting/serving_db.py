"""A small hand-built serving database (docs/contract.md §3 tables) for the report tests.

40 members: every 8th is a prospect (no orders, no scores, no cluster); the rest
have deterministic RFM scores, statuses, clusters and scores. One cluster label and
one descriptive segment carry HOSTILE_NAME, which the page must show as text.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

import duckdb

from orchestration.lib.reporting.segment_report import SegmentReport, build_segment_report

AS_OF = date(2026, 9, 30)
PREVIOUS_AS_OF = date(2026, 9, 29)
RUN_ID = "run-report-test"
PUBLISHED_AT = datetime(2026, 10, 1, 2, 15, 0)
MEMBERS = 40
PROSPECTS = 5
HOSTILE_NAME = '<script>alert("segment")</script>'

SEGMENTS_SQL = """
create table customer_segments as
with members as (select range as i, i % 8 = 0 as prospect from range(40))
select printf('c%02d', i) as customer_id, ?::date as as_of_date,
       case when not prospect then 1 + (i * 17) % 365 end as recency_days,
       case when prospect then 0 else 1 + i % 7 end as frequency,
       (case when prospect then 0 else 25 * (1 + i % 7) + i end)::decimal(18, 2) as monetary,
       case when not prospect then 1 + i % 5 end as r_score,
       case when not prospect then 1 + (i * 3) % 5 end as f_score,
       case when not prospect then 1 + (i * 2) % 5 end as m_score,
       case when prospect then 'prospect' when i % 5 >= 3 then 'champions' else 'lost' end as rfm_segment,
       case when prospect then 'prospect' else ['loyal', 'casual', 'at_risk', 'lapsed'][1 + i % 4] end
           as loyalty_status,
       not prospect and i % 6 = 1 as win_back_candidate,
       case when not prospect then i % 3 end as behavior_cluster,
       case when not prospect then ['frequent high spenders', 'occasional buyers', ?][1 + i % 3] end
           as behavior_cluster_label
from members
"""

SCORES_SQL = """
create table customer_scores as
select customer_id, as_of_date, 2.5 * row_number() over (order by customer_id) - 2.5 as loyalty_score,
       case when loyalty_score < 40 then 'bronze' when loyalty_score < 60 then 'silver'
            when loyalty_score < 80 then 'gold' else 'platinum' end as loyalty_tier,
       case when frequency > 0 then 0.5 + r_score / 10 end as p_alive,
       case when frequency > 0 then
           case when customer_id = 'c39' then 100000.0 else 10.0 * frequency * r_score end
       end as predicted_clv_12m,
       case when frequency > 0 then ['low', 'medium', 'high'][1 + r_score % 3] end as churn_risk
from customer_segments
"""

FEATURES_SQL = """
create table customer_features as
select customer_id, as_of_date, case when frequency > 0 then monetary / frequency end as avg_order_value,
       100 + 10 * row_number() over (order by customer_id) as tenure_days, 5 * frequency as points_balance
from customer_segments
"""

SUMMARY_SQL = """
create table segment_summary as
with membership as (
    select customer_id, 'rfm' as segment_family, rfm_segment as segment from customer_segments
    union all select customer_id, 'loyalty_status', loyalty_status from customer_segments
    union all select customer_id, 'behavior_cluster', coalesce(behavior_cluster_label, 'prospect')
        from customer_segments
    union all select customer_id, 'loyalty_tier', loyalty_tier from customer_scores
    union all select customer_id, 'interest', [?, 'outdoor', 'unknown'][1 + right(customer_id, 2)::int % 3]
        from customer_segments
    union all select customer_id, 'rule:vip', case when monetary > 150 then 'in' else 'out' end
        from customer_segments
)
select segment_family, segment, count(*) as customers, count(*) / 40 as share_of_customers,
       sum(monetary) as revenue_12m,
       sum(monetary) / sum(sum(monetary)) over (partition by segment_family) as share_of_revenue_12m,
       avg(loyalty_score) as avg_loyalty_score, avg(predicted_clv_12m) as avg_predicted_clv_12m
from membership
join customer_segments using (customer_id)
join customer_scores using (customer_id)
group by segment_family, segment
"""

TRANSITION_ROWS = [
    (AS_OF, PREVIOUS_AS_OF, "rfm", None, "champions", 3),
    (AS_OF, PREVIOUS_AS_OF, "rfm", "champions", "champions", 5),
    (AS_OF, PREVIOUS_AS_OF, "rfm", "champions", "lost", 2),
    (AS_OF, PREVIOUS_AS_OF, "rfm", "lost", None, 1),
    (AS_OF, PREVIOUS_AS_OF, "loyalty_status", "loyal", "at_risk", 4),
    (AS_OF, PREVIOUS_AS_OF, "loyalty_status", "loyal", "loyal", 6),
    (AS_OF, PREVIOUS_AS_OF, "gender", "female", "female", 9),
    (PREVIOUS_AS_OF, date(2026, 9, 28), "rfm", "lost", "champions", 99),
]
"""Transitions into AS_OF, plus a family the report does not draw and an older date it must ignore."""


def create_transitions(conn: duckdb.DuckDBPyConnection, rows: list[tuple] = TRANSITION_ROWS) -> None:
    conn.execute(
        """
        create table segment_transitions (
            as_of_date date, previous_as_of_date date, segment_family varchar,
            from_segment varchar, to_segment varchar, customers bigint
        )
        """
    )
    if rows:
        conn.executemany("insert into segment_transitions values (?, ?, ?, ?, ?, ?)", rows)


def build_serving_db(conn: duckdb.DuckDBPyConnection, with_transitions: bool = True) -> None:
    """Create the published tables the report reads in `conn`."""
    conn.execute(SEGMENTS_SQL, [AS_OF, HOSTILE_NAME])
    conn.execute(SCORES_SQL)
    conn.execute(FEATURES_SQL)
    conn.execute(SUMMARY_SQL, [HOSTILE_NAME])
    conn.execute(
        "create table publish_info as select ?::date as as_of_date, ? as published_at, ? as run_id",
        [AS_OF, PUBLISHED_AT, RUN_ID],
    )
    if with_transitions:
        create_transitions(conn)


@functools.cache
def built_report() -> SegmentReport:
    """The report of the default serving database, built once per session (drawing takes seconds)."""
    conn = duckdb.connect()
    build_serving_db(conn)
    return build_segment_report(conn)
