-- One row per customer and product category bought in a completed order up to the as-of date,
-- from the member-category-day facts.
-- A table: it is read by several models and tests.
{{ config(materialized='table') }}

with

category_days as (

    select *
    from {{ ref('fct_order_lines_per_member_category_day') }}
    where order_date <= {{ as_of_date() }}

),

final as (

    select
        customer_id,
        product_category,
        min(order_date) as first_purchase_date,
        max(order_date) as last_purchase_date,
        {{ sum_bigint('orders') }} as order_count,
        {{ sum_bigint('quantity') }} as quantity,
        coalesce(sum(spend), 0) as spend

    from category_days
    group by 1, 2

)

select * from final
