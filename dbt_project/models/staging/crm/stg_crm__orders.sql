-- One row per landed order that passed the quarantine (any status), typed and normalised;
-- not cut at the as-of date.
with

source as (

    select * from {{ source('crm', 'orders') }}
    where _invalid_columns is null
        and {{ not_quarantined('orders') }}
        and {{ is_present('order_id') }}
        and {{ is_present('customer_id') }}
        and order_ts is not null
        and amount is not null

),

renamed as (

    select
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('customer_id') }} as customer_id,
        order_ts as ordered_at,
        cast(order_ts as date) as order_date,
        amount as order_amount,
        coalesce({{ normalise_enum('status', 'order_statuses') }}, 'completed') as status,
        {{ normalise_enum('channel', 'order_channels') }} as channel,
        {{ clean_text('store_id') }} as store_id,
        discount_amount

    from source

)

select
    *,
    status = 'completed' as is_completed

from renamed
