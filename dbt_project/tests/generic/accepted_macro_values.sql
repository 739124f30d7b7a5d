{#
    accepted_values whose list a project macro returns, so a vocabulary such as
    contact_channels() keeps one definition: `values_macro` names a macro without
    arguments, `extra` adds values. Test arguments cannot call macros, and at parse
    time (execute is false) the project's macros are not in `context` yet.
#}
{% test accepted_macro_values(model, column_name, values_macro, extra=[]) %}

{%- set values = context[values_macro]() + extra if execute else [] %}
{{ adapter.dispatch('test_accepted_values', 'dbt')(model, column_name, values) }}

{% endtest %}
