{#
    The as-of date of a run, as a SQL date expression: var `as_of_date` ('YYYY-MM-DD').

    The Dagster run resolves it once (its daily partition, else LOYALTY_AS_OF, else the latest
    order the quarantine let through: orchestration/defs/as_of.py) and passes it to every dbt
    selection; dbt alone takes it from `--vars '{as_of_date: "YYYY-MM-DD"}'`. There is no second
    fallback here, so dbt and the Python steps cannot disagree about the date. Only events
    strictly before `as_of_end()` (the start of the following day) count.
#}
{% macro as_of_date() -%}
    {%- set as_of = var('as_of_date', none) | string | trim -%}
    {%- if execute and not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', as_of) -%}
        {{ exceptions.raise_compiler_error(
            "var as_of_date must be 'YYYY-MM-DD' (the Dagster run passes it; dbt alone: "
            ~ "--vars '{as_of_date: \"2026-09-30\"}'), got '" ~ as_of ~ "'") }}
    {%- endif -%}
    cast('{{ as_of }}' as date)
{%- endmacro %}

{% macro as_of_end() -%}
    {{ dbt.dateadd('day', 1, as_of_date()) }}
{%- endmacro %}
