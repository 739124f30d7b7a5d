-- One row per landed order that passed the quarantine (any status), typed and normalised;
-- not cut at the as-of date. The live rows of base_crm__orders, which types each row once.
with

orders as (

    select
        order_id,
        customer_id,
        ordered_at,
        order_date,
        order_amount,
        status,
        channel,
        store_id,
        discount_amount

    from {{ ref('base_crm__orders') }}
    where not _is_removed

)

select
    *,
    status = 'completed' as is_completed

from orders
