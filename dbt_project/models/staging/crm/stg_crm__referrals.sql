-- One row per referral (referring customer -> referred customer).
with

source as (

    select * from {{ source('crm', 'referrals') }}
    where _invalid_columns is null
        and {{ not_quarantined('referrals') }}
        and {{ is_present('referrer_id') }}
        and {{ is_present('referred_customer_id') }}

),

renamed as (

    select
        {{ clean_text('referrer_id') }} as referrer_customer_id,
        {{ clean_text('referred_customer_id') }} as referred_customer_id,
        referred_at

    from source

)

select * from renamed
