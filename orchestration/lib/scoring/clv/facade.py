"""One call from the BTYD summary dbt builds (in days) to customer scores and model parameters.

The Dagster asset reads the summary, calls `fit_and_score`, writes both
tables and logs the warnings (and puts them in the asset's metadata).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from orchestration.lib.scoring.clv import bgnbd_predictions as predict
from orchestration.lib.scoring.clv.bgnbd import BgNbdFit, fit_bg_nbd
from orchestration.lib.scoring.clv.clv import discounted_expected_purchases
from orchestration.lib.scoring.clv.gamma_gamma import conditional_expected_average_profit, fit_gamma_gamma
from orchestration.lib.scoring.clv.summary import CompressedSummary, compress, days_per_unit, valid_btyd_rows
from orchestration.lib.scoring.clv.tables import churn_risk, next_order_dates, params_table

SUMMARY_COLUMNS = ("customer_id", "frequency", "recency", "T", "monetary_value")


def fit_and_score(
    summary_df: pd.DataFrame,
    as_of: date,
    horizon_days: float = 90,
    clv_months: int = 12,
    annual_discount_rate: float = 0.10,
    time_unit: str = "week",
    *,
    low_risk_below: float = 1 / 3,
    high_risk_from: float = 2 / 3,
    penalizer_coef: float = 0.0,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Fit BG/NBD and Gamma-Gamma on `summary_df` and score every customer in it.

    Returns (scores, params, warnings). Scores hold customer_id, p_alive,
    expected_orders_90d, expected_order_value, predicted_clv_12m,
    prob_no_purchase_90d, churn_risk and expected_next_order_date (the
    column names keep the contract's 90d/12m whatever the horizons).
    Customers without a valid history get null scores; a failed BG/NBD fit
    makes every BG/NBD-based score null; a failed Gamma-Gamma fit gives
    everyone the empirical mean order value. Each case is in `warnings`.
    """
    frequency, recency, age, monetary = _summary_columns(summary_df)
    unit_days = days_per_unit(time_unit)
    valid = valid_btyd_rows(frequency, recency, age)
    histories = compress(frequency[valid], recency[valid] / unit_days, age[valid] / unit_days)
    bg_nbd = fit_bg_nbd(
        histories.x,
        histories.t_x,
        histories.T,
        weights=histories.weights,
        time_unit=time_unit,
        penalizer_coef=penalizer_coef,
    )
    gamma_gamma = fit_gamma_gamma(frequency[valid], monetary[valid], penalizer_coef=penalizer_coef)
    per_history = _history_scores(
        bg_nbd, histories, horizon_days / unit_days, clv_months, annual_discount_rate
    )
    scores = {name: _spread(values[histories.inverse], valid) for name, values in per_history.items()}
    order_value = conditional_expected_average_profit(gamma_gamma, frequency[valid], monetary[valid])
    scores["order_value"] = _spread(order_value, valid)
    scores["median_wait_days"] = scores.pop("median_wait") * unit_days
    table = _scores_table(summary_df["customer_id"], scores, as_of, (low_risk_below, high_risk_from))
    warnings = [
        *_invalid_rows_warning(int((~valid).sum())),
        *(f"BG/NBD: {note}" for note in bg_nbd.warnings),
        *(f"Gamma-Gamma: {note}" for note in gamma_gamma.warnings),
    ]
    return table, params_table(bg_nbd, gamma_gamma, time_unit), warnings


def _summary_columns(summary_df: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """frequency, recency, T, monetary_value as float arrays (nulls as NaN); a missing column raises."""
    missing = [column for column in SUMMARY_COLUMNS if column not in summary_df.columns]
    if missing:
        raise KeyError(f"BTYD summary lacks columns {missing}")
    return tuple(summary_df[column].to_numpy(dtype=float, na_value=np.nan) for column in SUMMARY_COLUMNS[1:])


def _history_scores(
    fit: BgNbdFit, histories: CompressedSummary, horizon: float, clv_months: int, annual_discount_rate: float
) -> dict[str, np.ndarray]:
    """Everything that depends on (x, t_x, T) only, computed once per distinct history."""
    x, t_x, T = histories.x, histories.t_x, histories.T
    return {
        "p_alive": predict.p_alive(fit.params, x, t_x, T),
        "expected_orders": predict.expected_purchases(fit.params, horizon, x, t_x, T),
        "prob_no_purchase": predict.prob_no_purchase(fit.params, horizon, x, t_x, T),
        "median_wait": predict.median_time_to_next_purchase(fit.params, x, t_x, T),
        "discounted_orders": discounted_expected_purchases(fit, x, t_x, T, clv_months, annual_discount_rate),
    }


def _scores_table(
    customer_id: pd.Series, scores: dict[str, np.ndarray], as_of: date, risk_thresholds: tuple[float, float]
) -> pd.DataFrame:
    """The customer_scores columns this module owns, one row per input row."""
    return pd.DataFrame(
        {
            "customer_id": customer_id.to_numpy(),
            "p_alive": scores["p_alive"],
            "expected_orders_90d": scores["expected_orders"],
            "expected_order_value": scores["order_value"],
            "predicted_clv_12m": scores["discounted_orders"] * scores["order_value"],
            "prob_no_purchase_90d": scores["prob_no_purchase"],
            "churn_risk": churn_risk(scores["prob_no_purchase"], *risk_thresholds),
            "expected_next_order_date": next_order_dates(as_of, scores["median_wait_days"]),
        }
    )


def _spread(values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Values of the valid customers placed in a full-length column, NaN elsewhere."""
    column = np.full(len(valid), np.nan)
    column[valid] = values
    return column


def _invalid_rows_warning(count: int) -> list[str]:
    """Say how many customers could not be scored at all."""
    if not count:
        return []
    return [
        f"{count} customers have no valid purchase history (no completed order, or inconsistent "
        "frequency/recency/T): their scores are null and they are left out of both fits"
    ]
