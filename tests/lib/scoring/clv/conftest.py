"""CDNOW, the data set the BG/NBD and Gamma-Gamma results were published on, and its fits."""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from orchestration.lib.scoring.clv import BgNbdFit, GammaGammaFit, fit_bg_nbd, fit_gamma_gamma

CDNOW_CSV = Path(__file__).parents[3] / "data" / "cdnow_customers_summary.csv"


@pytest.fixture(scope="session")
def cdnow() -> pd.DataFrame:
    """2,357 CDNOW customers: frequency, recency and T in weeks, monetary_value (tests/data/README.md)."""
    return pd.read_csv(CDNOW_CSV, dtype={"customer_id": str})


@pytest.fixture(scope="session")
def cdnow_bg_nbd(cdnow: pd.DataFrame) -> BgNbdFit:
    """BG/NBD fitted in weeks, as published."""
    return fit_bg_nbd(cdnow["frequency"], cdnow["recency"], cdnow["T"], time_unit="week")


@pytest.fixture(scope="session")
def cdnow_gamma_gamma(cdnow: pd.DataFrame) -> GammaGammaFit:
    """Gamma-Gamma fitted on the 946 repeat customers."""
    return fit_gamma_gamma(cdnow["frequency"], cdnow["monetary_value"])


@pytest.fixture(scope="session")
def cdnow_days(cdnow: pd.DataFrame) -> pd.DataFrame:
    """CDNOW as dbt would deliver it: recency and T in days."""
    return cdnow.assign(recency=cdnow["recency"] * 7, T=cdnow["T"] * 7)


def posterior_order_value(fit: GammaGammaFit, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    """The Gamma-Gamma posterior mean order value (p v + p x m) / (p x + q - 1), the formula dbt's
    clv_scores computes from the fitted parameters: the published CDNOW values pin the fit."""
    p, q, v = astuple(fit.params)
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    return (p * v + p * x * m) / (p * x + q - 1.0)
