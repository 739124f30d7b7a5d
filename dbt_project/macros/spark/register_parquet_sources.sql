{#
    Points every table of a source at a folder of Parquet files, `<location>/<table>/`,
    as a table of the same name (`raw.<table>`): how raw tables exported from another
    warehouse, or landed as files, become the sources of a Spark build.
        dbt run-operation register_parquet_sources --target spark --args '{location: /data/raw}'
#}
{% macro register_parquet_sources(location, source_name='crm') -%}
    {%- set sources = graph.sources.values() | selectattr('source_name', 'equalto', source_name) | list -%}
    {%- if not sources -%}
        {{ exceptions.raise_compiler_error("no tables in source '" ~ source_name ~ "'") }}
    {%- endif -%}
    {%- for schema in sources | map(attribute='schema') | unique -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
    {%- endfor -%}
    {%- for source in sources -%}
        {%- set relation = api.Relation.create(schema=source.schema, identifier=source.identifier) -%}
        {%- do run_query('drop table if exists ' ~ relation) -%}
        {%- do run_query("create table " ~ relation ~ " using parquet location '"
            ~ location ~ "/" ~ source.identifier ~ "'") -%}
        {{- log('registered ' ~ relation ~ ' from ' ~ location ~ '/' ~ source.identifier, info=true) -}}
    {%- endfor -%}
{%- endmacro %}
