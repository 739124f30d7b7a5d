"""The published columns derived from model outputs: churn risk bands and next-order dates."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from orchestration.lib.scoring.clv.tables import churn_risk, next_order_dates


@pytest.mark.parametrize(
    ("prob", "label"),
    [
        (0.0, "low"),
        (0.3333, "low"),
        (0.34, "medium"),
        (0.6666, "medium"),
        (0.67, "high"),
        (1.0, "high"),
        (np.nan, None),
    ],
)
def test_churn_risk_bands(prob: float, label: str | None):
    assert churn_risk(np.array([prob]), 1 / 3, 2 / 3)[0] == label


def test_churn_risk_thresholds_must_be_ordered():
    with pytest.raises(ValueError, match="low_below"):
        churn_risk(np.array([0.5]), 0.7, 0.3)


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0.2, date(2024, 1, 2)), (2.4, date(2024, 1, 3)), (2.6, date(2024, 1, 4)), (np.nan, None), (1e6, None)],
)
def test_next_order_dates(days: float, expected: date | None):
    assert next_order_dates(date(2024, 1, 1), np.array([days]))[0] == expected
