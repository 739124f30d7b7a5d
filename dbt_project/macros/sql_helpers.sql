{# A ratio as a floating-point number, null when the denominator is 0 or null. #}
{% macro safe_ratio(numerator, denominator) -%}
    (cast({{ numerator }} as {{ type_double() }}) / nullif({{ denominator }}, 0))
{%- endmacro %}

{# Rows where a condition holds, as a bigint (DuckDB would sum integers into a HUGEINT). #}
{% macro count_where(condition) -%}
    cast(sum(case when {{ condition }} then 1 else 0 end) as {{ dbt.type_bigint() }})
{%- endmacro %}

{# Sum of an integer column as a bigint, 0 when no row counts. #}
{% macro sum_bigint(expression) -%}
    cast(coalesce(sum({{ expression }}), 0) as {{ dbt.type_bigint() }})
{%- endmacro %}

{#
    A text holds at least one ASCII digit (null stays null): deleting the digits changes
    it. `translate` works alike on DuckDB, Spark and most engines; regular-expression
    functions differ in name and syntax.
#}
{% macro contains_digit(expression) -%}
    (translate({{ expression }}, '0123456789', '') <> {{ expression }})
{%- endmacro %}

{# Whole years from a birth date to a date (null when born after it). #}
{% macro age_in_years(birth_date, on_date) -%}
    case when {{ birth_date }} <= {{ on_date }} then
        {{ dbt.datediff(birth_date, on_date, 'year') }}
        - case
            when extract(month from {{ on_date }}) * 100 + extract(day from {{ on_date }})
                < extract(month from {{ birth_date }}) * 100 + extract(day from {{ birth_date }})
                then 1
            else 0
        end
    end
{%- endmacro %}

{# The survey questions of var `survey_questions` as lowercase keys. #}
{% macro survey_questions() -%}
    {%- set questions = [] -%}
    {%- for question in var('survey_questions', []) -%}
        {%- do questions.append(question | string | trim | lower) -%}
    {%- endfor -%}
    {{ return(questions) }}
{%- endmacro %}

{# The customer_features column of a survey question: survey_<question as an identifier>. #}
{% macro survey_column(question) -%}
    survey_{{ modules.re.sub('[^a-z0-9_]', '_', question | string | trim | lower) }}
{%- endmacro %}

{# A number floored at 0; null stays null (unlike `greatest`, which skips nulls on some engines). #}
{% macro floored_at_zero(expression) -%}
    case when {{ expression }} < 0 then 0 else {{ expression }} end
{%- endmacro %}
