"""Turning model outputs into the published columns: churn risk, dates, the parameter table."""

from __future__ import annotations

from dataclasses import astuple, fields
from datetime import date

import numpy as np
import pandas as pd

from orchestration.lib.scoring.clv.bgnbd import BgNbdFit
from orchestration.lib.scoring.clv.gamma_gamma import GammaGammaFit

CHURN_RISK_LEVELS = ("low", "medium", "high")

NEXT_ORDER_HORIZON_DAYS = 3650
"""A median wait longer than ten years means no next order is expected in any
planning sense (and would overflow calendars), so the date is left null."""


def churn_risk(prob_no_purchase: np.ndarray, low_below: float, high_from: float) -> np.ndarray:
    """`low` below `low_below`, `high` from `high_from` on, `medium` between; None when unknown."""
    if not 0.0 <= low_below <= high_from <= 1.0:
        raise ValueError(f"need 0 <= low_below <= high_from <= 1, got {low_below} and {high_from}")
    prob = np.asarray(prob_no_purchase, dtype=float)
    with np.errstate(invalid="ignore"):
        labels = np.select(
            [prob < low_below, prob < high_from, prob >= high_from], list(CHURN_RISK_LEVELS), ""
        )
    return np.where(labels == "", None, labels).astype(object)


def next_order_dates(as_of: date, median_days: np.ndarray) -> np.ndarray:
    """as_of + the median wait rounded to whole days, at least the day after as_of.

    The as-of day itself is already observed, so the earliest possible next
    order falls on the day after. None when no purchase is expected (NaN)
    or the wait exceeds `NEXT_ORDER_HORIZON_DAYS`.
    """
    days = np.asarray(median_days, dtype=float)
    with np.errstate(invalid="ignore"):
        expected = np.isfinite(days) & (days <= NEXT_ORDER_HORIZON_DAYS)
    whole_days = np.maximum(1, np.rint(np.where(expected, days, 1.0))).astype("timedelta64[D]")
    dates = (np.datetime64(as_of, "D") + whole_days).astype(object)
    dates[~expected] = None
    return dates


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
