"""RFM scores under ties, monotonicity, and the ordered named-segment rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.lib.segmentation.ranking import quantile_scores
from orchestration.lib.segmentation.rfm import RFM_SEGMENTS, assign_segments, score_rfm


def members(rows: list[tuple[float, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["recency_days", "frequency", "monetary"])


def test_quintiles_of_distinct_values():
    assert quantile_scores(np.arange(10)).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert quantile_scores(np.arange(10), higher_is_better=False).tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]


def test_ties_share_a_score_and_the_worst_value_scores_one():
    # most members bought once: they must all score 1, the rare repeat buyers above them
    frequency = np.array([1] * 60 + [2] * 20 + [3] * 10 + [8] * 10)
    scores = quantile_scores(frequency)
    assert set(scores[:60]) == {1}
    assert set(scores[60:80]) == {4} and set(scores[80:90]) == {5} and set(scores[90:]) == {5}


def test_prospects_get_null_scores_and_the_prospect_segment():
    result = score_rfm(members([(5, 3, 100.0), (float("nan"), 0, 0.0), (300, 1, 20.0)]))
    assert result.loc[1, "rfm_segment"] == "prospect"
    assert result.loc[1, ["r_score", "f_score", "m_score"]].isna().all()
    assert result.loc[0, "r_score"] > result.loc[2, "r_score"]


@pytest.mark.parametrize(
    ("r", "f", "m", "segment"),
    [
        (5, 5, 5, "champions"),
        (4, 4, 4, "champions"),
        (5, 5, 2, "loyal_customers"),
        (3, 4, 3, "loyal_customers"),
        (1, 5, 5, "cannot_lose_them"),
        (2, 4, 4, "at_risk"),
        (1, 3, 3, "at_risk"),
        (5, 2, 3, "potential_loyalists"),
        (5, 1, 1, "new_customers"),
        (4, 1, 2, "promising"),
        (3, 2, 2, "need_attention"),
        (2, 2, 2, "about_to_sleep"),
        (1, 1, 1, "lost"),
        (2, 1, 1, "hibernating"),
        (1, 2, 5, "hibernating"),
    ],
)
def test_named_segment_rules(r, f, m, segment):
    assert assign_segments(np.array([r]), np.array([f]), np.array([m]))[0] == segment


def test_rules_cover_every_score_combination():
    grid = np.array(np.meshgrid(*[np.arange(1, 6)] * 3)).reshape(3, -1)
    segments = assign_segments(*grid)
    assert None not in segments.tolist()
    assert set(segments) <= set(RFM_SEGMENTS)


values = st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=200)


@settings(max_examples=60, deadline=None)
@given(values)
def test_scores_are_in_range_and_monotone(data):
    array = np.array(data)
    scores = quantile_scores(array)
    assert ((scores >= 1) & (scores <= 5)).all()
    order = np.argsort(array, kind="stable")
    assert (np.diff(scores[order]) >= 0).all()
    same = array[:, None] == array[None, :]
    assert (scores[:, None] == scores[None, :])[same].all()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 900), st.integers(0, 50), st.floats(0, 5000)), min_size=1, max_size=100)
)
def test_every_member_gets_exactly_one_known_segment(rows):
    frame = members([(r, f, m if f else 0.0) for r, f, m in rows])
    result = score_rfm(frame)
    assert len(result) == len(frame)
    assert set(result["rfm_segment"]) <= set(RFM_SEGMENTS)
    assert (result["rfm_segment"] == "prospect").sum() == (frame["frequency"] == 0).sum()
