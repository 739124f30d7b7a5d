-- Every order line row staged so far, typed once: live rows and tombstones of rows that left,
-- with the time each last changed (macros/incremental_facts.sql). stg_crm__order_lines is its
-- live rows.
{{ config(unique_key='_row_id', post_hook="{{ consume_row_changes('order_lines') }}") }}

{#- the rows staging keeps, whatever the quarantine says of the others -#}
{%- set kept -%}
    _invalid_columns is null
    and {{ not_quarantined('order_lines') }}
    and {{ is_present('order_id') }}
{%- endset %}

{%- set columns = {
    'order_id': clean_text('order_id'),
    'product_id': clean_text('product_id'),
    'product_category': clean_enum('product_category'),
    'quantity': 'quantity',
    'line_amount': 'line_amount',
} %}

with

tracked as (

    {{ tracked_rows('order_lines', kept, columns) }}

)

select * from tracked
