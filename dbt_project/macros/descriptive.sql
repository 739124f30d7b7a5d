{# Helpers of the descriptive segment families (models/segments/descriptive_segments.sql). #}

{# A text value or `unknown` when it is null or blank; lowercased unless lower=false. #}
{% macro or_unknown(expression, lower=true) -%}
    coalesce(nullif({{ 'lower(trim(' ~ expression ~ '))' if lower else 'trim(' ~ expression ~ ')' }}, ''), 'unknown')
{%- endmacro %}

{# The lower bounds of var `descriptive_age_band_starts`, checked: whole numbers, ascending. #}
{% macro age_band_starts() -%}
    {%- set starts = var('descriptive_age_band_starts') -%}
    {%- if starts is string or starts | length == 0 -%}
        {{ exceptions.raise_compiler_error("var descriptive_age_band_starts must be a non-empty list, got " ~ starts) }}
    {%- endif -%}
    {%- for start in starts -%}
        {%- if start is not number or start != start | int
            or (not loop.first and start <= loop.previtem) -%}
            {{ exceptions.raise_compiler_error(
                "var descriptive_age_band_starts must be ascending whole numbers, got " ~ starts) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(starts | map('int') | list) }}
{%- endmacro %}

{# The band labels in order: `under_<first>`, `<low>-<high - 1>` ..., `<last>+`. #}
{% macro age_bands() -%}
    {%- set starts = age_band_starts() -%}
    {%- set bands = ['under_' ~ starts[0]] -%}
    {%- for start in starts -%}
        {%- do bands.append(start ~ ('+' if loop.last else '-' ~ (loop.nextitem - 1))) -%}
    {%- endfor -%}
    {{ return(bands) }}
{%- endmacro %}

{# The age band of whole years `column`, `unknown` without a birth date. #}
{% macro age_band(column) -%}
    {%- set starts = age_band_starts() -%}
    {%- set bands = age_bands() -%}
    case
        when {{ column }} is null then 'unknown'
        {%- for start in starts | reverse %}
        when {{ column }} >= {{ start }} then '{{ bands[starts | length - loop.index + 1] }}'
        {%- endfor %}
        else '{{ bands[0] }}'
    end
{%- endmacro %}

{#
    The contact channels in the order that breaks engagement ties in preferred_channel
    (var `descriptive_channel_tie_order`): the channels of contact_channels(), each once.
#}
{% macro channel_tie_order() -%}
    {%- set order = var('descriptive_channel_tie_order') -%}
    {%- if order is string or (order | sort) != (contact_channels() | sort) -%}
        {{ exceptions.raise_compiler_error(
            "var descriptive_channel_tie_order must list " ~ contact_channels() ~ " once each, got " ~ order) }}
    {%- endif -%}
    {{ return(order) }}
{%- endmacro %}
