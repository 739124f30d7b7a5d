{#
    Every row satisfies a boolean SQL expression (rows where it is false fail; null
    passes, as in a check constraint). On a column, the expression continues the
    column: `expression: ">= 0"`.
#}
{% test expression_is_true(model, expression, column_name=none) %}

select *
from {{ model }}
where not ({{ column_name ~ ' ' if column_name else '' }}{{ expression }})

{% endtest %}
