{#-
    One row per customer per rule of the run's rules file (var `segment_rules`, compiled from
    LOYALTY_SEGMENT_RULES by orchestration/lib/segmentation/rules): `in` when the rule's
    predicate holds, else `out`. The predicates read the fields through the aliases `features`,
    `scores` and `member_segments` (FIELD_RELATIONS of rules/relations.py) and bought_category
    through `rule_categories`. One scan: every member is paired with every rule, and a rule's
    own predicate decides its row.
-#}
{%- set rules = segment_rules() %}

with

rule_categories as (

    -- days from the last purchase of each category to the as-of date (the as-of day is 0)
    select
        customer_id,
        product_category,
        {{ dbt.datediff('last_purchase_date', as_of_date(), 'day') }} as days_since_purchase
    from {{ ref('int_order_lines_aggregated_to_customer_categories') }}
    where last_purchase_date <= {{ as_of_date() }}

),

rules as (

    {% for rule in rules -%}
    select {{ loop.index0 }} as rule_index, '{{ rule.name }}' as rule_name
    {% if not loop.last %}union all{% endif %}
    {% else -%}
    select 0 as rule_index, cast(null as {{ dbt.type_string() }}) as rule_name where 1 = 0
    {%- endfor %}

),

flags as (

    select
        features.customer_id,
        rules.rule_name,
        {% if rules -%}
        case rules.rule_index
            {%- for rule in rules %}
            when {{ loop.index0 }} then {{ rule.predicate }}
            {%- endfor %}
        end
        {%- else -%}
        false
        {%- endif %} as is_member
    from {{ ref('customer_features') }} as features
    left join {{ ref('customer_scores') }} as scores
        on features.customer_id = scores.customer_id
    left join {{ ref('customer_segments') }} as member_segments
        on features.customer_id = member_segments.customer_id
    cross join rules

)

select
    customer_id,
    rule_name,
    {{ dbt.concat(["'rule:'", 'rule_name']) }} as segment_family,
    case when is_member then 'in' else 'out' end as segment
from flags
