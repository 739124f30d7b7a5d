{#
    The continuous (linearly interpolated) quantile of a column, as an aggregate:
    numpy's default `np.quantile`, pandas' `Series.quantile`. Null values are
    ignored; null when no value is left. `fraction` is a number in [0, 1].
#}
{% macro quantile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('quantile_cont')(expression, fraction)) }}
{%- endmacro %}

{% macro default__quantile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__quantile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{# Spark's (and Databricks') `percentile` is exact and interpolates linearly. #}
{% macro spark__quantile_cont(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}
