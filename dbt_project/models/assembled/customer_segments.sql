{# One row per customer: the segment columns of the contract's customer_segments (docs/contract.md §3). #}
select
    features.customer_id,
    features.as_of_date,
    features.first_order_date,
    features.last_order_date,
    features.recency_days,
    features.frequency,
    features.monetary,
    rfm.r_score,
    rfm.f_score,
    rfm.m_score,
    rfm.rfm_segment,
    statuses.loyalty_status,
    statuses.win_back_candidate,
    clusters.behavior_cluster,
    clusters.behavior_cluster_label
from {{ ref('customer_features') }} as features
left join {{ ref('rfm_segments') }} as rfm
    on features.customer_id = rfm.customer_id
left join {{ ref('loyalty_statuses') }} as statuses
    on features.customer_id = statuses.customer_id
left join {{ ref('behavior_clusters') }} as clusters
    on features.customer_id = clusters.customer_id
