-- One row per order row landed (any status), typed and normalised; not cut at the as-of date.
-- Conflicting duplicate order_ids are not removed here (a 20M-row self-aggregation on
-- every read of this view): the quarantine model will keep them out.
with

source as (

    select * from {{ source('crm', 'orders') }}
    where _invalid_columns is null
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
        {{ normalise_order_status('status') }} as status,
        {{ normalise_order_channel('channel') }} as channel,
        {{ clean_text('store_id') }} as store_id,
        discount_amount

    from source

)

select
    *,
    status = 'completed' as is_completed

from renamed
