{#- One row per family and segment of segment_membership: members, shares, revenue and mean scores. -#}
with

members as (

    select
        membership.segment_family,
        membership.segment,
        features.revenue_last_365d,
        scores.loyalty_score,
        scores.predicted_clv_12m
    from {{ ref('segment_membership') }} as membership
    inner join {{ ref('customer_features') }} as features
        on membership.customer_id = features.customer_id
    inner join {{ ref('customer_scores') }} as scores
        on membership.customer_id = scores.customer_id

),

totals as (

    select
        count(*) as customers,
        sum(revenue_last_365d) as revenue_12m
    from {{ ref('customer_features') }}

)

select
    members.segment_family,
    members.segment,
    count(*) as customers,
    cast(count(*) as {{ type_double() }}) / max(totals.customers) as share_of_customers,
    coalesce(sum(members.revenue_last_365d), 0) as revenue_12m,
    coalesce(
        cast(sum(members.revenue_last_365d) as {{ type_double() }})
        / nullif(cast(max(totals.revenue_12m) as {{ type_double() }}), 0),
        0
    ) as share_of_revenue_12m,
    avg(members.loyalty_score) as avg_loyalty_score,
    avg(members.predicted_clv_12m) as avg_predicted_clv_12m
from members
cross join totals
group by members.segment_family, members.segment
order by members.segment_family, customers desc, members.segment
