"""One call from the compressed BTYD summary (in days) to the model parameters and the
per-history BG/NBD scores.

The summary reaches Python already compressed by dbt: distinct (frequency, recency, T)
histories with their customer counts, and distinct (frequency, monetary_value) pairs of
the repeat customers with theirs, so memory follows the distinct histories, not the
members. The Dagster asset calls `fit_histories`, writes the parameters and the history
table and logs the warnings; dbt's clv_scores joins every member to his history's row and
computes what is a formula of those (order value, CLV, churn risk, next order date).
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields

import numpy as np
import pandas as pd

from orchestration.lib.scoring.clv import bgnbd_predictions as predict
from orchestration.lib.scoring.clv.bgnbd import BgNbdFit, fit_bg_nbd
from orchestration.lib.scoring.clv.clv import discounted_expected_purchases
from orchestration.lib.scoring.clv.gamma_gamma import GammaGammaFit, fit_gamma_gamma
from orchestration.lib.scoring.clv.summary import days_per_unit, valid_btyd_rows

HISTORY_KEY = ("frequency", "recency", "T")
"""A history as the summary states it, in days: the key clv_scores joins on."""

HORIZON_DAYS = 90.0
"""The horizon of expected_orders_90d and prob_no_purchase_90d (the contract's column names)."""

CLV_MONTHS = 12
"""The horizon of predicted_clv_12m, in 30-day months."""


@dataclass(frozen=True)
class ClvFits:
    """What the asset writes: the history table, the parameter table and the fits' warnings."""

    history_scores: pd.DataFrame
    params: pd.DataFrame
    warnings: list[str]


def fit_histories(
    histories: pd.DataFrame,
    repeat_values: pd.DataFrame,
    *,
    annual_discount_rate: float = 0.10,
    time_unit: str = "week",
    penalizer_coef: float = 0.0,
) -> ClvFits:
    """Fit BG/NBD on `histories` (frequency, recency, T in days, customers) and Gamma-Gamma on
    `repeat_values` (frequency, monetary_value, customers), and score every valid history.

    The history table keeps the input's key columns as they are (so the join is exact) with
    the customers and the BG/NBD quantities per history: p_alive, expected_orders_90d,
    prob_no_purchase_90d, median_days_to_next_order, discounted_expected_orders_12m. The
    expected purchases (also inside the discounted sum) need the Gaussian hypergeometric
    function, which SQL lacks. p_alive, the no-purchase probability and the median wait are
    closed forms, but they are evaluated here too: they are the same model's posterior in the
    fit's time unit, their stable forms use log1p/expm1/expit that SQL has no portable
    equivalent of, and BG/NBD keeps one implementation, pinned on CDNOW. A failed BG/NBD fit
    leaves them NaN (null in the warehouse). Histories that are no valid BTYD history are left
    out, with a warning (dbt's tests on the summary rule them out before a fit runs).
    """
    frequency, recency, age, customers = _columns(histories, (*HISTORY_KEY, "customers"))
    unit_days = days_per_unit(time_unit)
    valid = valid_btyd_rows(frequency, recency, age)
    x, t_x, T = frequency[valid], recency[valid] / unit_days, age[valid] / unit_days
    bg_nbd = fit_bg_nbd(
        x, t_x, T, weights=customers[valid], time_unit=time_unit, penalizer_coef=penalizer_coef
    )
    value_frequency, monetary, value_customers = _columns(
        repeat_values, ("frequency", "monetary_value", "customers")
    )
    gamma_gamma = fit_gamma_gamma(
        value_frequency, monetary, weights=value_customers, penalizer_coef=penalizer_coef
    )
    scores = _history_scores(bg_nbd, x, t_x, T, HORIZON_DAYS / unit_days, annual_discount_rate)
    table = histories.loc[valid, [*HISTORY_KEY, "customers"]].reset_index(drop=True).assign(**scores)
    warnings = [
        *_invalid_rows_warning(round(customers[~valid].sum())),
        *(f"BG/NBD: {note}" for note in bg_nbd.warnings),
        *(f"Gamma-Gamma: {note}" for note in gamma_gamma.warnings),
    ]
    return ClvFits(table, params_table(bg_nbd, gamma_gamma, time_unit), warnings)


def _columns(frame: pd.DataFrame, names: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """The named columns as float arrays (nulls as NaN); a missing column raises."""
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise KeyError(f"compressed BTYD summary lacks columns {missing}")
    return tuple(frame[name].to_numpy(dtype=float, na_value=np.nan) for name in names)


def _history_scores(
    fit: BgNbdFit, x: np.ndarray, t_x: np.ndarray, T: np.ndarray, horizon: float, annual_discount_rate: float
) -> dict[str, np.ndarray]:
    """Everything that depends on (x, t_x, T) only, in the fit's time unit but the wait in days."""
    unit_days = days_per_unit(fit.time_unit)
    return {
        "p_alive": predict.p_alive(fit.params, x, t_x, T),
        "expected_orders_90d": predict.expected_purchases(fit.params, horizon, x, t_x, T),
        "prob_no_purchase_90d": predict.prob_no_purchase(fit.params, horizon, x, t_x, T),
        "median_days_to_next_order": predict.median_time_to_next_purchase(fit.params, x, t_x, T) * unit_days,
        "discounted_expected_orders_12m": discounted_expected_purchases(
            fit, x, t_x, T, CLV_MONTHS, annual_discount_rate
        ),
    }


def _invalid_rows_warning(count: int) -> list[str]:
    """Say how many customers could not be scored at all."""
    if not count:
        return []
    return [
        f"{count} customers have no valid purchase history (inconsistent frequency/recency/T): "
        "they are left out of the BG/NBD fit and get null scores"
    ]


def params_table(bg_nbd: BgNbdFit, gamma_gamma: GammaGammaFit, time_unit: str) -> pd.DataFrame:
    """clv_model_params rows: one per model parameter, NaN values when the fit failed.

    Gamma-Gamma's parameters have no time dimension; the row carries the
    run's time unit so the column is never null.
    """
    rows = [
        {
            "model": model,
            "parameter": parameter.name,
            "value": float(value),
            "time_unit": time_unit,
            "customers_fitted": fit.customers_fitted,
        }
        for model, fit in (("bg_nbd", bg_nbd), ("gamma_gamma", gamma_gamma))
        for parameter, value in zip(fields(fit.params), astuple(fit.params), strict=True)
    ]
    return pd.DataFrame(rows, columns=["model", "parameter", "value", "time_unit", "customers_fitted"])
