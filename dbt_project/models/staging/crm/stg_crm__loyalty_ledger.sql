-- One row per points ledger entry landed (signed points: earn > 0, redeem/expire < 0).
-- Rows the quarantine holds (conflicting duplicate entry_ids, unknown customers, ...) stay out.
with

source as (

    select * from {{ source('crm', 'loyalty_ledger') }}
    where _invalid_columns is null
        and {{ not_quarantined('loyalty_ledger') }}
        and {{ is_present('entry_id') }}
        and {{ is_present('customer_id') }}
        and entry_ts is not null
        and {{ is_present('entry_type') }}
        and points is not null

),

renamed as (

    select
        {{ clean_text('entry_id') }} as entry_id,
        {{ clean_text('customer_id') }} as customer_id,
        entry_ts as entered_at,
        {{ normalise_enum('entry_type', 'loyalty_entry_types') }} as entry_type,
        points,
        {{ clean_text('order_id') }} as order_id

    from source

)

select * from renamed
