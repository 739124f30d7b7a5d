-- One row per customer and calendar day with a completed order up to the as-of date
-- (the purchase days of the buy-till-you-die models), from the member-day facts.
-- A table: it is read by several models and tests.
{{ config(materialized='table') }}

with

purchase_days as (

    select
        customer_id,
        order_date,
        completed_orders as order_count,
        completed_value as order_value

    from {{ ref('fct_orders_per_member_day') }}
    where completed_orders > 0
        and order_date <= {{ as_of_date() }}

)

select * from purchase_days
