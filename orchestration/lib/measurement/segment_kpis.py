"""Per-segment KPIs, kept per as-of date in `history.segment_kpis`.

One row per as-of date, segment family and segment, plus the whole base (family and
segment `all`) so BI can compare any segment with it. A run replaces only its own as-of
date's rows, in one transaction: re-running a date gives the same table, other dates stay
as they were. The KPIs are one set-based query over the feature mart (one row per
customer) joined to the long membership table: it grows with members × families, never
with orders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from orchestration.lib.history.tables import HISTORY_SCHEMA
from orchestration.lib.measurement.response_rates import (
    CHANNEL_RESPONSES,
    CHANNEL_TRACKING_SQL,
    RESPONSE_RATES,
    ratio_sql,
)
from orchestration.lib.raw_schema import CONTACT_CHANNELS
from orchestration.lib.sql import quote_identifier, quote_literal
from orchestration.lib.warehouse import transaction

SEGMENT_KPIS = f"{HISTORY_SCHEMA}.segment_kpis"
FEATURES = "marts.customer_features"


@dataclass(frozen=True)
class Kpi:
    """A KPI column: its name, stored type and aggregate over one segment's rows of `inputs`."""

    name: str
    sql_type: str
    aggregate: str


KPIS: tuple[Kpi, ...] = (
    Kpi("members", "bigint", "count(*)"),
    Kpi("buyers_12m", "bigint", "count(*) filter (where orders_last_365d > 0)"),
    Kpi("orders_12m", "bigint", "sum(orders_last_365d)"),
    Kpi("revenue_12m", "decimal(38, 2)", "sum(revenue_last_365d)"),
    Kpi("avg_order_value_12m", "double", ratio_sql("sum(revenue_last_365d)", "sum(orders_last_365d)")),
    Kpi("repeat_purchase_rate", "double", ratio_sql("count(*) filter (where is_repeat_buyer)", "count(*)")),
    Kpi(
        "retention_90d",
        "double",
        ratio_sql(
            "count(*) filter (where ordered_days_91_180 and ordered_last_90d)",
            "count(*) filter (where ordered_days_91_180)",
        ),
    ),
    Kpi("points_redemption_rate", "double", ratio_sql("sum(points_redeemed)", "sum(points_earned)")),
    *(
        Kpi(f"{channel}_{rate}", "double", ratio_sql(f"sum({channel}_{event})", f"sum({channel}_base)"))
        for channel in CONTACT_CHANNELS
        for rate, event in RESPONSE_RATES.items()
    ),
)
"""The KPI columns in table order, after as_of_date, segment_family, segment."""

_CREATE_SQL = f"""
create table if not exists {SEGMENT_KPIS} (
    as_of_date date not null,
    segment_family varchar not null,
    segment varchar not null,
    {", ".join(f"{quote_identifier(kpi.name)} {kpi.sql_type}" for kpi in KPIS)},
    primary key (as_of_date, segment_family, segment)
)
"""


def _channel_columns(channel: str) -> str:
    """One customer's response counts on `channel` (NULL for event types the channel does not
    track) and the base its rates are measured over: delivered messages, else sent ones."""
    on_channel = f"filter (where responses.channel = {quote_literal(channel)})"
    counts = [
        f"sum(case when tracking.tracks_{event} then responses.contacted_{event} end) {on_channel}"
        f" as {channel}_{event}"
        for event in RESPONSE_RATES.values()
    ]
    base = (
        "case when tracking.tracks_delivered then responses.campaigns_delivered"
        " else responses.campaigns_sent end"
    )
    return ",\n        ".join([*counts, f"sum({base}) {on_channel} as {channel}_base"])


_CHANNEL_COLUMNS = ",\n        ".join(map(_channel_columns, CONTACT_CHANNELS))
_KPI_COLUMNS = ",\n    ".join(
    f"cast({kpi.aggregate} as {kpi.sql_type}) as {quote_identifier(kpi.name)}" for kpi in KPIS
)

# inputs: one row per customer with everything a KPI aggregates; members: who is in which
# segment, the whole base as family and segment 'all'. Purchase days come from the BTYD
# summary (frequency = purchase days - 1), customer_features.frequency counts orders.
SEGMENT_KPIS_SQL = f"""
with
tracking as ({CHANNEL_TRACKING_SQL}),
channel_responses as (
    select
        responses.customer_id,
        {_CHANNEL_COLUMNS}
    from {CHANNEL_RESPONSES} as responses
    left join tracking using (channel)
    group by responses.customer_id
),
inputs as (
    select
        features.customer_id,
        features.as_of_date,
        features.orders_last_365d,
        features.revenue_last_365d,
        coalesce(purchases.frequency, 0) >= 1 as is_repeat_buyer,
        features.orders_last_180d > features.orders_last_90d as ordered_days_91_180,
        features.orders_last_90d > 0 as ordered_last_90d,
        features.points_earned,
        features.points_redeemed,
        channel_responses.* exclude (customer_id)
    from {FEATURES} as features
    left join marts.customer_btyd_summary as purchases using (customer_id)
    left join channel_responses using (customer_id)
    where features.as_of_date = $as_of
),
members as (
    select segment_family, segment, customer_id from segments.segment_membership
    union all
    select 'all', 'all', customer_id from inputs
)
select
    inputs.as_of_date,
    members.segment_family,
    members.segment,
    {_KPI_COLUMNS}
from members
join inputs using (customer_id)
group by inputs.as_of_date, members.segment_family, members.segment
"""


def record_segment_kpis(conn: duckdb.DuckDBPyConnection, as_of: dt.date) -> int:
    """Replace the `as_of` rows of history.segment_kpis from the marts built as of that date.

    Returns the rows written. Creates the schema and table on first use. One transaction:
    a failure leaves the table exactly as it was, and a re-run replaces that date only.
    """
    bound = {"as_of": as_of}
    with transaction(conn):
        conn.execute(f"create schema if not exists {HISTORY_SCHEMA}")
        conn.execute(_CREATE_SQL)
        conn.execute(f"delete from {SEGMENT_KPIS} where as_of_date = $as_of", bound)
        rows = conn.execute(f"insert into {SEGMENT_KPIS} by name {SEGMENT_KPIS_SQL}", bound).fetchone()[0]
    return rows


def top_segment_per_family(conn: duckdb.DuckDBPyConnection, as_of: dt.date) -> pd.DataFrame:
    """Per family, the segment with the most 12-month revenue at `as_of` and its share of the base's."""
    return conn.execute(
        f"""
        select
            kpis.segment_family,
            kpis.segment,
            kpis.members,
            kpis.revenue_12m,
            round({ratio_sql("kpis.revenue_12m", "base.revenue_12m")}, 3) as share_of_revenue_12m
        from {SEGMENT_KPIS} as kpis
        join {SEGMENT_KPIS} as base
            on base.as_of_date = kpis.as_of_date and base.segment_family = 'all'
        where kpis.as_of_date = ? and kpis.segment_family <> 'all'
        qualify row_number() over (
            partition by kpis.segment_family order by kpis.revenue_12m desc, kpis.segment
        ) = 1
        order by kpis.segment_family
        """,
        [as_of],
    ).df()
