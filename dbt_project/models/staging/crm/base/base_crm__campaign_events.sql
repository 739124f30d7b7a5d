-- Every campaign event row staged so far, typed and normalised once: live rows (past the
-- quarantine) and tombstones of rows that left, with the time each last changed
-- (macros/incremental_facts.sql). stg_crm__campaign_events is its live rows.
{{ config(unique_key='_row_id', post_hook="{{ consume_row_changes('campaign_events') }}") }}

{#- the rows staging keeps, whatever the quarantine says of the others -#}
{%- set kept -%}
    _invalid_columns is null
    and {{ not_quarantined('campaign_events') }}
    and {{ is_present('campaign_id') }}
    and {{ is_present('customer_id') }}
    and {{ is_present('event_type') }}
    and event_ts is not null
{%- endset %}

{%- set columns = {
    'campaign_id': clean_text('campaign_id'),
    'customer_id': clean_text('customer_id'),
    'event_type': normalise_enum('event_type', 'campaign_event_types'),
    'event_at': 'event_ts',
    'event_date': 'cast(event_ts as date)',
} %}

with

tracked as (

    {{ tracked_rows('campaign_events', kept, columns) }}

)

select * from tracked
