-- One row per marketing campaign.
with

source as (

    select * from {{ source('crm', 'campaigns') }}
    where _invalid_columns is null
        and {{ not_quarantined('campaigns') }}
        and {{ is_present('campaign_id') }}

),

renamed as (

    select
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('campaign_name') }} as campaign_name,
        {{ normalise_enum('channel', 'contact_channels') }} as channel,
        {{ clean_enum('campaign_type') }} as campaign_type,
        sent_date

    from source

),

duplicate_keys as (

    select campaign_id from renamed group by campaign_id having count(*) > 1

)

select * from renamed
where campaign_id not in (select campaign_id from duplicate_keys)
