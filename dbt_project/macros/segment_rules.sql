{#
    The rule segments of the run (var `segment_rules`): the marketers' rules of
    LOYALTY_SEGMENT_RULES, validated against the warehouse columns and compiled to SQL
    predicates by orchestration/lib/segmentation/rules (every value a quoted literal, every
    field a quoted column that validation found). Only the Dagster step building
    rule_segments sets the var, from the rules file; a run override of it is refused
    (orchestration/lib/dbt_vars.py), so no launchpad text reaches this SQL. The structure is
    checked here as well: a list of {name: <lowercase identifier>, predicate: <text>}.
#}
{% macro segment_rules() -%}
    {%- set rules = var('segment_rules') -%}
    {%- if rules is string or rules is mapping or rules is not iterable -%}
        {{ exceptions.raise_compiler_error("var segment_rules must be a list of compiled rules, got " ~ rules) }}
    {%- endif -%}
    {%- for rule in rules -%}
        {%- if rule is not mapping or (rule.keys() | list | sort) != ['name', 'predicate']
            or not modules.re.match('^[a-z][a-z0-9_]{0,62}$', rule.name | string)
            or rule.predicate is not string -%}
            {{ exceptions.raise_compiler_error("var segment_rules: each rule is {name: <lowercase identifier>, predicate: <compiled SQL>}, got " ~ rule) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(rules) }}
{%- endmacro %}

{#
    The single-valued segment families of segment_membership (var `segment_families`), in the
    order reports list them: {family: {model, column[, when_null][, when_true, when_false]}}.
    Returns [{family, model, segment: SQL text expression of the member's segment}]. Fixed by
    the project, not a run override (orchestration/lib/dbt_vars.py); the names are checked all
    the same, so nothing but identifiers and lowercase words reaches the SQL.
#}
{% macro segment_families() -%}
    {%- set families = [] -%}
    {%- for family, source in var('segment_families').items() -%}
        {%- set options = source.keys() | reject('in', ['model', 'column']) | list | sort -%}
        {%- set words = [family] + (source.values() | list) -%}
        {%- set odd = [] -%}
        {%- for text in words if text is not string or not modules.re.match('^[a-z][a-z0-9_]*$', text) -%}
            {%- do odd.append(text) -%}
        {%- endfor -%}
        {%- if odd or options not in [[], ['when_null'], ['when_false', 'when_true']] -%}
            {{ exceptions.raise_compiler_error("var segment_families: " ~ family ~ " must be {model, column[, when_null | when_true, when_false]} of lowercase words, got " ~ source) }}
        {%- endif -%}
        {%- set segment = adapter.quote(source.column) -%}
        {%- if 'when_true' in source -%}
            {%- set segment = "case when " ~ segment ~ " then '" ~ source.when_true ~ "' else '" ~ source.when_false ~ "' end" -%}
        {%- elif 'when_null' in source -%}
            {%- set segment = "coalesce(" ~ segment ~ ", '" ~ source.when_null ~ "')" -%}
        {%- endif -%}
        {%- do families.append({'family': family, 'model': source.model, 'segment': segment}) -%}
    {%- endfor -%}
    {{ return(families) }}
{%- endmacro %}
