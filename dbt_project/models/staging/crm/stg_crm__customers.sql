-- One row per customer. Personal data (email, phone) stays behind: only has_ flags leave.
-- Conflicting duplicates of a customer_id (exact ones are collapsed by the loader) stay out.
with

source as (

    select * from {{ source('crm', 'customers') }}
    where _invalid_columns is null
        and {{ not_quarantined('customers') }}
        and {{ is_present('customer_id') }}

),

renamed as (

    select
        {{ clean_text('customer_id') }} as customer_id,
        signup_date,
        birth_date,
        {{ normalise_gender('gender') }} as gender,
        nullif(upper(trim(country)), '') as country,
        {{ clean_text('region') }} as region,
        {{ clean_text('city') }} as city,
        {{ clean_text('postal_code') }} as postal_code,
        {{ clean_enum('membership_type') }} as membership_type,
        {{ is_present('email') }} as has_email,
        {{ is_present('phone') }} as has_phone,
        count(*) over (partition by {{ clean_text('customer_id') }}) as customer_id_rows

    from source

)

select
    customer_id,
    signup_date,
    birth_date,
    gender,
    country,
    region,
    city,
    postal_code,
    membership_type,
    has_email,
    has_phone

from renamed
where customer_id_rows = 1
