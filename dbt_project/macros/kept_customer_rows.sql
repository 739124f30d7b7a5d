{#
    The raw customers rows staging keeps, with every raw column: valid (no unparseable
    value), not quarantined, with a customer_id, and the only row of their trimmed
    customer_id. The loader collapses exact duplicate rows, so an id still repeated is
    a conflict and none of its rows is trusted. stg_crm__customers and
    stg_crm__contacts both select from it, so they hold the same customers.
#}
{% macro kept_customer_rows() -%}
    select *
    from (
        select
            *,
            count(*) over (partition by {{ clean_text('customer_id') }}) as customer_id_rows
        from {{ source('crm', 'customers') }}
        where _invalid_columns is null
            and {{ not_quarantined('customers') }}
            and {{ is_present('customer_id') }}
    ) as customers
    where customer_id_rows = 1
{%- endmacro %}
