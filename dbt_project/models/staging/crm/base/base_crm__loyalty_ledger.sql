-- Every points ledger row staged so far, typed and normalised once: live rows (past the
-- quarantine) and tombstones of rows that left, with the time each last changed
-- (macros/incremental_facts.sql). stg_crm__loyalty_ledger is its live rows.
{{ config(unique_key='_row_id', post_hook="{{ consume_row_changes('loyalty_ledger') }}") }}

{#- the rows staging keeps, whatever the quarantine says of the others -#}
{%- set kept -%}
    _invalid_columns is null
    and {{ not_quarantined('loyalty_ledger') }}
    and {{ is_present('entry_id') }}
    and {{ is_present('customer_id') }}
    and entry_ts is not null
    and {{ is_present('entry_type') }}
    and points is not null
{%- endset %}

{%- set columns = {
    'entry_id': clean_text('entry_id'),
    'customer_id': clean_text('customer_id'),
    'entered_at': 'entry_ts',
    'entry_date': 'cast(entry_ts as date)',
    'entry_type': normalise_enum('entry_type', 'loyalty_entry_types'),
    'points': 'points',
    'order_id': clean_text('order_id'),
} %}

with

tracked as (

    {{ tracked_rows('loyalty_ledger', kept, columns) }}

)

select * from tracked
