-- One row per survey answer (zero-party data); question keys and answers lowercased.
with

source as (

    select * from {{ source('crm', 'survey_responses') }}
    where _invalid_columns is null
        and {{ not_quarantined('survey_responses') }}
        and {{ is_present('customer_id') }}
        and {{ is_present('question') }}

),

renamed as (

    select
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_enum('question') }} as question,
        {{ clean_enum('answer') }} as answer,
        answered_at

    from source

)

select * from renamed
