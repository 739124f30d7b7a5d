"""fit_and_score on data the models cannot fully use: every case warns, none crashes or invents a number."""

from __future__ import annotations

import pandas as pd
import pytest

from orchestration.lib.scoring.clv import fit_and_score, fitting
from tests.lib.scoring.clv.test_facade import AS_OF, SCORE_COLUMNS


def _summary(frequency, recency, T, monetary) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": [f"c{i}" for i in range(len(frequency))],
            "frequency": frequency,
            "recency": recency,
            "T": T,
            "monetary_value": monetary,
        }
    )


def test_prospects_and_broken_rows_get_null_scores(cdnow_days: pd.DataFrame):
    extra = _summary([None, 3], [None, 500.0], [None, 100.0], [None, 20.0])
    scores, _, warnings = fit_and_score(pd.concat([cdnow_days, extra], ignore_index=True), AS_OF)
    tail = scores.iloc[-2:]
    assert tail.drop(columns="customer_id").isna().all().all()
    assert warnings[0].startswith("2 customers have no valid purchase history")
    assert scores.iloc[:-2]["p_alive"].notna().all()


def test_zero_value_repeat_orders_are_warned_about(cdnow_days: pd.DataFrame):
    summary = cdnow_days.copy()
    summary.loc[summary["frequency"] > 0, "monetary_value"] = summary["monetary_value"].where(
        summary.index % 10 != 0, 0.0
    )
    scores, _, warnings = fit_and_score(summary, AS_OF)
    assert any(w.startswith("Gamma-Gamma: ") and "zero or negative mean repeat value" in w for w in warnings)
    assert scores["expected_order_value"].notna().all()
    assert (scores["predicted_clv_12m"] >= 0).all()


def test_no_repeat_customers_leave_bg_nbd_scores_unknown():
    summary = _summary([0] * 30, [0] * 30, list(range(30)), [0.0] * 30)
    scores, params, warnings = fit_and_score(summary, AS_OF)
    assert (
        scores[["p_alive", "expected_orders_90d", "predicted_clv_12m", "expected_order_value"]]
        .isna()
        .all()
        .all()
    )
    assert scores["churn_risk"].isna().all()
    assert scores["expected_next_order_date"].isna().all()
    assert params["value"].isna().all()
    assert any(w.startswith("BG/NBD: no customer has a repeat purchase") for w in warnings)
    assert any(w.startswith("Gamma-Gamma: ") and "unknown (NaN)" in w for w in warnings)


def test_three_customers_do_not_crash():
    scores, params, warnings = fit_and_score(
        _summary([0, 2, 5], [0, 10, 40], [30, 30, 60], [0, 12.5, 30.0]), AS_OF
    )
    assert len(scores) == 3
    assert scores["p_alive"].isna().all()
    assert scores["expected_order_value"].tolist() == pytest.approx([(25 + 150) / 7] * 3)
    assert any("only 3 customers" in w for w in warnings)
    assert len(params) == 7


def test_an_empty_summary_gives_empty_scores():
    scores, params, warnings = fit_and_score(_summary([], [], [], []), AS_OF)
    assert scores.empty
    assert list(scores.columns) == SCORE_COLUMNS
    assert len(params) == 7
    assert warnings


def test_a_missing_column_is_a_schema_error(cdnow_days: pd.DataFrame):
    with pytest.raises(KeyError, match="monetary_value"):
        fit_and_score(cdnow_days.drop(columns="monetary_value"), AS_OF)


def test_a_failing_optimiser_gives_unknown_scores_and_the_fallback_value(
    cdnow_days: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
):
    def broken_minimize(objective, start, **_):
        raise FloatingPointError("simulated breakdown")

    monkeypatch.setattr(fitting, "minimize", broken_minimize)
    scores, params, warnings = fit_and_score(cdnow_days, AS_OF)
    assert len(scores) == len(cdnow_days)
    assert scores[["p_alive", "expected_orders_90d", "predicted_clv_12m"]].isna().all().all()
    assert scores["churn_risk"].isna().all()
    frequency, value = cdnow_days["frequency"], cdnow_days["monetary_value"]
    empirical = (frequency * value).sum() / frequency.sum()
    assert scores["expected_order_value"].tolist() == pytest.approx([empirical] * len(scores))
    assert params["value"].isna().all()
    assert any(
        w.startswith("BG/NBD: optimiser did not converge (optimiser error: simulated") for w in warnings
    )
    assert any(w.startswith("Gamma-Gamma: fit failed") for w in warnings)
