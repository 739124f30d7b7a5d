"""The 0–100 loyalty score: components, renormalised weights, tiers, invariants."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.lib.scoring.loyalty_score import LoyaltyScoreConfig, loyalty_score, loyalty_tier

NAN = float("nan")


def members(rows: list[dict]) -> pd.DataFrame:
    defaults = {
        "frequency": 0,
        "recency_days": NAN,
        "monetary": 0.0,
        "campaign_open_rate": NAN,
        "campaign_click_rate": NAN,
        "campaign_conversion_rate": NAN,
        "points_redemption_rate": NAN,
        "tenure_days": 0,
    }
    return pd.DataFrame([{**defaults, **row} for row in rows])


def test_best_member_outscores_a_lapsed_one_and_a_prospect():
    frame = members(
        [
            {
                "frequency": 40,
                "recency_days": 3,
                "monetary": 4000.0,
                "tenure_days": 900,
                "campaign_open_rate": 0.6,
                "campaign_click_rate": 0.3,
                "campaign_conversion_rate": 0.1,
                "points_redemption_rate": 0.8,
            },
            {
                "frequency": 2,
                "recency_days": 500,
                "monetary": 60.0,
                "tenure_days": 900,
                "campaign_open_rate": 0.0,
                "campaign_click_rate": 0.0,
                "campaign_conversion_rate": 0.0,
                "points_redemption_rate": 0.0,
            },
            {"tenure_days": 30},
        ]
    )
    scores = loyalty_score(frame)
    assert scores[0] > scores[1] > scores[2]
    assert loyalty_tier(scores).tolist()[0] in {"gold", "platinum"}
    assert loyalty_tier(scores).tolist()[2] == "bronze"


def test_missing_components_do_not_punish():
    contacted = members(
        [
            {
                "frequency": 5,
                "recency_days": 10,
                "monetary": 100.0,
                "tenure_days": 365,
                "campaign_open_rate": 0.0,
                "campaign_click_rate": 0.0,
                "campaign_conversion_rate": 0.0,
            }
        ]
    )
    never_contacted = members([{"frequency": 5, "recency_days": 10, "monetary": 100.0, "tenure_days": 365}])
    assert loyalty_score(never_contacted)[0] > loyalty_score(contacted)[0]


def test_tiers_follow_thresholds():
    scores = np.array([0.0, 39.9, 40.0, 59.9, 60.0, 79.9, 80.0, 100.0])
    assert loyalty_tier(scores).tolist() == [
        "bronze",
        "bronze",
        "silver",
        "silver",
        "gold",
        "gold",
        "platinum",
        "platinum",
    ]
    custom = LoyaltyScoreConfig(tier_thresholds={"silver": 10.0, "gold": 20.0, "platinum": 30.0})
    assert loyalty_tier(np.array([15.0]), custom).tolist() == ["silver"]


member_rows = st.fixed_dictionaries(
    {
        "frequency": st.integers(0, 200),
        "recency_days": st.integers(0, 2000),
        "monetary": st.floats(0, 1e5),
        "tenure_days": st.integers(0, 5000),
        "campaign_open_rate": st.one_of(st.just(NAN), st.floats(0, 1)),
        "campaign_click_rate": st.floats(0, 1),
        "campaign_conversion_rate": st.floats(0, 1),
        "points_redemption_rate": st.one_of(st.just(NAN), st.floats(0, 3)),
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(member_rows, min_size=1, max_size=60))
def test_scores_stay_within_0_and_100(rows):
    scores = loyalty_score(members(rows))
    assert ((scores >= 0) & (scores <= 100)).all()
    assert set(loyalty_tier(scores)) <= {"bronze", "silver", "gold", "platinum"}
