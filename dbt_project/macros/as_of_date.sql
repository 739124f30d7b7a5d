{#
    The as-of date of a run, as a SQL date expression.

    var `as_of_date` ('YYYY-MM-DD') when set, else the date of the latest raw
    order the quarantine let through (as orchestration/lib/as_of.py, so a
    mistyped order in 2099 cannot drag it along). Only events strictly before
    `as_of_end()` (the start of the following day) count.
#}
{% macro as_of_date() -%}
    {%- set as_of = var('as_of_date', none) -%}
    {%- if as_of is not none and (as_of | string | trim) != '' -%}
        {%- set as_of = as_of | string | trim -%}
        {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', as_of) -%}
            {{ exceptions.raise_compiler_error("var as_of_date must be 'YYYY-MM-DD', got '" ~ as_of ~ "'") }}
        {%- endif -%}
        cast('{{ as_of }}' as date)
    {%- else -%}
        (select cast(max(order_ts) as date) from {{ source('crm', 'orders') }}
            where {{ not_quarantined('orders') }})
    {%- endif -%}
{%- endmacro %}

{% macro as_of_end() -%}
    {{ dbt.dateadd('day', 1, as_of_date()) }}
{%- endmacro %}
