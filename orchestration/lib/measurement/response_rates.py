"""How campaign response rates are measured, shared by the segment KPIs and campaign performance.

Opens, clicks and conversions are rated over the messages that arrived. Email, SMS and push
report `delivered` events; letters (`mail`) carry no delivery tracking, so the CRM holds only
their `sent` events (the demo data does the same). Likewise SMS reports no opens, and mail
neither opens nor clicks. Rather than hard-coding which channel tracks what, the data
decides: a channel tracks an event type when the whole base has at least one such event on
it up to the as-of date. Rates are over delivered messages where delivery is tracked, else
over sent ones, and NULL for an event type the channel does not track (0 would claim that
nobody opened a letter). An export that starts tracking an event needs no code change.
"""

from __future__ import annotations

CHANNEL_RESPONSES = "intermediate.int_campaign_events_aggregated_to_customer_channels"
"""Per customer × channel: distinct campaigns per event type, cut at the as-of date by dbt."""

RESPONSE_RATES = {"open_rate": "opened", "click_rate": "clicked", "conversion_rate": "converted"}
"""Each response rate and the event it counts."""

CHANNEL_TRACKING_SQL = f"""
select
    channel,
    bool_or(campaigns_delivered > 0) as tracks_delivered,
    {", ".join(f"bool_or(campaigns_{event} > 0) as tracks_{event}" for event in RESPONSE_RATES.values())}
from {CHANNEL_RESPONSES}
group by channel
"""
"""One row per channel with events: which event types it reports (tracks_delivered, tracks_opened, …)."""


def ratio_sql(numerator: str, denominator: str) -> str:
    """`numerator / denominator` as a double, NULL when the denominator is 0 or NULL."""
    return f"cast({numerator} as double) / nullif({denominator}, 0)"
