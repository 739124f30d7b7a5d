{#
    dbt's default type_float is `float`, which DuckDB reads as 4-byte REAL;
    ratios and money averages want 8 bytes. dbt dispatches the `dbt` namespace
    to the root project first, so this override keeps `dbt.type_float()` portable.
#}
{% macro duckdb__type_float() -%}
    double
{%- endmacro %}
