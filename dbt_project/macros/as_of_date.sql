{#
    The as-of date of a run, as a SQL date literal.

    The Dagster run resolves it once (its daily partition, else LOYALTY_AS_OF, else the latest
    order the quarantine let through: orchestration/defs/as_of.py) and writes it, before each dbt
    selection, to the one-row table raw.dbt_run_settings, read here when a node is compiled. It
    is not a `--vars` value because dbt re-parses the whole project whenever the command-line
    vars differ from the last parse's, and the date differs every day. dbt alone (and a unit test)
    passes var `as_of_date` ('YYYY-MM-DD'), which is then used instead. There is no fallback to
    the data here, so dbt and the Python steps cannot disagree about the date. Only events
    strictly before `as_of_end()` (the start of the following day) count.
#}
{% macro as_of_date() -%}
    {%- set as_of = var('as_of_date', none) -%}
    {%- if as_of is none and execute -%}
        {%- set as_of = run_settings_as_of_date() -%}
    {%- endif -%}
    {%- set as_of = as_of | string | trim -%}
    {%- if execute and not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', as_of) -%}
        {{ exceptions.raise_compiler_error(
            "var as_of_date must be 'YYYY-MM-DD' (the Dagster run writes it to "
            ~ "raw.dbt_run_settings; dbt alone: --vars '{as_of_date: \"2026-09-30\"}'), got '"
            ~ as_of ~ "'") }}
    {%- endif -%}
    cast('{{ as_of }}' as date)
{%- endmacro %}

{% macro as_of_end() -%}
    {{ dbt.dateadd('day', 1, as_of_date()) }}
{%- endmacro %}

{# The as-of date the Dagster run wrote (orchestration/lib/dbt_vars.write_run_settings), as text;
   none when no run wrote one into this warehouse. #}
{% macro run_settings_as_of_date() -%}
    {%- set settings = adapter.get_relation(
        database=target.database, schema='raw', identifier='dbt_run_settings') -%}
    {%- if settings is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set rows = run_query('select cast(as_of_date as varchar) from ' ~ settings) -%}
    {{ return(rows.columns[0].values()[0] if rows.rows else none) }}
{%- endmacro %}
