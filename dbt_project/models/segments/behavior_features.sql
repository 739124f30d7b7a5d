{#
    One row per buyer and clustering feature: what k-means measures distances on, derived
    from the feature mart as orchestration/lib/segmentation/clustering/features.py derives
    it for the fit. Counts, money and days are ln(1 + x) of x floored at 0 (a single-order
    buyer's missing gap is its recency); channel counts become shares of orders after one
    pseudo-order spread evenly over the four channels (CHANNEL_PRIOR_ORDERS); rates are
    filled with 0 and bounded to 0..1. A null value is an unknown input, which the model's
    median fill replaces. A view: behavior_clusters reads it once.
#}
{{ config(materialized='view') }}
{%- set log_features = ['frequency', 'recency_days', 'monetary', 'avg_order_value', 'orders_last_365d',
    'revenue_last_365d', 'tenure_days', 'distinct_categories_purchased'] -%}
{%- set rate_features = ['campaign_open_rate', 'campaign_click_rate', 'points_redemption_rate',
    'discount_share', 'return_rate'] -%}
{%- set channels = {'store_share': ['store_orders'], 'online_share': ['online_orders'],
    'app_share': ['app_orders'], 'phone_other_share': ['phone_orders', 'other_orders']} -%}
{%- set channel_prior_orders = 1.0 -%}

with buyers as (
    select * from {{ ref('customer_features') }}
    where coalesce(frequency, 0) > 0
),

channel_orders as (
    select
        *,
        {%- for share, columns in channels.items() %}
        {% for column in columns -%}
            coalesce({{ floored_at_zero(column) }}, 0){{ ' + ' if not loop.last }}
        {%- endfor %} as {{ share }}_orders,
        {%- endfor %}
        {% for column in channels.values() | sum(start=[]) -%}
            coalesce({{ floored_at_zero(column) }}, 0){{ ' + ' if not loop.last }}
        {%- endfor %} as all_orders
    from buyers
),

derived as (
    select
        channel_orders.customer_id,
        {%- for name in log_features %}
        ln(1 + cast({{ floored_at_zero('channel_orders.' ~ name) }} as {{ type_double() }})) as {{ name }},
        {%- endfor %}
        ln(1 + cast({{ floored_at_zero('coalesce(channel_orders.avg_days_between_orders, channel_orders.recency_days)') }}
            as {{ type_double() }})) as avg_days_between_orders,
        {%- for share in channels %}
        (cast(channel_orders.{{ share }}_orders as {{ type_double() }}) + {{ channel_prior_orders / (channels | length) }})
            / (cast(channel_orders.all_orders as {{ type_double() }}) + {{ channel_prior_orders }}) as {{ share }},
        {%- endfor %}
        {%- for name in rate_features %}
        least(greatest(cast(coalesce(channel_orders.{{ name }}, 0) as {{ type_double() }}), 0), 1) as {{ name }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from channel_orders
)

{% for name in log_features + ['avg_days_between_orders'] + (channels | list) + rate_features -%}
select customer_id, '{{ name }}' as feature, {{ name }} as feature_value from derived
{% if not loop.last %}union all
{% endif %}
{%- endfor %}
