-- One row per customer and calendar day with a completed order up to the as-of date
-- (the purchase days of the buy-till-you-die models), from the member-day facts.
-- A view (the layer's default): a filter of the facts is cheaper to read again than to write
-- (about 19M rows at 1M members).

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
