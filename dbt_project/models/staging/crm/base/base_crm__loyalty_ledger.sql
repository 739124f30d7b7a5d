-- Every points ledger row staged so far, typed and normalised once: live rows (past the
-- quarantine) and tombstones of rows that left, with the time each last changed
-- (macros/incremental_facts.sql). stg_crm__loyalty_ledger is its live rows.
{{ config(unique_key='_row_id') }}

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

live as (

    select
        _row_id,
        {{ clean_text('entry_id') }} as entry_id,
        {{ clean_text('customer_id') }} as customer_id,
        entry_ts as entered_at,
        cast(entry_ts as date) as entry_date,
        {{ normalise_enum('entry_type', 'loyalty_entry_types') }} as entry_type,
        points,
        {{ clean_text('order_id') }} as order_id

    from source

),

tracked as (

    {{ tracked_rows('live', ['entry_id', 'customer_id', 'entered_at', 'entry_date', 'entry_type',
        'points', 'order_id']) }}

)

select * from tracked
