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

{{ fact_of_changed_keys(
    ref('base_crm__loyalty_ledger'), ref('stg_crm__loyalty_ledger'),
    ['customer_id', 'entry_date'], measures, '_ledger_changed_at',
) }}
