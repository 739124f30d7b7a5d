{#
    One row per customer in customer_features: the behavioural cluster whose stored centroid
    (source fits.behavior_cluster_model, fitted by k-means on a seeded sample) is nearest to
    the buyer, by squared Euclidean distance over the model's features after its fill, clip
    and standardisation. An exact tie goes to the lowest cluster id. Prospects, and every
    member when the model has no clusters, get null.
#}
with model as (
    select * from {{ source('fits', 'behavior_cluster_model') }}
),

differences as (
    select
        features.customer_id,
        model.behavior_cluster,
        (least(greatest(coalesce(features.feature_value, model.impute_value), model.clip_lower), model.clip_upper)
            - model.scale_mean) / model.scale_std - model.centroid as difference
    from {{ ref('behavior_features') }} as features
    inner join model on features.feature = model.feature
),

distances as (
    select
        customer_id,
        behavior_cluster,
        sum(difference * difference) as squared_distance
    from differences
    group by customer_id, behavior_cluster
),

nearest_distances as (
    select customer_id, min(squared_distance) as squared_distance
    from distances
    group by customer_id
),

-- aggregates rather than a window over every member's distances: the lowest id among the
-- clusters at the nearest distance (the same expression on the same values, so equal exactly)
nearest as (
    select distances.customer_id, min(distances.behavior_cluster) as behavior_cluster
    from distances
    inner join nearest_distances
        on distances.customer_id = nearest_distances.customer_id
        and distances.squared_distance = nearest_distances.squared_distance
    group by distances.customer_id
),

labels as (
    select distinct behavior_cluster, behavior_cluster_label from model
)

select
    members.customer_id,
    nearest.behavior_cluster,
    labels.behavior_cluster_label
from {{ ref('customer_features') }} as members
left join nearest
    on members.customer_id = nearest.customer_id
left join labels
    on nearest.behavior_cluster = labels.behavior_cluster
