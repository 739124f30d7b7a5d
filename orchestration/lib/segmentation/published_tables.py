"""SQL assembling the published segment tables (docs/contract.md §3) from the per-family tables.

Set work stays in the warehouse: the long `segment_membership` table (members ×
families, tens of millions of rows at scale) is an unpivot in SQL, never a
Python frame.
"""

from __future__ import annotations

from orchestration.lib.segmentation.families import DESCRIPTIVE_FAMILIES

# (family, relation, column): exactly one row per member per family.
SINGLE_VALUE_FAMILIES: tuple[tuple[str, str, str], ...] = (
    ("rfm", "segments.customer_segments", "rfm_segment"),
    ("loyalty_status", "segments.customer_segments", "loyalty_status"),
    ("behavior_cluster", "segments.customer_segments", "coalesce(behavior_cluster_label, 'prospect')"),
    (
        "win_back",
        "segments.customer_segments",
        "case when win_back_candidate then 'candidate' else 'not_candidate' end",
    ),
    ("loyalty_tier", "segments.customer_scores", "loyalty_tier"),
    ("churn_risk", "segments.customer_scores", "coalesce(churn_risk, 'unknown')"),
    *((family, "segments.descriptive_segments", family) for family in DESCRIPTIVE_FAMILIES),
)


def segment_membership_sql() -> str:
    """Long form: customer_id, segment_family, segment — every family, then every rule."""
    selects = [
        f"select customer_id, '{family}' as segment_family, cast({column} as varchar) as segment "
        f"from {relation}"
        for family, relation, column in SINGLE_VALUE_FAMILIES
    ]
    selects.append(
        "select customer_id, 'rule:' || rule_name as segment_family, segment from segments.rule_segments"
    )
    return "\nunion all\n".join(selects)


SEGMENT_SUMMARY_SQL = """
with members as (
    select
        m.segment_family,
        m.segment,
        m.customer_id,
        f.revenue_last_365d,
        s.loyalty_score,
        s.predicted_clv_12m
    from segments.segment_membership as m
    join marts.customer_features as f using (customer_id)
    join segments.customer_scores as s using (customer_id)
),
totals as (
    select count(*) as customers, sum(revenue_last_365d) as revenue_12m
    from marts.customer_features
)
select
    members.segment_family,
    members.segment,
    count(*) as customers,
    count(*) / max(totals.customers) as share_of_customers,
    coalesce(sum(members.revenue_last_365d), 0) as revenue_12m,
    coalesce(sum(members.revenue_last_365d) / nullif(max(totals.revenue_12m), 0), 0) as share_of_revenue_12m,
    avg(members.loyalty_score) as avg_loyalty_score,
    avg(members.predicted_clv_12m) as avg_predicted_clv_12m
from members
cross join totals
group by members.segment_family, members.segment
order by members.segment_family, customers desc, members.segment
"""
