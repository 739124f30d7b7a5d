-- One row per customer and product category bought in a completed order up to the as-of date.
-- A table: it aggregates a large table once for its consumers and tests.
{{ config(materialized='table') }}

with

orders as (

    select order_id, customer_id, order_date
    from {{ ref('stg_crm__orders') }}
    where is_completed
        and ordered_at < {{ as_of_end() }}

),

order_lines as (

    select order_id, product_category, quantity, line_amount
    from {{ ref('stg_crm__order_lines') }}
    where product_category is not null

),

order_categories as (

    -- one row per order and category, so an order counts once per category
    -- (joining first keeps this aggregation to the lines of counted orders)
    select
        orders.customer_id,
        order_lines.product_category,
        orders.order_id,
        max(orders.order_date) as order_date,
        sum(order_lines.quantity) as quantity,
        sum(order_lines.line_amount) as spend

    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id
    group by 1, 2, 3

),

final as (

    select
        customer_id,
        product_category,
        min(order_date) as first_purchase_date,
        max(order_date) as last_purchase_date,
        count(*) as order_count,
        {{ sum_bigint('quantity') }} as quantity,
        coalesce(sum(spend), 0) as spend

    from order_categories
    group by 1, 2

)

select * from final
