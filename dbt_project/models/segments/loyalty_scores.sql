-- One row per customer (customer_features): the 0-100 loyalty score, the weighted mean of
-- six components in 0-1 (null where the member has no basis: left out, weights
-- renormalised), and its tier. Weights, tenure horizon and tiers: vars loyalty_score_*.
{%- set components = ['recency', 'frequency', 'monetary', 'engagement', 'redemption', 'tenure'] %}
{%- set weights = float_mapping_var('loyalty_score_weights', components) %}
{%- set tiers = float_mapping_var('loyalty_score_tier_thresholds', ['silver', 'gold', 'platinum']) %}
with

features as (

    select
        customer_id,
        frequency > 0 as is_buyer,
        recency_days,
        frequency,
        monetary,
        campaigns_contacted,
        campaign_open_rate,
        campaign_click_rate,
        campaign_conversion_rate,
        points_redemption_rate,
        tenure_days
    from {{ ref('customer_features') }}

),

components as (

    select
        customer_id,
        case
            when is_buyer then {{ beaten_share('recency_days', higher_is_better=false, partition_by='is_buyer') }}
            else 0
        end as recency,
        {{ beaten_share('frequency') }} as frequency,
        {{ beaten_share('monetary') }} as monetary,
        -- left out when never contacted; a rate the member's channels do not report counts 0
        case when campaigns_contacted > 0 then
            {{ clip_unit('(coalesce(campaign_open_rate, 0) + 2 * coalesce(campaign_click_rate, 0)'
                ~ ' + 3 * coalesce(campaign_conversion_rate, 0)) / 6') }}
        end as engagement,
        {{ clip_unit('points_redemption_rate') }} as redemption,
        coalesce({{ clip_unit('tenure_days / ' ~ float_var('loyalty_score_tenure_full_days')) }}, 0) as tenure
    from features

),

-- sums in component order, as the Python score did, so the floats agree to the last bit
weighted as (

    select
        customer_id,
        {% for name in components -%}
        {{ weights[name] }} * coalesce({{ name }}, 0){{ ' +' if not loop.last }}
        {% endfor -%} as weighted_sum,
        {% for name in components -%}
        case when {{ name }} is null then 0 else {{ weights[name] }} end{{ ' +' if not loop.last }}
        {% endfor -%} as weight_sum
    from components

),

scored as (

    select
        customer_id,
        {{ round_half_even('100 * weighted_sum / case when weight_sum > 0 then weight_sum else 1 end', 1) }}
            as loyalty_score
    from weighted

)

select
    customer_id,
    loyalty_score,
    case
        when loyalty_score >= {{ tiers['platinum'] }} then 'platinum'
        when loyalty_score >= {{ tiers['gold'] }} then 'gold'
        when loyalty_score >= {{ tiers['silver'] }} then 'silver'
        else 'bronze'
    end as loyalty_tier
from scored
