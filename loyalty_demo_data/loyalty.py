"""The loyalty_ledger table: points that follow the orders, entry by entry.

Completed and returned orders earn floor(amount) points (premium members
double) at purchase; a return later claws them back with an `adjust`. Members
with a redeem habit trade points for vouchers at checkout, and balances of
members inactive for two years expire. Redemptions are sized from the points of
completed orders only, so no balance ever goes negative.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .columns import IdWidths, ids, labels, timestamps, with_nulls
from .members import Members
from .orders import CANCELLED, COMPLETED, RETURNED, Orders
from .sampling import segment_cumsum, segment_starts
from .timeline import DAY, Timeline

ENTRY_TYPES = ("earn", "adjust", "redeem", "expire")  # also the order of same-second entries
EARN, ADJUST, REDEEM, EXPIRE = range(4)
VOUCHER_POINTS = 500
EXPIRY = 730 * DAY


Entries = dict[str, np.ndarray]


def _entries(
    member: np.ndarray, ts: np.ndarray, kind: int, points: np.ndarray, order: np.ndarray | int
) -> Entries:
    size = len(member)
    return {
        "member": member,
        "ts": ts,
        "kind": np.full(size, kind),
        "points": points.astype(np.int64),
        "order": np.broadcast_to(order, size),
    }


def _redemptions(orders: Orders, points: np.ndarray, members: Members) -> Entries:
    """Vouchers cashed at checkout whenever a member's completed points cross the next block."""
    done = orders.status == COMPLETED
    member, ts = orders.member[done], orders.ts[done]
    earned = segment_cumsum(points[done], member)
    vouchers = np.floor(members.redeem_rate[member] * earned / VOUCHER_POINTS).astype(np.int64)
    before = np.concatenate([[0], vouchers[:-1]])[: len(vouchers)]
    before[segment_starts(member)] = 0
    new = vouchers > before
    cashed = -(vouchers - before)[new] * VOUCHER_POINTS
    return _entries(member[new], ts[new] + 1, REDEEM, cashed, -1)


def _expiries(parts: list[Entries], size: int, end_ts: int) -> Entries:
    """Whatever is left two years after a member's last activity expires."""
    member = np.concatenate([p["member"] for p in parts])
    balance = np.bincount(member, np.concatenate([p["points"] for p in parts]), size)
    last = np.full(size, -1, dtype=np.int64)
    np.maximum.at(last, member, np.concatenate([p["ts"] for p in parts]))
    due = np.flatnonzero((last + EXPIRY <= end_ts) & (balance > 0.5))
    return _entries(due, last[due] + EXPIRY, EXPIRE, -np.round(balance[due]), -1)


def _order_entries(
    rng: np.random.Generator, orders: Orders, members: Members, end_ts: int
) -> tuple[np.ndarray, list[Entries]]:
    """Earn entries of kept and returned orders, and the claw-back of each return."""
    points = orders.cents // 100 * np.where(members.premium[orders.member], 2, 1)
    earns = orders.status != CANCELLED
    earn = _entries(orders.member[earns], orders.ts[earns], EARN, points[earns], orders.number[earns])
    back = orders.status == RETURNED
    delay = rng.integers(2 * DAY, 30 * DAY, int(back.sum()))
    returned_ts = np.minimum(orders.ts[back] + delay, end_ts)
    adjust = _entries(orders.member[back], returned_ts, ADJUST, -points[back], orders.number[back])
    return points, [earn, adjust]


def ledger_table(
    rng: np.random.Generator,
    orders: Orders,
    members: Members,
    timeline: Timeline,
    first_entry: int,
    widths: IdWidths,
) -> pa.Table:
    """All ledger entries of a chunk, ordered by member and time, numbered from `first_entry`."""
    points, parts = _order_entries(rng, orders, members, timeline.end_ts)
    parts.append(_redemptions(orders, points, members))
    parts.append(_expiries(parts, members.size, timeline.end_ts))
    merged = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    order = np.lexsort((merged["kind"], merged["ts"], merged["member"]))
    merged = {key: values[order] for key, values in merged.items()}
    numbers = np.arange(first_entry, first_entry + len(order), dtype=np.int64)
    order_ids = ids("O", np.maximum(merged["order"], 0), widths.order)
    return pa.table(
        {
            "entry_id": ids("L", numbers, widths.entry),
            "customer_id": ids("C", members.number[merged["member"]], widths.customer),
            "entry_ts": timestamps(merged["ts"]),
            "entry_type": labels(merged["kind"], ENTRY_TYPES),
            "points": pa.array(merged["points"]),
            "order_id": with_nulls(order_ids, merged["order"] < 0),
        }
    )
