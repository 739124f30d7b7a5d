-- Each segment and score model has a row for every customer of customer_features (one
-- row each is tested by unique + relationships; this catches customers left out).
{%- set models = ['rfm_segments', 'loyalty_statuses', 'loyalty_scores'] %}
{% for model in models %}
select '{{ model }}' as model_name, features.customer_id
from {{ ref('customer_features') }} as features
left join {{ ref(model) }} as segment on features.customer_id = segment.customer_id
where segment.customer_id is null
{{ 'union all' if not loop.last }}
{%- endfor %}
