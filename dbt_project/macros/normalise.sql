{#
    Normalisation of landed free text to the contract's values. Each macro takes
    a column expression and returns a SQL expression; null/blank stays null.
#}

{#
    `expression in (values)`, written as OR-ed lists of at most 4 values: DuckDB
    plans an IN list of 5 or more constants as a join, which it then evaluates on
    every row read from a view even when the column is not selected.
#}
{% macro in_list(expression, values) -%}
    (
    {%- for chunk in values | batch(4) -%}
        {{ ' or ' if not loop.first }}{{ expression }} in ('{{ chunk | join("', '") }}')
    {%- endfor -%}
    )
{%- endmacro %}

{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{# A code such as an ISO country: trimmed, upper case, blank as null. #}
{% macro clean_code(column) -%}
    nullif(upper(trim({{ column }})), '')
{%- endmacro %}

{% macro clean_enum(column) -%}
    nullif(lower(trim({{ column }})), '')
{%- endmacro %}

{# Free-text gender -> female / male / other / null (unknown or undisclosed). #}
{% macro normalise_gender(column) -%}
    {%- set value = 'lower(trim(' ~ column ~ '))' -%}
    case
        when {{ clean_enum(column) }} is null then null
        when {{ in_list(value, ['f', 'female', 'woman', 'w', 'girl', 'fem']) }} then 'female'
        when {{ in_list(value, ['m', 'male', 'man', 'boy']) }} then 'male'
        when {{ in_list(value, [
            'u', 'unknown', 'n/a', 'na', 'none', 'null', '-', '?', 'undisclosed',
            'prefer not to say', 'prefer_not_to_say', 'not specified', 'unspecified']) }} then null
        else 'other'
    end
{%- endmacro %}

{#
    A contract enum column -> its value (null/blank -> null): lowercased and trimmed, a
    declared synonym mapped to the value it stands for. `vocabulary` names the macro of
    its values in macros/contract_vocabulary.sql, generated from the declaration in
    orchestration/lib/raw_schema.py. A spelling outside the vocabulary never gets here:
    the quarantine holds its row.
#}
{% macro normalise_enum(column, vocabulary) -%}
    {%- set synonyms = vocabulary_synonyms(vocabulary) -%}
    {%- if synonyms -%}
    {%- set value = 'lower(trim(' ~ column ~ '))' -%}
    case
        {%- for canonical, spellings in synonyms.items() %}
        when {{ in_list(value, spellings) }} then '{{ canonical }}'
        {%- endfor %}
        else {{ clean_enum(column) }}
    end
    {%- else -%}
    {{ clean_enum(column) }}
    {%- endif -%}
{%- endmacro %}

{#
    A required text value is there: not null and not blank. Written so that the
    trim runs only for values starting with a space (trim on every key of a
    20M-row table costs more than the rest of the filter).
#}
{% macro is_present(column) -%}
    ({{ column }} is not null and {{ column }} <> '' and ({{ column }} not like ' %' or trim({{ column }}) <> ''))
{%- endmacro %}
