"""Counts per campaign and segment: who was targeted or held out, what reached them, who bought.

Everything here is set-based SQL over campaign members (one row per campaign and member),
so it grows with messages sent, not with orders × campaigns:

- a campaign counts when it was sent on or before the as-of date, and only its events up to
  the end of the as-of date count (the staging models are not cut at the as-of date);
- targeted = members with a `sent` event and no `holdout` event; control = `holdout` members,
  who get no message and so never a `converted` event;
- a member bought when they have a completed order on one of the `attribution_days` days after
  the send day, capped at the as-of date (the same window for both groups, so uplift compares
  like with like);
- segments are taken at send (from `history.segment_history`, as of the day before the send:
  the latest segments a marketer could have targeted on, untouched by the campaign's own
  effect) when that history holds a value for every member of the campaign in the family;
  otherwise from the current `segments.segment_membership`. `segment_basis` says which.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from orchestration.lib.history.tables import SEGMENT_HISTORY
from orchestration.lib.measurement.response_rates import CHANNEL_TRACKING_SQL, RESPONSE_RATES, ratio_sql
from orchestration.lib.warehouse import relation_exists

RESPONSE_EVENTS = ("delivered", "opened", "clicked", "converted", "unsubscribed", "bounced")
"""Events counted per campaign and segment, among targeted members."""

_NO_HISTORY = (
    "(select null::varchar as customer_id, null::varchar as segment_family, null::varchar as segment,"
    " null::date as valid_from, null::date as valid_to where false)"
)
"""Stands in for the history table in a warehouse that has none yet: every family is 'current'."""

_COUNTS = {
    "targeted": "not is_control",
    **{event: f"not is_control and got_{event}" for event in RESPONSE_EVENTS},
    "control_members": "is_control",
    "treated_buyers": "not is_control and has_bought",
    "control_buyers": "is_control and has_bought",
}
"""Each count column and the members it counts."""

_COUNT_COLUMNS = ", ".join(
    f"count(*) filter (where {condition}) as {name}" for name, condition in _COUNTS.items()
)

_RESPONSE_BASE = "case when tracking.tracks_delivered then filled.delivered else filled.targeted end"
"""Targeted members a message reached: delivered where the channel tracks delivery, else sent."""

_RATES = ",\n    ".join(
    f"case when tracking.tracks_{event} then {ratio_sql(f'filled.{event}', _RESPONSE_BASE)} end as {rate}"
    for rate, event in RESPONSE_RATES.items()
)


def campaign_counts_sql(history: str) -> str:
    """The counting query; `history` is the segment history relation (trusted) or a stand-in."""
    return f"""
with
campaigns as (
    select campaign_id, campaign_name, channel, campaign_type, sent_date
    from staging.stg_crm__campaigns
    where sent_date <= $as_of
),
members as (
    select
        events.campaign_id,
        events.customer_id,
        bool_or(events.event_type = 'holdout') as is_control,
        {", ".join(f"bool_or(events.event_type = '{event}') as got_{event}" for event in RESPONSE_EVENTS)}
    from staging.stg_crm__campaign_events as events
    semi join campaigns using (campaign_id)
    where events.event_at < $as_of + 1
    group by events.campaign_id, events.customer_id
    having bool_or(events.event_type in ('sent', 'holdout'))
),
buyers as (
    select distinct members.campaign_id, members.customer_id
    from members
    join campaigns using (campaign_id)
    join staging.stg_crm__orders as orders
        on orders.customer_id = members.customer_id
        and orders.order_date > campaigns.sent_date
        and orders.order_date <= least(campaigns.sent_date + $attribution_days, $as_of)
    where orders.is_completed
),
outcomes as (
    select members.*, buyers.customer_id is not null as has_bought
    from members
    left join buyers using (campaign_id, customer_id)
),
at_send_counts as (
    select outcomes.campaign_id, history.segment_family, history.segment, {_COUNT_COLUMNS}
    from outcomes
    join campaigns using (campaign_id)
    join {history} as history
        on history.customer_id = outcomes.customer_id
        and history.valid_from <= campaigns.sent_date - 1
        and (history.valid_to is null or history.valid_to > campaigns.sent_date - 1)
    group by outcomes.campaign_id, history.segment_family, history.segment
),
current_counts as (
    select outcomes.campaign_id, membership.segment_family, membership.segment, {_COUNT_COLUMNS}
    from outcomes
    join segments.segment_membership as membership using (customer_id)
    group by outcomes.campaign_id, membership.segment_family, membership.segment
),
overall_counts as (
    select campaign_id, 'all' as segment_family, 'all' as segment, {_COUNT_COLUMNS}
    from outcomes
    group by campaign_id
),
covered as (
    -- history holds at most one value per member and family on a date, so a family covers a
    -- campaign when its segments at send add up to every member of the campaign
    select at_send_counts.campaign_id, at_send_counts.segment_family
    from at_send_counts
    join overall_counts using (campaign_id)
    group by at_send_counts.campaign_id, at_send_counts.segment_family
    having sum(at_send_counts.targeted + at_send_counts.control_members)
        = any_value(overall_counts.targeted + overall_counts.control_members)
),
counted as (
    select *, 'at_send' as segment_basis
    from at_send_counts
    semi join covered using (campaign_id, segment_family)
    union all by name
    select *, 'current' as segment_basis
    from current_counts
    anti join covered using (campaign_id, segment_family)
    union all by name
    select *, 'at_send' as segment_basis from overall_counts
),
filled as (
    -- a campaign nobody was sent or held out of still gets its overall row, with zeros
    select
        campaigns.*,
        coalesce(counted.segment_family, 'all') as segment_family,
        coalesce(counted.segment, 'all') as segment,
        coalesce(counted.segment_basis, 'at_send') as segment_basis,
        {", ".join(f"coalesce(counted.{name}, 0) as {name}" for name in _COUNTS)}
    from campaigns
    left join counted using (campaign_id)
)
select
    filled.*,
    {_RATES},
    $attribution_days as attribution_days,
    filled.sent_date + $attribution_days <= $as_of as window_complete
from filled
left join ({CHANNEL_TRACKING_SQL}) as tracking using (channel)
"""


def count_campaigns(conn: duckdb.DuckDBPyConnection, as_of: dt.date, attribution_days: int) -> pd.DataFrame:
    """Per campaign sent up to `as_of` and segment (and `all`): member counts, response rates,
    the attribution window and the buyers in each group. Small: campaigns × segments rows."""
    history = SEGMENT_HISTORY if relation_exists(conn, *SEGMENT_HISTORY.split(".")) else _NO_HISTORY
    return conn.execute(
        campaign_counts_sql(history), {"as_of": as_of, "attribution_days": attribution_days}
    ).df()
