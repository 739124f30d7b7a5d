{#-
    Long form of every member's segments: one row per customer per family of var
    `segment_families` (macros/segment_rules.sql), then one per rule segment (`rule:<name>`).
-#}
{%- for family in segment_families() %}
select
    customer_id,
    '{{ family.family }}' as segment_family,
    cast({{ family.segment }} as {{ dbt.type_string() }}) as segment
from {{ ref(family.model) }}
union all
{%- endfor %}
select customer_id, segment_family, segment
from {{ ref('rule_segments') }}
