"""Loyalty status against each member's own rhythm, and win-back candidates."""

from __future__ import annotations

import pandas as pd
import pytest

from orchestration.lib.segmentation.loyalty_status import (
    LoyaltyStatusConfig,
    WinBackConfig,
    classify_loyalty_status,
    flag_win_back,
)

AS_OF = pd.Timestamp("2026-06-30")


def member(frequency=10, recency=10, first_order_days_ago=700, gap=30.0, orders_365=8) -> dict:
    return {
        "frequency": frequency,
        "recency_days": recency if frequency else None,
        "first_order_date": (AS_OF - pd.Timedelta(days=first_order_days_ago)) if frequency else None,
        "avg_days_between_orders": gap,
        "orders_last_365d": orders_365,
    }


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"frequency": 0, "orders_365": 0}, "prospect"),
        ({"frequency": 1, "first_order_days_ago": 20, "recency": 20, "gap": None, "orders_365": 1}, "new"),
        ({"gap": 7.0, "recency": 90, "orders_365": 40}, "at_risk"),  # weekly buyer silent three months
        ({"gap": 180.0, "recency": 90, "orders_365": 2}, "casual"),  # twice-a-year buyer silent three months
        ({"gap": 7.0, "recency": 200, "orders_365": 20}, "lapsed"),
        ({"gap": 180.0, "recency": 400, "orders_365": 0}, "at_risk"),
        ({"gap": 180.0, "recency": 600, "orders_365": 0}, "lapsed"),  # absolute cap
        ({"gap": 14.0, "recency": 10, "orders_365": 25}, "loyal"),
        ({"gap": 60.0, "recency": 30, "orders_365": 3}, "casual"),
    ],
)
def test_status_rules(kwargs, status):
    frame = pd.DataFrame([member(**kwargs), member()])
    assert classify_loyalty_status(frame, AS_OF)[0] == status


def test_single_order_members_use_the_population_rhythm():
    frame = pd.DataFrame(
        [member(gap=20.0), member(gap=20.0), member(frequency=1, recency=60, gap=None, orders_365=1)]
    )
    # population median gap 20 days: 60 days of silence is more than twice that
    assert classify_loyalty_status(frame, AS_OF)[2] == "at_risk"
    relaxed = LoyaltyStatusConfig(at_risk_min_days=90)
    assert classify_loyalty_status(frame, AS_OF, relaxed)[2] == "casual"


def test_win_back_flags_past_high_value_with_a_falling_pace():
    frame = pd.DataFrame(
        {
            "revenue_prior_365d": [5000.0, 5000.0, 100.0, 0.0, 4000.0],
            "revenue_last_180d": [200.0, 3000.0, 0.0, 0.0, 100.0],
        }
    )
    flags = flag_win_back(frame, WinBackConfig(high_value_quantile=0.25))
    assert flags.tolist() == [True, False, False, False, True]


def test_win_back_without_past_spenders_flags_nobody():
    frame = pd.DataFrame({"revenue_prior_365d": [0.0, 0.0], "revenue_last_180d": [10.0, 0.0]})
    assert not flag_win_back(frame).any()
