{#
    Points every table of the project's sources (or of the sources named in `source_names`) at a
    folder of Parquet files, `<location>/<schema>/<table>/`, as a table of the same name
    (`<schema>.<table>`): how tables exported from another warehouse, or landed as files, become
    the sources of a Spark build. The sources are whatever the dbt graph declares: the raw CRM
    tables (schema raw) and the Python steps' outputs (fits in schema segments, history).
        dbt run-operation register_parquet_sources --target spark --args '{location: /data/export}'
        dbt run-operation register_parquet_sources --target spark --args '{location: /data/export, source_names: [crm]}'
#}
{% macro register_parquet_sources(location, source_names=none) -%}
    {%- set declared = graph.sources.values() | list -%}
    {%- set names = declared | map(attribute='source_name') | unique | list if source_names is none else source_names -%}
    {%- set sources = declared | selectattr('source_name', 'in', names) | list -%}
    {%- for name in names if name not in (sources | map(attribute='source_name') | list) -%}
        {{ exceptions.raise_compiler_error("no tables in source '" ~ name ~ "'") }}
    {%- endfor -%}
    {%- for schema in sources | map(attribute='schema') | unique -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
    {%- endfor -%}
    {%- for source in sources -%}
        {%- set relation = api.Relation.create(schema=source.schema, identifier=source.identifier) -%}
        {%- set folder = location ~ '/' ~ source.schema ~ '/' ~ source.identifier -%}
        {%- do run_query('drop table if exists ' ~ relation) -%}
        {%- do run_query("create table " ~ relation ~ " using parquet location '" ~ folder ~ "'") -%}
        {{- log('registered ' ~ relation ~ ' from ' ~ folder, info=true) -}}
    {%- endfor -%}
{%- endmacro %}
