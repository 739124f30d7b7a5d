-- One row per customer_id with a completed order up to the as-of date: their purchase
-- days (calendar days with a completed order) summed up, for the BTYD summary and cadence.
-- A table: it aggregates a large table once for its consumers and tests.
{{ config(materialized='table') }}

with

purchase_days as (

    select * from {{ ref('int_orders_aggregated_to_customer_days') }}

),

aggregated as (

    select
        customer_id,
        count(*) as purchase_days,
        min(order_date) as first_purchase_date,
        max(order_date) as last_purchase_date,
        sum(order_value) as total_value

    from purchase_days
    group by 1

),

final as (

    select
        aggregated.*,
        -- the first day's value, which the mean of the repeat purchases leaves out
        purchase_days.order_value as first_purchase_value

    from aggregated
    inner join purchase_days
        on aggregated.customer_id = purchase_days.customer_id
        and aggregated.first_purchase_date = purchase_days.order_date

)

select * from final
