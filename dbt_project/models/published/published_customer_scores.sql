{# customer_scores as BI reads it: the contract's columns in its order (docs/contract.md §3). #}
select
    customer_id,
    as_of_date,
    loyalty_score,
    loyalty_tier,
    p_alive,
    expected_orders_90d,
    expected_order_value,
    predicted_clv_12m,
    churn_risk,
    expected_next_order_date,
    prob_no_purchase_90d
from {{ ref('customer_scores') }}
