-- One row per customer with a points ledger entry up to the as-of date, from the member-day
-- facts.
-- A table: it is read by several models and tests.
{{ config(materialized='table') }}

with

ledger_days as (

    select *
    from {{ ref('fct_loyalty_ledger_per_member_day') }}
    where entry_date <= {{ as_of_date() }}

),

aggregated as (

    select
        customer_id,
        {{ sum_bigint('points_earned') }} as points_earned,
        {{ sum_bigint('points_redeemed') }} as points_redeemed,
        {{ sum_bigint('points_expired') }} as points_expired,
        {{ sum_bigint('points_adjusted') }} as points_adjusted,
        {{ sum_bigint('points_change') }} as points_balance,
        max(case when redemptions > 0 then entry_date end) as last_redemption_date

    from ledger_days
    group by 1

),

final as (

    select
        *,
        {{ safe_ratio('points_redeemed', 'points_earned') }} as points_redemption_rate
    from aggregated

)

select * from final
