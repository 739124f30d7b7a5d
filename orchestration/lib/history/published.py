"""The published `customer_segments`: the segment table plus when and from what members changed.

BI tools ask "who just moved from loyal to at_risk, and since when"; the answer
is in the history, so the publish step joins it in here rather than the
segment assets carrying state from run to run.
"""

from __future__ import annotations

from orchestration.lib.history.tables import SEGMENT_HISTORY

CHANGE_COLUMNS = (
    "previous_rfm_segment",
    "previous_loyalty_status",
    "rfm_segment_since",
    "loyalty_status_since",
    "segment_changed_at",
)
"""Added to every column of `segments.customer_segments`.

previous_*: segment of the interval that ended exactly when the current one
began (NULL if none: first value, or back after a gap); *_since: valid_from of
the current interval; segment_changed_at: latest valid_from among the current
rfm / loyalty_status intervals that directly follow another one (NULL if
neither ever changed). "Current" = the interval containing the as-of date.
"""

PUBLISHED_CUSTOMER_SEGMENTS_SQL = f"""
with as_of as (
    select max(as_of_date) as as_of_date from segments.customer_segments
),
tracked as (
    select customer_id, segment_family, segment, valid_from, valid_to
    from {SEGMENT_HISTORY}
    where segment_family in ('rfm', 'loyalty_status')
),
current_intervals as (
    select cur.customer_id, cur.segment_family, cur.valid_from, prev.segment as previous_segment
    from tracked as cur
    cross join as_of
    left join tracked as prev
        on prev.customer_id = cur.customer_id
        and prev.segment_family = cur.segment_family
        and prev.valid_to = cur.valid_from
    where cur.valid_from <= as_of.as_of_date
      and (cur.valid_to is null or cur.valid_to > as_of.as_of_date)
),
changes as (
    select
        customer_id,
        any_value(previous_segment) filter (where segment_family = 'rfm') as previous_rfm_segment,
        any_value(previous_segment) filter (where segment_family = 'loyalty_status')
            as previous_loyalty_status,
        any_value(valid_from) filter (where segment_family = 'rfm') as rfm_segment_since,
        any_value(valid_from) filter (where segment_family = 'loyalty_status') as loyalty_status_since,
        max(valid_from) filter (where previous_segment is not null) as segment_changed_at
    from current_intervals
    group by customer_id
)
select base.*, {", ".join(f"changes.{column}" for column in CHANGE_COLUMNS)}
from segments.customer_segments as base
left join changes using (customer_id)
order by base.customer_id
"""
"""Reads `segments.customer_segments` and `history.segment_history`: run it after the history has
incorporated the current as-of date, or the change columns describe the previous one."""
