"""The parameter table of the fits (the scores are dbt's clv_scores)."""

from __future__ import annotations

from dataclasses import astuple, fields

import pandas as pd

from orchestration.lib.scoring.clv.bgnbd import BgNbdFit
from orchestration.lib.scoring.clv.gamma_gamma import GammaGammaFit


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
