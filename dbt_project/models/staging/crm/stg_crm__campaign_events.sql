-- One row per campaign event (customer x campaign x event type x timestamp).
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

renamed as (

    select
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ normalise_enum('event_type', 'campaign_event_types') }} as event_type,
        event_ts as event_at

    from source

)

select * from renamed
