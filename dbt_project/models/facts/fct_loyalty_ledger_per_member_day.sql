-- One row per member and calendar day with a points ledger entry that passed the quarantine,
-- not cut at the as-of date. Incremental: a run re-aggregates the member-days of ledger rows
-- changed since the last (macros/incremental_facts.sql).
{{ config(
    unique_key=['customer_id', 'entry_date'],
    post_hook="{{ delete_vanished_keys('entries') }}",
) }}

{%- set measures = {
    'entries': dbt.cast('count(*)', dbt.type_bigint()),
    'points_earned': sum_bigint("case when entry_type = 'earn' then points end"),
    'points_redeemed': '-' ~ sum_bigint("case when entry_type = 'redeem' then points end"),
    'points_expired': '-' ~ sum_bigint("case when entry_type = 'expire' then points end"),
    'points_adjusted': sum_bigint("case when entry_type = 'adjust' then points end"),
    'points_change': sum_bigint('points'),
    'redemptions': count_where("entry_type = 'redeem'"),
} %}

with

{% if is_incremental() -%}
changed as (

    {{ changed_keys(ref('base_crm__loyalty_ledger'), ['customer_id', 'entry_date'], '_ledger_changed_at') }}

),
{%- endif %}

ledger as (

    select ledger.*
    from {{ ref('stg_crm__loyalty_ledger') }} as ledger
    {%- if is_incremental() %}
    inner join changed
        on ledger.customer_id = changed.customer_id
        and ledger.entry_date = changed.entry_date
    {%- endif %}

),

final as (

    {{ aggregate_changed('ledger', ['customer_id', 'entry_date'], measures,
        {'_ledger_changed_at': ref('base_crm__loyalty_ledger')}, 'changed') }}

)

select * from final
