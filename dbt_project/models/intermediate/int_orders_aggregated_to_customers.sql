-- One row per customer with an order up to the as-of date: completed-order stats and order mix,
-- from the member-day facts.
-- A table: it aggregates a large table once for its consumers and tests.
{{ config(materialized='table') }}

with

orders as (

    select
        *,
        {{ dbt.datediff('order_date', as_of_date(), 'day') }} as days_before_as_of
    from {{ ref('fct_orders_per_member_day') }}
    where order_date <= {{ as_of_date() }}

),

customer_purchase_days as (

    select customer_id, purchase_days
    from {{ ref('int_purchase_days_aggregated_to_customers') }}

),

categories as (

    select customer_id, count(*) as distinct_categories_purchased
    from {{ ref('int_order_lines_aggregated_to_customer_categories') }}
    group by 1

),

{#- windows by days before the as-of date: the 90 and 365 days ending on it, and the 365 before those #}
{%- set windows = {'last_90d': (0, 89), 'last_180d': (0, 179), 'last_365d': (0, 364), 'prior_365d': (365, 729)} %}
{%- set channel_columns = [] %}
{%- for channel in order_channels() %}{% do channel_columns.append(channel ~ '_orders') %}{% endfor %}

aggregated as (

    select
        customer_id,
        min(case when completed_orders > 0 then order_date end) as first_order_date,
        max(case when completed_orders > 0 then order_date end) as last_order_date,
        {{ sum_bigint('completed_orders') }} as frequency,
        coalesce(sum(completed_value), 0) as monetary,
        {%- for name, (low, high) in windows.items() %}
        {{ sum_bigint('case when days_before_as_of between ' ~ low ~ ' and ' ~ high ~ ' then completed_orders end') }}
            as orders_{{ name }},
        coalesce(sum(case when days_before_as_of between {{ low }} and {{ high }}
            then completed_value end), 0) as revenue_{{ name }},
        {%- endfor %}
        {%- for channel in order_channels() %}
        {{ sum_bigint(channel ~ '_orders') }} as {{ channel }}_orders,
        {%- endfor %}
        {{ sum_bigint('returned_orders') }} as returned_orders,
        {{ sum_bigint('cancelled_orders') }} as cancelled_orders,
        {{ sum_bigint('discounted_orders') }} as discounted_orders,
        coalesce(sum(completed_discount), 0) as total_discount

    from orders
    group by 1

),

final as (

    select
        aggregated.*,
        coalesce(customer_purchase_days.purchase_days, 0) as purchase_days,
        {{ dbt.datediff('last_order_date', as_of_date(), 'day') }} as recency_days,
        {{ safe_ratio('monetary', 'frequency') }} as avg_order_value,
        {{ safe_ratio('revenue_last_365d', 'revenue_prior_365d') }} as spend_trend_ratio,
        {{ safe_ratio(dbt.datediff('first_order_date', 'last_order_date', 'day'), 'customer_purchase_days.purchase_days - 1') }}
            as avg_days_between_orders,
        {{ safe_ratio('returned_orders', 'frequency + returned_orders') }} as return_rate,
        {{ safe_ratio('discounted_orders', 'frequency') }} as discounted_order_share,
        {{ safe_ratio('total_discount', 'monetary + total_discount') }} as discount_share,
        case
            -- most completed orders; ties go to the first channel in contract order
            when greatest({{ channel_columns | join(', ') }}) = 0 then null
            {%- for channel in order_channels() %}
            when {{ channel }}_orders = greatest({{ channel_columns | join(', ') }}) then '{{ channel }}'
            {%- endfor %}
        end as preferred_purchase_channel,
        coalesce(categories.distinct_categories_purchased, 0) as distinct_categories_purchased

    from aggregated
    left join customer_purchase_days
        on aggregated.customer_id = customer_purchase_days.customer_id
    left join categories
        on aggregated.customer_id = categories.customer_id

)

select * from final
