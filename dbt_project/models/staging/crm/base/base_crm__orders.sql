-- Every order row staged so far, typed and normalised once: the live rows (landed, past the
-- quarantine) and tombstones of rows that left, with the time each last changed
-- (macros/incremental_facts.sql). stg_crm__orders is its live rows.
{{ config(unique_key='_row_id') }}

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

live as (

    select
        _row_id,
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

),

tracked as (

    {{ tracked_rows('live', ['order_id', 'customer_id', 'ordered_at', 'order_date', 'order_amount',
        'status', 'channel', 'store_id', 'discount_amount']) }}

)

select * from tracked
