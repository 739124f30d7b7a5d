{# segment_summary as BI reads it: one row per family and segment. #}
select
    segment_family,
    segment,
    customers,
    share_of_customers,
    revenue_12m,
    share_of_revenue_12m,
    avg_loyalty_score,
    avg_predicted_clv_12m
from {{ ref('segment_summary') }}
