{#
    Vocabulary and settings of campaign_performance (dbt_project.yml vars `campaign_*`),
    checked before they reach SQL: a run override from the launchpad is user input.
#}

{# The events counted among a campaign's targeted members: every event type but the two that
   make a member (`sent`, `holdout`), in contract order. #}
{% macro campaign_response_events() -%}
    {{ return(campaign_event_types() | reject('in', ['sent', 'holdout']) | list) }}
{%- endmacro %}

{# var campaign_attribution_days: a whole number of days, at least 1. #}
{% macro campaign_attribution_days() -%}
    {%- set days = var('campaign_attribution_days') -%}
    {%- if days is not integer or days is sameas true or days is sameas false or days < 1 -%}
        {{ exceptions.raise_compiler_error("var campaign_attribution_days must be a whole number of days >= 1, got " ~ days) }}
    {%- endif -%}
    {{ return(days) }}
{%- endmacro %}

{# A count var (var campaign_uplift_min_outcomes): a whole number >= 0. #}
{% macro count_var(name) -%}
    {%- set value = var(name) -%}
    {%- if value is not integer or value is sameas true or value is sameas false or value < 0 -%}
        {{ exceptions.raise_compiler_error("var " ~ name ~ " must be a whole number >= 0, got " ~ value) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#
    A member of a row of fct_campaign_events_per_member_campaign had an event of `event_type` of
    its campaign by the end of the as-of date (false, not null, when never).
#}
{% macro seen_by_as_of(event_type) -%}
    coalesce(first_{{ event_type }}_date <= {{ as_of_date() }}, false)
{%- endmacro %}
