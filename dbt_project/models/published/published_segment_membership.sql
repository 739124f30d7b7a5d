{# segment_membership as BI reads it: one row per member, family and segment. #}
select
    customer_id,
    segment_family,
    segment
from {{ ref('segment_membership') }}
