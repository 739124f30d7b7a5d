{#
    customer_segments as BI reads it: the segment columns plus, from the history, what each
    member's rfm_segment and loyalty_status were before and since when they hold.

    The current interval of a family is the one containing the row's as-of date; its
    previous_* value is the segment of the interval that ended exactly when it began (null
    for a first value or after a gap); segment_changed_at is the latest start of a current
    interval that directly follows another one.

    A table, unlike the other published models: as a view, its range join over the whole
    history would run again for each of its tests, its quality check and the publish.
#}
{{ config(materialized='table') }}
with segments as (
    select * from {{ ref('customer_segments') }}
),

tracked as (
    select customer_id, segment_family, segment, valid_from, valid_to
    from {{ source('history', 'segment_history') }}
    where segment_family in ('rfm', 'loyalty_status')
),

current_intervals as (
    select
        cur.customer_id,
        cur.segment_family,
        cur.valid_from,
        prev.segment as previous_segment
    from segments
    inner join tracked as cur
        on segments.customer_id = cur.customer_id
        and cur.valid_from <= segments.as_of_date
        and (cur.valid_to is null or cur.valid_to > segments.as_of_date)
    left join tracked as prev
        on cur.customer_id = prev.customer_id
        and cur.segment_family = prev.segment_family
        and cur.valid_from = prev.valid_to
),

changes as (
    select
        customer_id,
        max(case when segment_family = 'rfm' then previous_segment end) as previous_rfm_segment,
        max(case when segment_family = 'loyalty_status' then previous_segment end) as previous_loyalty_status,
        max(case when segment_family = 'rfm' then valid_from end) as rfm_segment_since,
        max(case when segment_family = 'loyalty_status' then valid_from end) as loyalty_status_since,
        max(case when previous_segment is not null then valid_from end) as segment_changed_at
    from current_intervals
    group by customer_id
)

select
    segments.customer_id,
    segments.as_of_date,
    segments.first_order_date,
    segments.last_order_date,
    segments.recency_days,
    segments.frequency,
    segments.monetary,
    segments.r_score,
    segments.f_score,
    segments.m_score,
    segments.rfm_segment,
    segments.loyalty_status,
    segments.win_back_candidate,
    segments.behavior_cluster,
    segments.behavior_cluster_label,
    changes.previous_rfm_segment,
    changes.previous_loyalty_status,
    changes.rfm_segment_since,
    changes.loyalty_status_since,
    changes.segment_changed_at
from segments
left join changes
    on segments.customer_id = changes.customer_id
