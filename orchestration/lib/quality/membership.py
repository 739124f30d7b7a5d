"""Small profiles of the segment tables, computed in DuckDB so GX never holds the long table.

segment_membership has a row per member per family (tens of millions at a
million members); "exactly one row per customer per family" is a group-by in
the warehouse that leaves one row per family for GX to judge.
"""

from __future__ import annotations


def membership_families_sql(relation: str, cohort: str) -> str:
    """One row per segment_family: customers, rows, max_rows_per_customer, missing_customers
    (cohort members without a row in the family) and unknown_customers (rows of non-members).
    Null segments are dbt's not_null test on the published view."""
    return f"""
with per_customer as (
    select segment_family, customer_id, count(*) as member_rows
    from {relation}
    group by segment_family, customer_id
),
cohort as (select distinct customer_id from {cohort} where customer_id is not null),
flagged as (
    select per_customer.*, cohort.customer_id is not null as is_member
    from per_customer
    left join cohort on per_customer.customer_id = cohort.customer_id
)
select
    segment_family,
    count(*) filter (where is_member) as customers,
    cast(sum(member_rows) as bigint) as "rows",
    max(member_rows) as max_rows_per_customer,
    (select count(*) from cohort) - count(*) filter (where is_member) as missing_customers,
    count(*) filter (where not is_member) as unknown_customers
from flagged
group by segment_family
order by segment_family
"""


def membership_segments_sql(relation: str) -> str:
    """One row per (segment_family, segment) with its number of rows (customers), and
    is_rule_family for the `rule:<name>` families (GX conditions cannot match a prefix)."""
    return f"""
select segment_family, segment, count(*) as customers, starts_with(segment_family, 'rule:') as is_rule_family
from {relation}
group by segment_family, segment
order by segment_family, segment
"""


def family_shares_sql(relation: str) -> str:
    """segment_summary plus family_share_of_customers, the sum of share_of_customers per family."""
    return f"""
select *, sum(share_of_customers) over (partition by segment_family) as family_share_of_customers
from {relation}
"""
