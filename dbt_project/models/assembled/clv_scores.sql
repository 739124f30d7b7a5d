{#
    One row per customer of customer_btyd_summary: the CLV scores from the Python fits' outputs.
    The BG/NBD quantities come per distinct history from clv_history_scores (they need the
    Gaussian hypergeometric function); the Gamma-Gamma order value, the discounted CLV, the
    churn risk and the next order date are formulas of those, the parameters and the vars.
#}
{%- set low_below = number_var('clv_churn_risk_low_below') | float %}
{%- set high_from = number_var('clv_churn_risk_high_from') | float %}
{%- if not (0 <= low_below <= high_from <= 1) %}
    {{ exceptions.raise_compiler_error("need 0 <= clv_churn_risk_low_below <= clv_churn_risk_high_from <= 1") }}
{%- endif %}
with

summary as (

    select * from {{ ref('customer_btyd_summary') }}

),

histories as (

    select * from {{ source('fits', 'clv_history_scores') }}

),

gamma_gamma as (

    -- one row: the fitted p, q, v, all null when the fit failed
    select
        max(case when parameter = 'p' then value end) as p,
        max(case when parameter = 'q' then value end) as q,
        max(case when parameter = 'v' then value end) as v
    from {{ source('fits', 'clv_model_params') }}
    where model = 'gamma_gamma'

),

fallback as (

    -- everyone's order value when the Gamma-Gamma fit failed: the mean repeat purchase day
    select {{ safe_ratio('sum(frequency * monetary_value)', 'sum(frequency)') }} as order_value
    from summary
    where frequency > 0 and monetary_value > 0

),

members as (

    -- the Gamma-Gamma inputs: no repeat purchase counts as x = 0, a negative value as 0
    select
        summary.customer_id,
        histories.customers is not null as has_history,
        case when summary.frequency > 0 and summary.monetary_value is not null
            then cast(summary.frequency as {{ type_double() }}) else 0 end as x,
        case when summary.frequency > 0 and summary.monetary_value is not null
            then greatest(summary.monetary_value, 0) else 0 end as m,
        histories.p_alive,
        histories.expected_orders_90d,
        histories.prob_no_purchase_90d,
        histories.median_days_to_next_order,
        histories.discounted_expected_orders_12m
    from summary
    left join histories
        on summary.frequency = histories.frequency
        and summary.recency = histories.recency
        and summary.{{ adapter.quote('T') }} = histories.{{ adapter.quote('T') }}

),

valued as (

    -- E[order value | x, m] = (p v + p x m) / (p x + q - 1): the population mean p v / (q - 1)
    -- weighed against the member's own mean by his repeat purchases
    select
        members.*,
        case
            when not members.has_history then null
            when gamma_gamma.p is null or gamma_gamma.q is null or gamma_gamma.v is null
                then fallback.order_value
            else (gamma_gamma.p * gamma_gamma.v + gamma_gamma.p * members.x * members.m)
                / (gamma_gamma.p * members.x + gamma_gamma.q - 1)
        end as expected_order_value
    from members
    cross join gamma_gamma
    cross join fallback

)

select
    customer_id,
    p_alive,
    expected_orders_90d,
    expected_order_value,
    discounted_expected_orders_12m * expected_order_value as predicted_clv_12m,
    prob_no_purchase_90d,
    case
        when prob_no_purchase_90d < {{ float_var('clv_churn_risk_low_below') }} then 'low'
        when prob_no_purchase_90d < {{ float_var('clv_churn_risk_high_from') }} then 'medium'
        when prob_no_purchase_90d >= {{ float_var('clv_churn_risk_high_from') }} then 'high'
    end as churn_risk,
    -- the as-of day is observed, so the earliest next order is the day after
    case when median_days_to_next_order <= {{ float_var('clv_next_order_max_days') }} then
        cast({{ dbt.dateadd('day', 'cast(greatest(1, round(median_days_to_next_order)) as ' ~ dbt.type_int() ~ ')',
            as_of_date()) }} as date)
    end as expected_next_order_date
from valued
