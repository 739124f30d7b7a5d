{#
    The combination of the given columns is unique (the key of a multi-column grain).
    A stand-in for dbt_utils' test of the same name: the project takes no packages.
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

select
    {{ combination_of_columns | join(', ') }},
    count(*) as rows_with_key

from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1

{% endtest %}
