"""The orders table: one row per purchase transaction of the chunk's members."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from orchestration.lib.raw_schema import ORDER_CHANNELS, ORDER_STATUSES

from .cadence import Purchases
from .columns import (
    Columns,
    IdWidths,
    ids,
    labels,
    money,
    redelivered,
    share,
    timestamps,
    with_nulls,
)
from .geography import STORE_COUNT
from .members import Members, in_contract_order
from .sampling import categorical, pick_per_row
from .timeline import Timeline

STATUSES = ORDER_STATUSES
COMPLETED, RETURNED, CANCELLED = map(STATUSES.index, ("completed", "returned", "cancelled"))
STATUS_WEIGHTS = in_contract_order(STATUSES, {"completed": 0.93, "returned": 0.05, "cancelled": 0.02})
STORE = ORDER_CHANNELS.index("store")


@dataclass(frozen=True)
class Orders:
    """A chunk's orders, sorted by member then time; numbers are global and unique."""

    member: np.ndarray  # chunk-local member index
    number: np.ndarray  # global order number
    ts: np.ndarray  # epoch seconds
    cents: np.ndarray  # order value in cents
    status: np.ndarray  # code into STATUSES
    channel: np.ndarray  # code into ORDER_CHANNELS
    store: np.ndarray  # store number, 0 when not bought in a store
    discount: np.ndarray  # discount in cents, -1 when none

    @property
    def size(self) -> int:
        return len(self.number)


def _stores(
    rng: np.random.Generator, members: Members, member: np.ndarray, channel: np.ndarray
) -> np.ndarray:
    """Store orders mostly go to the member's home store, sometimes elsewhere."""
    elsewhere = rng.integers(1, STORE_COUNT + 1, len(member))
    store = np.where(share(rng, len(member), 0.85), members.home_store[member], elsewhere)
    return np.where(channel == STORE, store, 0)


def draw_orders(
    rng: np.random.Generator,
    members: Members,
    purchases: Purchases,
    timeline: Timeline,
    first_number: int,
) -> Orders:
    """Give every purchase a time of day, value, status, channel, store and discount."""
    ts = timeline.shop_timestamps(rng, purchases.position)
    order = np.lexsort((ts, purchases.member))
    member, ts = purchases.member[order], ts[order]
    size = len(member)
    spread = 0.45  # lognormal sigma of a member's order values around their mean
    factor = np.exp(spread * rng.standard_normal(size) - spread**2 / 2)
    cents = np.maximum(np.round(members.value[member] * factor * 100), 100).astype(np.int64)
    status = categorical(rng, STATUS_WEIGHTS, size)
    status[purchases.cancelled[order]] = CANCELLED
    channel = pick_per_row(rng, members.channel_mix, member)
    discount = np.round(cents * rng.uniform(0.05, 0.3, size)).astype(np.int64)
    return Orders(
        member=member,
        number=np.arange(first_number, first_number + size, dtype=np.int64),
        ts=ts,
        cents=cents,
        status=status,
        channel=channel,
        store=_stores(rng, members, member, channel),
        discount=np.where(share(rng, size, 0.18), discount, -1),
    )


def orders_table(rng: np.random.Generator, orders: Orders, members: Members, widths: IdWidths) -> pa.Table:
    """The orders rows, with a few planted exact duplicates (re-delivered records)."""
    columns: Columns = {
        "order_id": ids("O", orders.number, widths.order),
        "customer_id": ids("C", members.number[orders.member], widths.customer),
        "order_ts": timestamps(orders.ts),
        "amount": money(orders.cents),
        "status": labels(orders.status, STATUSES),
        "channel": labels(orders.channel, ORDER_CHANNELS),
        "store_id": with_nulls(ids("S", orders.store, 3), orders.store == 0),
        "discount_amount": money(orders.discount, null=orders.discount < 0),
    }
    return redelivered(rng, pa.table(columns))
