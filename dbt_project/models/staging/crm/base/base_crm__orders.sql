-- Every order row staged so far, typed and normalised once: the live rows (landed, past the
-- quarantine) and tombstones of rows that left, with the time each last changed
-- (macros/incremental_facts.sql). stg_crm__orders is its live rows.
{{ config(unique_key='_row_id', post_hook="{{ consume_row_changes('orders') }}") }}

{#- the rows staging keeps, whatever the quarantine says of the others -#}
{%- set kept -%}
    _invalid_columns is null
    and {{ not_quarantined('orders') }}
    and {{ is_present('order_id') }}
    and {{ is_present('customer_id') }}
    and order_ts is not null
    and amount is not null
{%- endset %}

{%- set columns = {
    'order_id': clean_text('order_id'),
    'customer_id': clean_text('customer_id'),
    'ordered_at': 'order_ts',
    'order_date': 'cast(order_ts as date)',
    'order_amount': 'amount',
    'status': 'coalesce(' ~ normalise_enum('status', 'order_statuses') ~ ", 'completed')",
    'channel': normalise_enum('channel', 'order_channels'),
    'store_id': clean_text('store_id'),
    'discount_amount': 'discount_amount',
} %}

with

tracked as (

    {{ tracked_rows('orders', kept, columns) }}

)

select * from tracked
