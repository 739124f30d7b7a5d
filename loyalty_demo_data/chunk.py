"""One chunk of customers rendered into rows of every table.

A chunk depends only on its own random stream and on the shared world
(window, campaign calendar, id widths), plus where its order and ledger
numbering starts, so output is reproducible chunk by chunk.

Every table carries a `_day` column, the epoch day a row enters the landing
folder (an event's day, a member's signup, a version's start), which the
writers use to cut the data at a day and to split it into daily parts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from .cadence import purchase_times
from .campaign_events import campaign_events_table
from .campaigns import CampaignPlan
from .columns import IdWidths, labels
from .consents import consents_table, draw_consents
from .customers import customer_ids, customers_columns, with_moves
from .loyalty import ledger_table
from .members import Members, draw_members
from .order_lines import order_lines_table
from .orders import draw_orders, orders_table
from .personas import PERSONA_NAMES
from .referrals import referrals_table
from .surveys import survey_table
from .timeline import DAY, Timeline

EVENT_TIMES = {
    "orders": "order_ts",
    "loyalty_ledger": "entry_ts",
    "campaign_events": "event_ts",
    "consents": "updated_at",
    "survey_responses": "answered_at",
    "referrals": "referred_at",
}
"""The timestamp that dates each row of an event table (order lines take their order's)."""


@dataclass(frozen=True)
class World:
    """What all chunks share."""

    timeline: Timeline
    plan: CampaignPlan
    widths: IdWidths


@dataclass(frozen=True)
class Chunk:
    """Rows of every table for one chunk, and how many order/ledger numbers it used."""

    tables: dict[str, pa.Table]
    orders_used: int
    entries_used: int


def _personas(members: Members, widths: IdWidths) -> pa.Table:
    return pa.table(
        {
            "customer_id": customer_ids(members, widths),
            "persona": labels(members.persona, PERSONA_NAMES),
        }
    )


def _dated(table: pa.Table, column: str) -> pa.Table:
    """`table` with the `_day` of its timestamp `column` (none are null)."""
    seconds = table[column].cast(pa.int64()).to_numpy()
    return table.append_column("_day", pa.array(seconds // DAY))


def build_chunk(
    rng: np.random.Generator,
    world: World,
    first_customer: int,
    size: int,
    first_order: int,
    first_entry: int,
    joiners: bool = False,
) -> Chunk:
    """Draw `size` members numbered from `first_customer` and everything they did.

    `joiners` sign up after the story day. A window running past the story day
    also has members moving house (drawn last, so a window ending on the story
    day draws exactly what it always did).
    """
    timeline, widths = world.timeline, world.widths
    members, phases = draw_members(rng, first_customer, size, timeline, joiners)
    orders = draw_orders(rng, members, purchase_times(rng, phases, timeline), timeline, first_order)
    consents = draw_consents(rng, members, timeline)
    ledger = ledger_table(rng, orders, members, timeline, first_entry, widths)
    signup_day = pa.array(timeline.epoch_day(members.signup))
    tables = {
        "customers": pa.table(customers_columns(rng, members, timeline, widths)).append_column(
            "_day", signup_day
        ),
        "orders": orders_table(rng, orders, members, widths),
        "order_lines": order_lines_table(rng, orders, members, widths),
        "loyalty_ledger": ledger,
        "campaign_events": campaign_events_table(
            rng, world.plan, members, consents, orders, timeline, widths
        ),
        "consents": consents_table(consents, members, widths),
        "survey_responses": survey_table(rng, members, timeline, widths),
        "referrals": referrals_table(rng, members, timeline, widths),
        "personas": _personas(members, widths).append_column("_day", signup_day),
    }
    for name, column in EVENT_TIMES.items():
        tables[name] = _dated(tables[name], column)
    if timeline.end_day > timeline.story_day:
        tables["customers"] = with_moves(rng, tables["customers"], members, timeline)
    return Chunk(tables, orders.size, ledger.num_rows)
