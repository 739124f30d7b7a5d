-- One row per customer. No contact details: email and phone are reduced to has_ flags,
-- the postal code stays in personal.stg_crm__contacts. Conflicting duplicates of a
-- customer_id (exact ones are collapsed by the loader) stay out (macro kept_customer_rows).
-- A table, unlike the other staging views: a dozen tests and four models read it, and as a view
-- each would clean and deduplicate every customer again (7 s of tests a day at 1M members).
{{ config(materialized='table') }}
with

source as (

    {{ kept_customer_rows() }}

),

renamed as (

    select
        {{ clean_text('customer_id') }} as customer_id,
        signup_date,
        birth_date,
        {{ normalise_gender('gender') }} as gender,
        {{ clean_code('country') }} as country,
        {{ clean_text('region') }} as region,
        {{ clean_text('city') }} as city,
        {{ clean_enum('membership_type') }} as membership_type,
        {{ is_present('email') }} as has_email,
        {{ is_present('phone') }} as has_phone

    from source

)

select * from renamed
