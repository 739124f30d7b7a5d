"""Compression of the BTYD summary and the validity of histories."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from orchestration.lib.scoring.clv import compress_summary
from orchestration.lib.scoring.clv.summary import days_per_unit, unique_rows, valid_btyd_rows


def test_compression_counts_each_distinct_history_once():
    x, t_x, T, weights = compress_summary(
        np.array([0, 2, 0, 2, 1]), np.array([0, 5, 0, 5, 3]), np.array([10, 12, 10, 12, 12])
    )
    rows = sorted(zip(x, t_x, T, weights, strict=True))
    assert rows == [(0, 0, 10, 2), (1, 3, 12, 1), (2, 5, 12, 2)]


def test_unique_rows_keep_every_customer_and_map_back(cdnow: pd.DataFrame):
    columns = [cdnow[name].to_numpy(dtype=float) for name in ("frequency", "recency", "T")]
    distinct, inverse, counts = unique_rows(*columns)
    assert counts.sum() == len(cdnow)
    assert len(distinct[0]) < len(cdnow)
    for original, restored in zip(columns, distinct, strict=True):
        np.testing.assert_array_equal(restored[inverse], original)


def test_unique_rows_of_nothing_is_empty():
    (values,), inverse, counts = unique_rows(np.array([]))
    assert len(values) == len(inverse) == len(counts) == 0


@pytest.mark.parametrize(
    ("frequency", "recency", "T", "valid"),
    [
        (0, 0, 10, True),
        (3, 10, 10, True),
        (0, 0, 0, True),
        (np.nan, np.nan, np.nan, False),
        (-1, 0, 10, False),
        (1.5, 2, 10, False),
        (2, 11, 10, False),
        (0, 3, 10, False),
        (2, -1, 10, False),
        (1, 1, np.inf, False),
    ],
)
def test_valid_histories(frequency: float, recency: float, T: float, valid: bool):
    assert valid_btyd_rows(np.array([frequency]), np.array([recency]), np.array([T]))[0] == valid


@pytest.mark.parametrize(("unit", "days"), [("day", 1.0), ("week", 7.0)])
def test_time_units(unit: str, days: float):
    assert days_per_unit(unit) == days


def test_an_unknown_time_unit_is_a_configuration_error():
    with pytest.raises(ValueError, match="time_unit"):
        days_per_unit("month")
