{#
    Thresholds of the segment and score models (dbt_project.yml `vars:`), checked
    before they reach SQL: a run override from the launchpad is user input.
#}

{# A numeric var, as a float SQL literal: DuckDB would read `0.8` as a DECIMAL. #}
{% macro float_var(name) -%}
    cast({{ number_var(name) }} as {{ type_double() }})
{%- endmacro %}

{# A numeric var as written, failing the compile for anything else. #}
{% macro number_var(name) -%}
    {%- set value = var(name) -%}
    {%- if value is not number or value is sameas true or value is sameas false -%}
        {{ exceptions.raise_compiler_error("var " ~ name ~ " must be a number, got " ~ value) }}
    {%- endif -%}
    {{ value }}
{%- endmacro %}

{# A mapping var with exactly `keys`, each a number: {key: float SQL literal}. #}
{% macro float_mapping_var(name, keys) -%}
    {%- set value = var(name) -%}
    {%- if value is not mapping or (value.keys() | list | sort) != (keys | sort) -%}
        {{ exceptions.raise_compiler_error("var " ~ name ~ " must map exactly " ~ (keys | sort) ~ " to numbers, got " ~ value) }}
    {%- endif -%}
    {%- set literals = {} -%}
    {%- for key in keys -%}
        {%- if value[key] is not number or value[key] is sameas true or value[key] is sameas false -%}
            {{ exceptions.raise_compiler_error("var " ~ name ~ "." ~ key ~ " must be a number, got " ~ value[key]) }}
        {%- endif -%}
        {%- do literals.update({key: 'cast(' ~ value[key] ~ ' as ' ~ type_double() ~ ')'}) -%}
    {%- endfor -%}
    {{ return(literals) }}
{%- endmacro %}

{#
    The named RFM segment of scores (r, f, m) under var `rfm_segment_rules`: the
    first rule whose inclusive ranges contain them; null when none does.
#}
{% macro rfm_segment_case(r, f, m) -%}
    {%- set scores = {'r': r, 'f': f, 'm': m} -%}
    case
    {%- for rule in var('rfm_segment_rules') %}
        {%- if rule is not mapping or not modules.re.match('^[a-z][a-z0-9_]*$', rule.get('segment', '') | string)
            or (rule.keys() | reject('in', ['segment', 'r', 'f', 'm']) | list) -%}
            {{ exceptions.raise_compiler_error("var rfm_segment_rules: each rule is {segment: <lowercase name>, r/f/m: [low, high]}, got " ~ rule) }}
        {%- endif %}
        when true
        {%- for letter in ['r', 'f', 'm'] if letter in rule %}
            {%- set bounds = rule[letter] -%}
            {%- if bounds is string or bounds is not iterable or bounds | length != 2
                or (bounds | reject('integer') | list) -%}
                {{ exceptions.raise_compiler_error("var rfm_segment_rules: " ~ letter ~ " of " ~ rule.segment ~ " must be [low, high] integers, got " ~ bounds) }}
            {%- endif %}
            and {{ scores[letter] }} between {{ bounds[0] }} and {{ bounds[1] }}
        {%- endfor %}
            then '{{ rule.segment }}'
    {%- endfor %}
    end
{%- endmacro %}
