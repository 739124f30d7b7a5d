"""Discounted CLV: lifetimes' published figures, unit conversion and the discounting itself."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from orchestration.lib.scoring.clv import (
    BgNbdFit,
    BgNbdParams,
    GammaGammaFit,
    conditional_expected_average_profit,
    expected_purchases,
    predicted_clv,
)
from orchestration.lib.scoring.clv.clv import monthly_discount_rate


@pytest.fixture
def cdnow_columns(cdnow: pd.DataFrame) -> dict[str, np.ndarray]:
    return {
        name: cdnow[name].to_numpy(dtype=float) for name in ("frequency", "recency", "T", "monetary_value")
    }


def test_lifetimes_documented_clv_of_the_first_cdnow_customers(
    cdnow_bg_nbd: BgNbdFit, cdnow_gamma_gamma: GammaGammaFit, cdnow_columns: dict[str, np.ndarray]
):
    """lifetimes' Quickstart CLV (time=12, discount_rate=0.01 a month, default freq="D").

    With freq="D" lifetimes reads CDNOW's weeks as days, so a "month" there
    is 30 weeks; labelling the weekly fit as a day fit reproduces exactly that.
    """
    published = [140.096211, 18.943467, 38.180574, 38.180574, 38.180574, 1003.868107, 28.109683]
    published += [38.180574, 167.418216, 38.180574]
    x, t_x, T, m = cdnow_columns.values()
    order_value = conditional_expected_average_profit(cdnow_gamma_gamma, x, m)
    as_days = replace(cdnow_bg_nbd, time_unit="day")
    clv = predicted_clv(as_days, x, t_x, T, order_value, horizon_months=12, annual_discount_rate=1.01**12 - 1)
    np.testing.assert_allclose(clv[:10], published, rtol=1e-6)


@pytest.mark.parametrize(("time_unit", "month"), [("week", 30 / 7), ("day", 30.0)])
def test_undiscounted_clv_is_value_times_purchases_over_the_horizon(
    cdnow_bg_nbd: BgNbdFit, cdnow_columns: dict[str, np.ndarray], time_unit: str, month: float
):
    x, t_x, T, _ = cdnow_columns.values()
    fit = replace(cdnow_bg_nbd, time_unit=time_unit)
    clv = predicted_clv(fit, x, t_x, T, 20.0, horizon_months=12, annual_discount_rate=0.0)
    np.testing.assert_allclose(clv, 20.0 * expected_purchases(fit.params, 12 * month, x, t_x, T), rtol=1e-10)


def test_clv_grows_with_the_horizon_and_shrinks_with_the_rate(
    cdnow_bg_nbd: BgNbdFit, cdnow_columns: dict[str, np.ndarray]
):
    x, t_x, T, _ = cdnow_columns.values()

    def clv(months: int, rate: float) -> np.ndarray:
        return predicted_clv(cdnow_bg_nbd, x, t_x, T, 30.0, horizon_months=months, annual_discount_rate=rate)

    assert np.all(clv(12, 0.1) > 0)
    assert np.all(clv(24, 0.1) > clv(12, 0.1))
    assert np.all(clv(12, 0.2) < clv(12, 0.1))
    assert np.all(clv(0, 0.1) == 0)


def test_the_monthly_rate_compounds_to_the_annual_one():
    assert (1 + monthly_discount_rate(0.10)) ** 12 == pytest.approx(1.10)


def test_unknown_inputs_give_unknown_clv(cdnow_bg_nbd: BgNbdFit):
    failed = replace(cdnow_bg_nbd, params=BgNbdParams.unknown(), converged=False)
    assert np.isnan(predicted_clv(failed, 2, 10.0, 20.0, 30.0))
    assert np.isnan(predicted_clv(cdnow_bg_nbd, 2, 10.0, 20.0, np.nan))
