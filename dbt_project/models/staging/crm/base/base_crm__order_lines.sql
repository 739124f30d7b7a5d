-- Every order line row staged so far, typed once: live rows and tombstones of rows that left,
-- with the time each last changed (macros/incremental_facts.sql). stg_crm__order_lines is its
-- live rows.
{{ config(unique_key='_row_id') }}

with

source as (

    select * from {{ source('crm', 'order_lines') }}
    where _invalid_columns is null
        and {{ not_quarantined('order_lines') }}
        and {{ is_present('order_id') }}

),

live as (

    select
        _row_id,
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('product_id') }} as product_id,
        {{ clean_enum('product_category') }} as product_category,
        quantity,
        line_amount

    from source

),

tracked as (

    {{ tracked_rows('live', ['order_id', 'product_id', 'product_category', 'quantity', 'line_amount']) }}

)

select * from tracked
