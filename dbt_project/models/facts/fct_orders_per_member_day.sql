-- One row per customer and calendar day with an order (any status) that passed the quarantine,
-- not cut at the as-of date: every as-of date, today's or a backfill's, is answered from it.
-- Incremental: a run re-aggregates the member-days of order rows changed since the last
-- (macros/incremental_facts.sql).
{{ config(
    unique_key=['customer_id', 'order_date'],
    post_hook="{{ delete_vanished_keys('orders') }}",
) }}

{%- set measures = {
    'orders': dbt.cast('count(*)', dbt.type_bigint()),
    'completed_orders': count_where('is_completed'),
    'completed_value': 'sum(case when is_completed then order_amount end)',
    'returned_orders': count_where("status = 'returned'"),
    'cancelled_orders': count_where("status = 'cancelled'"),
    'discounted_orders': count_where('is_completed and discount_amount > 0'),
    'completed_discount': 'sum(case when is_completed then discount_amount end)',
} %}
{%- for channel in order_channels() %}
{%- do measures.update({channel ~ '_orders': count_where("is_completed and channel = '" ~ channel ~ "'")}) %}
{%- endfor %}

{{ fact_of_changed_keys(
    ref('base_crm__orders'), ref('stg_crm__orders'),
    ['customer_id', 'order_date'], measures, '_orders_changed_at',
) }}
