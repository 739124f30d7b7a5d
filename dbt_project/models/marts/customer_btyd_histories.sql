-- One row per distinct (frequency, recency, T) of customer_btyd_summary with the number of
-- customers sharing it: the compressed summary the BG/NBD fit reads, so the Python step
-- holds the distinct histories, never every member.
with

summary as (

    select * from {{ ref('customer_btyd_summary') }}

),

final as (

    select
        frequency,
        recency,
        {{ adapter.quote('T') }},
        count(*) as customers

    from summary
    group by frequency, recency, {{ adapter.quote('T') }}

)

select * from final
