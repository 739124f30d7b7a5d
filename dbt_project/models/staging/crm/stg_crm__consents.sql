-- One row per consent change (customer x channel x time); the latest one holds.
with

source as (

    select * from {{ source('crm', 'consents') }}
    where _invalid_columns is null
        and {{ not_quarantined('consents') }}
        and {{ is_present('customer_id') }}
        and {{ is_present('channel') }}
        and opted_in is not null
        and updated_at is not null

),

renamed as (

    select
        {{ clean_text('customer_id') }} as customer_id,
        {{ normalise_enum('channel', 'contact_channels') }} as channel,
        opted_in as is_opted_in,
        updated_at

    from source

)

select * from renamed
