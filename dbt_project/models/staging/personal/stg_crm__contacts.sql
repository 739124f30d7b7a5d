-- One row per customer: the contact details the audience exports send, and the one
-- relation dbt builds with e-mail addresses, phone numbers and postal addresses
-- (schema `personal`). The same customers as stg_crm__customers (macro
-- kept_customer_rows), cleaned the same way: trimmed, blank as null, country upper case.
with

source as (

    {{ kept_customer_rows() }}

),

renamed as (

    select
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('email') }} as email,
        {{ clean_text('phone') }} as phone,
        {{ clean_code('country') }} as country,
        {{ clean_text('region') }} as region,
        {{ clean_text('city') }} as city,
        {{ clean_text('postal_code') }} as postal_code

    from source

)

select * from renamed
