-- One row per customer who referred someone or was referred up to the as-of date.
with

referrals as (

    select * from {{ ref('stg_crm__referrals') }}
    where referrer_customer_id <> referred_customer_id
        -- undated referrals count
        and (referred_at is null or referred_at < {{ as_of_end() }})

),

sides as (

    select
        referrer_customer_id as customer_id,
        referred_customer_id as referred_customer_id,
        cast(null as {{ dbt.type_string() }}) as referrer_customer_id
    from referrals

    union all

    select
        referred_customer_id as customer_id,
        cast(null as {{ dbt.type_string() }}) as referred_customer_id,
        referrer_customer_id as referrer_customer_id
    from referrals

),

final as (

    select
        customer_id,
        count(distinct referred_customer_id) as referrals_made,
        count(distinct referrer_customer_id) > 0 as is_referred

    from sides
    group by 1

)

select * from final
