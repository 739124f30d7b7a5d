-- One row per distinct (frequency, monetary_value) of the repeat customers (frequency > 0) of
-- customer_btyd_summary with the number of customers sharing it: the compressed input of the
-- Gamma-Gamma fit, which uses repeat purchases only.
with

summary as (

    select * from {{ ref('customer_btyd_summary') }}

),

final as (

    select
        frequency,
        monetary_value,
        count(*) as customers

    from summary
    where frequency > 0
    group by frequency, monetary_value

)

select * from final
