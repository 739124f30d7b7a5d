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
        model.behavior_cluster_label,
        (least(greatest(coalesce(features.feature_value, model.impute_value), model.clip_lower), model.clip_upper)
            - model.scale_mean) / model.scale_std - model.centroid as difference
    from {{ ref('behavior_features') }} as features
    inner join model on features.feature = model.feature
),

distances as (
    select
        customer_id,
        behavior_cluster,
        behavior_cluster_label,
        sum(difference * difference) as squared_distance
    from differences
    group by customer_id, behavior_cluster, behavior_cluster_label
),

ranked as (
    select
        *,
        row_number() over (partition by customer_id order by squared_distance, behavior_cluster) as nearness
    from distances
)

select
    members.customer_id,
    ranked.behavior_cluster,
    ranked.behavior_cluster_label
from {{ ref('customer_features') }} as members
left join ranked
    on members.customer_id = ranked.customer_id
    and ranked.nearness = 1
