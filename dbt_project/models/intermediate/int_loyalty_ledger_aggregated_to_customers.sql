-- One row per customer with a points ledger entry up to the as-of date.
-- A table: it aggregates a large table once for its consumers and tests.
{{ config(materialized='table') }}

with

ledger as (

    select * from {{ ref('stg_crm__loyalty_ledger') }}
    where entered_at < {{ as_of_end() }}

),

aggregated as (

    select
        customer_id,
        {{ sum_bigint("case when entry_type = 'earn' then points end") }} as points_earned,
        -{{ sum_bigint("case when entry_type = 'redeem' then points end") }} as points_redeemed,
        -{{ sum_bigint("case when entry_type = 'expire' then points end") }} as points_expired,
        {{ sum_bigint("case when entry_type = 'adjust' then points end") }} as points_adjusted,
        {{ sum_bigint('points') }} as points_balance,
        max(case when entry_type = 'redeem' then cast(entered_at as date) end) as last_redemption_date

    from ledger
    group by 1

),

final as (

    select
        *,
        {{ safe_ratio('points_redeemed', 'points_earned') }} as points_redemption_rate
    from aggregated

)

select * from final
