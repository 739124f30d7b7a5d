-- Every (r, f, m) score combination gets a named segment under var rfm_segment_rules
-- (a run's override included): the rows returned are the combinations no rule matches.
with

scores as (
    {%- for score in range(1, 6) %}
    select {{ score }} as score {{ 'union all' if not loop.last }}
    {%- endfor %}
),

grid as (
    select r.score as r_score, f.score as f_score, m.score as m_score
    from scores as r
    cross join scores as f
    cross join scores as m
)

select *
from grid
where {{ rfm_segment_case('r_score', 'f_score', 'm_score') }} is null
