-- One row per as-of date, segment family and segment (plus the whole base as `all`/`all`), kept
-- across runs: members, 12-month buying, repeat purchase, 90-day retention, points redemption and
-- the response rates per contact channel (macro response_rate). Purchase days come from the BTYD
-- summary (frequency = purchase days - 1); customer_features.frequency counts orders.
{{ config(materialized='incremental', schema='history', full_refresh=false, on_schema_change='fail',
    **kept_per_as_of_date()) }}
with

members as (

    select segment_family, segment, customer_id from {{ ref('segment_membership') }}
    union all
    select 'all' as segment_family, 'all' as segment, customer_id from {{ ref('customer_features') }}

),

aggregated as (

    select
        features.as_of_date,
        members.segment_family,
        members.segment,
        cast(count(*) as {{ dbt.type_bigint() }}) as members,
        {{ count_where('features.orders_last_365d > 0') }} as buyers_12m,
        cast(sum(features.orders_last_365d) as {{ dbt.type_bigint() }}) as orders_12m,
        cast(sum(features.revenue_last_365d) as decimal(38, 2)) as revenue_12m,
        {{ safe_ratio('sum(features.revenue_last_365d)', 'sum(features.orders_last_365d)') }}
            as avg_order_value_12m,
        {{ safe_ratio(count_where('coalesce(purchases.frequency, 0) >= 1'), 'count(*)') }} as repeat_purchase_rate,
        -- of the members who ordered 91-180 days before the as-of date, those who ordered in the last 90
        {{ safe_ratio(
            count_where('features.orders_last_180d > features.orders_last_90d and features.orders_last_90d > 0'),
            count_where('features.orders_last_180d > features.orders_last_90d')) }} as retention_90d,
        {{ safe_ratio('sum(features.points_redeemed)', 'sum(features.points_earned)') }} as points_redemption_rate,
        {%- for channel in contact_channels() %}
        {%- for event in response_rates().values() %}
        sum(responses.{{ channel }}_reached_{{ event }}) as {{ channel }}_{{ event }},
        {%- endfor %}
        sum(responses.{{ channel }}_campaigns_reached) as {{ channel }}_reached{{ ',' if not loop.last }}
        {%- endfor %}

    from members
    inner join {{ ref('customer_features') }} as features
        on members.customer_id = features.customer_id
    left join {{ ref('customer_btyd_summary') }} as purchases
        on members.customer_id = purchases.customer_id
    left join {{ ref('int_campaign_events_pivoted_to_customers') }} as responses
        on members.customer_id = responses.customer_id
    group by 1, 2, 3

)

select
    aggregated.as_of_date,
    aggregated.segment_family,
    aggregated.segment,
    aggregated.members,
    aggregated.buyers_12m,
    aggregated.orders_12m,
    aggregated.revenue_12m,
    aggregated.avg_order_value_12m,
    aggregated.repeat_purchase_rate,
    aggregated.retention_90d,
    aggregated.points_redemption_rate,
    {%- for channel in contact_channels() %}
    {%- for rate, event in response_rates().items() %}
    {{ response_rate('aggregated.' ~ channel ~ '_' ~ event, 'aggregated.' ~ channel ~ '_reached',
        channel ~ '_tracking.tracks_' ~ event) }} as {{ channel }}_{{ rate }}{{ ',' if not loop.last }}
    {%- endfor %}{{ ',' if not loop.last }}
    {%- endfor %}
from aggregated
{%- for channel in contact_channels() %}
left join {{ ref('int_campaign_events_aggregated_to_channels') }} as {{ channel }}_tracking
    on {{ channel }}_tracking.channel = '{{ channel }}'
{%- endfor %}
