{#
    Config of a table kept across runs with one set of rows per as-of date (segment_kpis): a run
    replaces the rows of its own as-of date and only those, so re-runs and backfills of older
    dates are idempotent, and `--full-refresh` never drops the kept dates. DuckDB and other
    adapters delete that date's rows and insert the new ones; Spark and Databricks overwrite the
    date's partition (a merge on the row key would keep the rows of a segment the re-run no
    longer has).
#}
{% macro kept_per_as_of_date() -%}
    {%- if target.type in ['spark', 'databricks'] -%}
        {{ return({'incremental_strategy': 'insert_overwrite', 'partition_by': ['as_of_date']}) }}
    {%- else -%}
        {{ return({'incremental_strategy': 'delete+insert', 'unique_key': 'as_of_date'}) }}
    {%- endif -%}
{%- endmacro %}
