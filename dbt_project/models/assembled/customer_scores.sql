{# One row per customer: the loyalty score and tier beside the CLV model's scores. #}
select
    features.customer_id,
    features.as_of_date,
    loyalty.loyalty_score,
    loyalty.loyalty_tier,
    clv.p_alive,
    clv.expected_orders_90d,
    clv.expected_order_value,
    clv.predicted_clv_12m,
    clv.churn_risk,
    clv.expected_next_order_date,
    clv.prob_no_purchase_90d
from {{ ref('customer_features') }} as features
left join {{ ref('loyalty_scores') }} as loyalty
    on features.customer_id = loyalty.customer_id
left join {{ ref('clv_scores') }} as clv
    on features.customer_id = clv.customer_id
