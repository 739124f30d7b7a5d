{# segment_history as BI reads it: one row per member, family and interval, kept across runs. #}
select
    customer_id,
    segment_family,
    segment,
    valid_from,
    valid_to,
    is_current
from {{ source('history', 'segment_history') }}
