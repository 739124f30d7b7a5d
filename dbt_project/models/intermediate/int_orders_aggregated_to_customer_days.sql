-- One row per customer and calendar day with a completed order up to the as-of date
-- (the purchase days of the buy-till-you-die models).
-- A table: it aggregates a large table once for its consumers and tests.
{{ config(materialized='table') }}

with

orders as (

    select customer_id, order_date, order_amount
    from {{ ref('stg_crm__orders') }}
    where is_completed
        and ordered_at < {{ as_of_end() }}

),

daily as (

    select
        customer_id,
        order_date,
        count(*) as order_count,
        sum(order_amount) as order_value

    from orders
    group by 1, 2

)

select * from daily
