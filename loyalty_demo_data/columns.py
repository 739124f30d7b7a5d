"""Turning numpy arrays into typed Arrow columns without Python loops.

Everything is built as Arrow arrays in C++ (ids, money, dates), because
formatting tens of millions of values through Python objects would dominate
the run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

Columns = dict[str, pa.Array]
MONEY = pa.decimal128(18, 2)


@dataclass(frozen=True)
class IdWidths:
    """Zero-padded id widths, fixed by the number of customers so ids never overflow."""

    customer: int
    order: int
    entry: int

    @classmethod
    def for_customers(cls, customers: int) -> IdWidths:
        # Orders average ~20 per customer: 100x is a bound never reached in practice.
        order = max(9, len(str(customers * 100)))
        return cls(max(7, len(str(customers))), order, order + 1)


def ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """`prefix` + zero-padded number, e.g. C0000042."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers, type=pa.int64()), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def money(cents: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """Exact 2-decimal amounts from integer cents (decimal128 is 16-byte two's complement)."""
    cents = np.ascontiguousarray(cents, dtype=np.int64)
    words = np.stack([cents, cents >> 63], axis=1)
    validity = None if null is None else pa.array(~null).buffers()[1]
    buffers = [validity, pa.py_buffer(words.tobytes())]
    return pa.Array.from_buffers(MONEY, len(cents), buffers, null_count=-1)


def dates(epoch_days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(epoch_days.astype(np.int32), type=pa.date32(), mask=null)


def timestamps(epoch_seconds: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(epoch_seconds.astype(np.int64), type=pa.timestamp("s"), mask=null)


def labels(codes: np.ndarray, names: Sequence[str], null: np.ndarray | None = None) -> pa.Array:
    """Strings from category codes (a C++ take, not a Python lookup)."""
    indices = pa.array(codes.astype(np.int64), mask=null)
    return pc.take(pa.array(list(names), type=pa.string()), indices)


def with_nulls(array: pa.Array, null: np.ndarray) -> pa.Array:
    """`array` with the entries flagged in `null` blanked out."""
    return pc.if_else(pa.array(null), pa.nulls(len(array), array.type), array)


def share(rng: np.random.Generator, size: int, rate: float) -> np.ndarray:
    """A random mask flagging about `rate` of `size` entries."""
    return rng.random(size) < rate


def redelivered(rng: np.random.Generator, table: pa.Table, rate: float = 0.001) -> pa.Table:
    """Repeat about `rate` of the rows right after themselves: a re-delivered record."""
    again = np.flatnonzero(share(rng, table.num_rows, rate))
    rows = np.sort(np.concatenate([np.arange(table.num_rows), again]), kind="stable")
    return table.take(pa.array(rows))
