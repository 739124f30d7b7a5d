{{ config(tags=['after_fits'], meta={'dagster': {'ref': {'name': 'behavior_clusters'}}}) }}
-- Every buyer (a completed order) has a behavioural cluster; only prospects are left null.
select clusters.customer_id
from {{ ref('behavior_clusters') }} as clusters
inner join {{ ref('customer_features') }} as features
    on clusters.customer_id = features.customer_id
where coalesce(features.frequency, 0) > 0
    and (clusters.behavior_cluster is null or clusters.behavior_cluster_label is null)
