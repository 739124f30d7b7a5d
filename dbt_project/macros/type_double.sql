{#
    An 8-byte floating-point type on every adapter, for ratios and money averages.
    dbt's `type_float()` is `float`, which DuckDB and Spark (Databricks too) read as a
    4-byte REAL: their ratios would differ from other engines after the 7th digit.
    `double precision` is the SQL standard name (DuckDB, PostgreSQL, Snowflake,
    Redshift); Spark SQL only knows `double`. dbt-databricks dispatches to spark__.
#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'loyalty')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
