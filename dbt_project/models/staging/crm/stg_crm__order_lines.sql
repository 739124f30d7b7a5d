-- One row per order line (the contract gives lines no key of their own): the live rows of
-- base_crm__order_lines, which types each row once.
with

order_lines as (

    select order_id, product_id, product_category, quantity, line_amount
    from {{ ref('base_crm__order_lines') }}
    where not _is_removed

)

select * from order_lines
