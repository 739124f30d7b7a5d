{{ config(tags=['after_fits'], meta={'dagster': {'ref': {'name': 'behavior_clusters'}}}) }}
-- Every feature of the fitted cluster model is one behavior_features derives: a feature dbt
-- does not know would silently drop out of the distances behavior_clusters measures.
select distinct model.feature
from {{ source('fits', 'behavior_cluster_model') }} as model
where model.feature not in (select derived.feature from {{ ref('behavior_features') }} as derived)
