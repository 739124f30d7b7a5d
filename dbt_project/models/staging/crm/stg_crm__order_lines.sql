-- One row per order line (the contract gives lines no key of their own).
with

source as (

    select * from {{ source('crm', 'order_lines') }}
    where _invalid_columns is null
        and {{ not_quarantined('order_lines') }}
        and {{ is_present('order_id') }}

),

renamed as (

    select
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('product_id') }} as product_id,
        {{ clean_enum('product_category') }} as product_category,
        quantity,
        line_amount

    from source

)

select * from renamed
