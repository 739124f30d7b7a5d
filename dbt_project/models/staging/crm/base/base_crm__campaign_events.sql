-- Every campaign event row staged so far, typed and normalised once: live rows (past the
-- quarantine) and tombstones of rows that left, with the time each last changed
-- (macros/incremental_facts.sql). stg_crm__campaign_events is its live rows.
{{ config(unique_key='_row_id') }}

with

source as (

    select * from {{ source('crm', 'campaign_events') }}
    where _invalid_columns is null
        and {{ not_quarantined('campaign_events') }}
        and {{ is_present('campaign_id') }}
        and {{ is_present('customer_id') }}
        and {{ is_present('event_type') }}
        and event_ts is not null

),

live as (

    select
        _row_id,
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ normalise_enum('event_type', 'campaign_event_types') }} as event_type,
        event_ts as event_at,
        cast(event_ts as date) as event_date

    from source

),

tracked as (

    {{ tracked_rows('live', ['campaign_id', 'customer_id', 'event_type', 'event_at', 'event_date']) }}

)

select * from tracked
