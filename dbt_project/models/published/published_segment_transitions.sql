{# segment_transitions as BI reads it: members per family moving between consecutive as-of dates. #}
select
    as_of_date,
    previous_as_of_date,
    segment_family,
    from_segment,
    to_segment,
    customers
from {{ source('history', 'segment_transitions') }}
