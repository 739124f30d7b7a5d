{#
    `materialized` in `name as {{ materialized_cte() }} (...)`: computes the CTE once, first,
    where the adapter knows the hint (DuckDB, PostgreSQL), and nothing elsewhere.

    An incremental fact joins the few rows a day changed with a table of every row; DuckDB's
    join order optimiser, estimating the changed keys far too high, would otherwise join and
    aggregate every row first and filter to the changed keys last (order lines at 1M members:
    21 s a day instead of 4). Spark SQL has no such hint and builds these models in full.
#}
{% macro materialized_cte() -%}
    {{ return(adapter.dispatch('materialized_cte', 'loyalty')()) }}
{%- endmacro %}

{% macro default__materialized_cte() -%}
{%- endmacro %}

{% macro duckdb__materialized_cte() -%}
    materialized
{%- endmacro %}

{% macro postgres__materialized_cte() -%}
    materialized
{%- endmacro %}
