"""fit_and_score on CDNOW delivered in days: the customer_scores and clv_model_params columns."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from orchestration.lib.scoring.clv import (
    expected_purchases,
    fit_and_score,
    median_time_to_next_purchase,
)

AS_OF = date(1997, 9, 30)
SCORE_COLUMNS = [
    "customer_id",
    "p_alive",
    "expected_orders_90d",
    "expected_order_value",
    "predicted_clv_12m",
    "prob_no_purchase_90d",
    "churn_risk",
    "expected_next_order_date",
]


@pytest.fixture(scope="module")
def scored(cdnow_days: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    return fit_and_score(cdnow_days, AS_OF)


def test_one_score_row_per_customer_in_input_order(scored, cdnow_days: pd.DataFrame):
    scores, _, warnings = scored
    assert list(scores.columns) == SCORE_COLUMNS
    assert scores["customer_id"].tolist() == cdnow_days["customer_id"].tolist()
    assert warnings == []


def test_params_table_holds_the_published_estimates_in_weeks(scored):
    _, params, _ = scored
    assert list(params.columns) == ["model", "parameter", "value", "time_unit", "customers_fitted"]
    values = dict(zip(params["parameter"], params["value"], strict=True))
    assert values["r"] == pytest.approx(0.243, abs=1e-3)
    assert values["alpha"] == pytest.approx(4.414, abs=1e-3)
    assert values["q"] == pytest.approx(3.74, abs=0.01)
    assert params["model"].tolist() == ["bg_nbd"] * 4 + ["gamma_gamma"] * 3
    assert set(params["time_unit"]) == {"week"}
    assert params["customers_fitted"].tolist() == [2357] * 4 + [946] * 3


def test_day_and_week_fits_give_the_same_scores(scored, cdnow_days: pd.DataFrame):
    in_days, params, _ = fit_and_score(cdnow_days, AS_OF, time_unit="day")
    in_weeks = scored[0]
    assert set(params["time_unit"]) == {"day"}
    for column in ("p_alive", "expected_orders_90d", "predicted_clv_12m", "prob_no_purchase_90d"):
        np.testing.assert_allclose(in_days[column], in_weeks[column], rtol=1e-4)


def test_scores_follow_the_model_in_days(scored, cdnow_days: pd.DataFrame, cdnow_bg_nbd):
    scores = scored[0]
    x, t_x, T = (
        cdnow_days[name].to_numpy(dtype=float) / scale
        for name, scale in (("frequency", 1), ("recency", 7), ("T", 7))
    )
    np.testing.assert_allclose(
        scores["expected_orders_90d"], expected_purchases(cdnow_bg_nbd.params, 90 / 7, x, t_x, T), rtol=1e-6
    )
    wait_days = median_time_to_next_purchase(cdnow_bg_nbd.params, x[:1], t_x[:1], T[:1]) * 7
    assert scores["expected_next_order_date"][0] == AS_OF + timedelta(days=round(float(wait_days[0])))


def test_churn_risk_follows_the_90_day_probability(scored):
    scores = scored[0]
    prob = scores["prob_no_purchase_90d"]
    expected = np.where(prob < 1 / 3, "low", np.where(prob < 2 / 3, "medium", "high"))
    assert scores["churn_risk"].tolist() == expected.tolist()


def test_no_next_order_date_when_no_purchase_is_expected(scored):
    scores = scored[0]
    expected = scores["p_alive"] > 0.5
    assert scores.loc[~expected, "expected_next_order_date"].isna().all()
    assert (scores.loc[expected, "expected_next_order_date"].dropna() > AS_OF).all()
