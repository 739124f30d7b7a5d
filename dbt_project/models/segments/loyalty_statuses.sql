-- One row per customer (customer_features): the loyalty status, judging silence against
-- the member's own buying rhythm and absolute limits, and the win-back flag (past high
-- value whose recent pace fell well below it). Thresholds: dbt_project.yml vars
-- loyalty_status_* and win_back_*.
{%- set recent_days = number_var('win_back_recent_days') | int %}
with

features as (

    select
        customer_id,
        frequency,
        recency_days,
        avg_days_between_orders,
        orders_last_365d,
        -- money as floats: the quantile and the pace compare in float arithmetic
        cast(revenue_prior_365d as {{ type_double() }}) as revenue_prior_365d,
        cast(revenue_last_{{ recent_days }}d as {{ type_double() }}) as revenue_recent,
        {{ dbt.datediff('first_order_date', 'as_of_date', 'day') }} as days_since_first_order
    from {{ ref('customer_features') }}

),

-- one-purchase-day members have no gap of their own: the population's median stands in
population_rhythm as (

    select
        coalesce(
            {{ quantile_cont('avg_days_between_orders', 0.5) }},
            {{ float_var('loyalty_status_fallback_gap_days') }}
        ) as median_gap_days
    from features

),

past_value as (

    select {{ quantile_cont('revenue_prior_365d', number_var('win_back_high_value_quantile')) }}
        as high_value_threshold
    from features
    where revenue_prior_365d > 0

),

rhythms as (

    select
        features.*,
        coalesce(features.avg_days_between_orders, population_rhythm.median_gap_days) as gap_days
    from features
    cross join population_rhythm

)

select
    rhythms.customer_id,
    case
        when rhythms.frequency <= 0 then 'prospect'
        when rhythms.days_since_first_order <= {{ number_var('loyalty_status_new_days') }} then 'new'
        when rhythms.recency_days > least(
            {{ float_var('loyalty_status_lapsed_max_days') }},
            greatest(
                {{ float_var('loyalty_status_lapsed_min_days') }},
                {{ float_var('loyalty_status_lapsed_gap_multiple') }} * rhythms.gap_days
            )
        ) then 'lapsed'
        when rhythms.recency_days > greatest(
            {{ float_var('loyalty_status_at_risk_min_days') }},
            {{ float_var('loyalty_status_at_risk_gap_multiple') }} * rhythms.gap_days
        ) then 'at_risk'
        when rhythms.orders_last_365d >= {{ number_var('loyalty_status_loyal_min_orders_365d') }} then 'loyal'
        else 'casual'
    end as loyalty_status,
    coalesce(
        rhythms.revenue_prior_365d > 0
        and rhythms.revenue_prior_365d >= past_value.high_value_threshold
        and rhythms.revenue_recent * cast(365 as {{ type_double() }}) / {{ recent_days }}
            < {{ float_var('win_back_decline_ratio') }} * rhythms.revenue_prior_365d,
        false
    ) as win_back_candidate
from rhythms
cross join past_value
