"""The order_lines table: what was in each order, summing exactly to its amount."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .columns import IdWidths, ids, labels, money, redelivered
from .members import CATEGORIES, Members
from .orders import Orders
from .sampling import categorical, pick_per_row
from .timeline import DAY

LINE_COUNT_WEIGHTS = (0.5, 0.4, 0.1)  # 1, 2 or 3 lines: 1.6 on average
QUANTITY_WEIGHTS = (0.72, 0.18, 0.05, 0.03, 0.02)  # 1 to 5 items
PRODUCTS_PER_CATEGORY = 150


def _split_cents(
    rng: np.random.Generator, total: np.ndarray, count: np.ndarray, quantity: np.ndarray
) -> np.ndarray:
    """Split each order's cents over its `count` lines, more for larger quantities; exact sum."""
    weight = rng.gamma(2.0, 1.0, len(quantity)) * quantity
    first = np.cumsum(count) - count
    fraction = weight / np.repeat(np.add.reduceat(weight, first), count)
    cents = np.floor(np.repeat(total, count) * fraction).astype(np.int64)
    cents[first] += total - np.add.reduceat(cents, first)
    return cents


def order_lines_table(
    rng: np.random.Generator, orders: Orders, members: Members, widths: IdWidths
) -> pa.Table:
    """Order lines with the member's favourite categories and popular products."""
    count = 1 + categorical(rng, LINE_COUNT_WEIGHTS, orders.size)
    order_of = np.repeat(np.arange(orders.size), count)
    size = len(order_of)
    category = pick_per_row(rng, members.category_mix, orders.member[order_of])
    popularity = np.floor(PRODUCTS_PER_CATEGORY * rng.random(size) ** 2.5).astype(np.int64)
    product = (category + 1) * 1000 + 1 + popularity
    quantity = 1 + categorical(rng, QUANTITY_WEIGHTS, size)
    columns = {
        "order_id": ids("O", orders.number[order_of], widths.order),
        "product_id": ids("P", product, 5),
        "product_category": labels(category, CATEGORIES),
        "quantity": pa.array(quantity.astype(np.int64)),
        "line_amount": money(_split_cents(rng, orders.cents, count, quantity)),
        "_day": pa.array(orders.ts[order_of] // DAY),  # the order's day (see chunk)
    }
    return redelivered(rng, pa.table(columns))
