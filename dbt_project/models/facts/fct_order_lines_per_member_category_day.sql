-- One row per customer, calendar day and product category bought in completed orders that
-- passed the quarantine, not cut at the as-of date. An order counts once per category.
-- Incremental: a run re-aggregates the member-days whose order or line rows changed since the
-- last (macros/incremental_facts.sql), every category of such a day included.
{{ config(
    unique_key=['customer_id', 'order_date', 'product_category'],
    post_hook="{{ delete_vanished_keys('orders') }}",
) }}

{%- set keys = ['customer_id', 'order_date', 'product_category'] %}
{%- set day = ['customer_id', 'order_date'] %}
{%- set measures = {
    'orders': dbt.cast('count(*)', dbt.type_bigint()),
    'quantity': sum_bigint('quantity'),
    'spend': 'sum(spend)',
} %}

with

{% if is_incremental() -%}
changed_days as {{ materialized_cte() }} (

    {{ changed_keys(ref('base_crm__orders'), day, '_orders_changed_at') }}

    union

    -- the days of the orders of changed lines, before and after the change
    select orders.customer_id, orders.order_date
    from {{ ref('base_crm__orders') }} as orders
    inner join (
        {{ changed_keys(ref('base_crm__order_lines'), ['order_id'], '_lines_changed_at') }}
    ) as changed_lines
        on orders.order_id = changed_lines.order_id

),
{%- endif %}

orders as {{ materialized_cte() if is_incremental() }} (

    select orders.order_id, orders.customer_id, orders.order_date
    from {{ ref('stg_crm__orders') }} as orders
    {%- if is_incremental() %}
    inner join changed_days
        on {{ keys_match('orders', 'changed_days', day) }}
    {%- endif %}
    where orders.is_completed

),

counted_lines as {{ materialized_cte() if is_incremental() }} (

    -- the lines of counted orders (joined before anything is aggregated: in an incremental run,
    -- the lines of the changed days only)
    select
        orders.customer_id,
        orders.order_date,
        orders.order_id,
        order_lines.product_category,
        order_lines.quantity,
        order_lines.line_amount
    from {{ ref('stg_crm__order_lines') }} as order_lines
    inner join orders
        on order_lines.order_id = orders.order_id
    where order_lines.product_category is not null

),

order_categories as (

    -- one row per order and category
    select
        customer_id,
        order_date,
        product_category,
        order_id,
        sum(quantity) as quantity,
        sum(line_amount) as spend
    from counted_lines
    group by 1, 2, 3, 4

),

{% if is_incremental() -%}
changed as (

    -- every category a changed day had or has
    select facts.customer_id, facts.order_date, facts.product_category
    from {{ this }} as facts
    inner join changed_days
        on {{ keys_match('facts', 'changed_days', day) }}

    union

    select customer_id, order_date, product_category from order_categories

),
{%- endif %}

final as (

    {{ aggregate_changed('order_categories', keys, measures, {
        '_orders_changed_at': ref('base_crm__orders'),
        '_lines_changed_at': ref('base_crm__order_lines'),
    }, 'changed') }}

)

select * from final
