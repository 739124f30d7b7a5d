-- One row per as-of date, segment family and segment (plus the whole base as `all`/`all`), kept
-- across runs: members, 12-month buying, repeat purchase, 90-day retention, points redemption and
-- the response rates per contact channel (macro response_rate). Purchase days come from the BTYD
-- summary (frequency = purchase days - 1); customer_features.frequency counts orders.
{{ config(materialized='incremental', schema='history', full_refresh=false, on_schema_change='fail',
    **kept_per_as_of_date()) }}
with

-- every measure the KPIs sum, one row per member: joined once per member rather than once per
-- member and family (segment_membership has a row per member and family)
member_measures as (

    select
        features.customer_id,
        features.as_of_date,
        features.orders_last_365d,
        features.revenue_last_365d,
        features.orders_last_180d,
        features.orders_last_90d,
        features.points_redeemed,
        features.points_earned,
        coalesce(purchases.frequency, 0) as repeat_purchase_days,
        {%- for channel in contact_channels() %}
        {%- for event in response_rates().values() %}
        responses.{{ channel }}_reached_{{ event }},
        {%- endfor %}
        responses.{{ channel }}_campaigns_reached{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('customer_features') }} as features
    left join {{ ref('customer_btyd_summary') }} as purchases
        on features.customer_id = purchases.customer_id
    left join {{ ref('int_campaign_events_pivoted_to_customers') }} as responses
        on features.customer_id = responses.customer_id

),

members as (

    select membership.segment_family, membership.segment, measures.*
    from {{ ref('segment_membership') }} as membership
    inner join member_measures as measures
        on membership.customer_id = measures.customer_id
    union all
    select 'all' as segment_family, 'all' as segment, measures.*
    from member_measures as measures

),

aggregated as (

    select
        as_of_date,
        segment_family,
        segment,
        cast(count(*) as {{ dbt.type_bigint() }}) as members,
        {{ count_where('orders_last_365d > 0') }} as buyers_12m,
        cast(sum(orders_last_365d) as {{ dbt.type_bigint() }}) as orders_12m,
        cast(sum(revenue_last_365d) as decimal(38, 2)) as revenue_12m,
        {{ safe_ratio('sum(revenue_last_365d)', 'sum(orders_last_365d)') }} as avg_order_value_12m,
        {{ safe_ratio(count_where('repeat_purchase_days >= 1'), 'count(*)') }} as repeat_purchase_rate,
        -- of the members who ordered 91-180 days before the as-of date, those who ordered in the last 90
        {{ safe_ratio(
            count_where('orders_last_180d > orders_last_90d and orders_last_90d > 0'),
            count_where('orders_last_180d > orders_last_90d')) }} as retention_90d,
        {{ safe_ratio('sum(points_redeemed)', 'sum(points_earned)') }} as points_redemption_rate,
        {%- for channel in contact_channels() %}
        {%- for event in response_rates().values() %}
        sum({{ channel }}_reached_{{ event }}) as {{ channel }}_{{ event }},
        {%- endfor %}
        sum({{ channel }}_campaigns_reached) as {{ channel }}_reached{{ ',' if not loop.last }}
        {%- endfor %}
    from members
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
