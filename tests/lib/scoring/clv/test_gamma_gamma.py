"""Gamma-Gamma against the published CDNOW estimates, and its explicit fallbacks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import check_grad

from orchestration.lib.scoring.clv import (
    GammaGammaFit,
    fit_gamma_gamma,
    fitting,
)
from orchestration.lib.scoring.clv.gamma_gamma_data import repeat_values
from orchestration.lib.scoring.clv.gamma_gamma_likelihood import negative_log_likelihood
from tests.lib.scoring.clv.conftest import posterior_order_value

FADER_HARDIE = {"p": 6.25, "q": 3.74, "v": 15.44}
"""Fader & Hardie's Gamma-Gamma note (2013) on CDNOW's 946 repeat customers."""

LIFETIMES_DOCS = {"p": 6.25, "q": 3.74, "v": 15.45}
"""lifetimes' Quickstart on the same data: `<GammaGammaFitter: ... p: 6.25, q: 3.74, v: 15.45>`."""


@pytest.mark.parametrize("name", list(FADER_HARDIE))
def test_cdnow_parameters_match_the_published_ones(cdnow_gamma_gamma: GammaGammaFit, name: str):
    """Both sources print two decimals and differ by 0.01 in v: within one unit of that digit of
    Fader & Hardie, and exactly lifetimes' figures once rounded as lifetimes prints them."""
    value = getattr(cdnow_gamma_gamma.params, name)
    assert value == pytest.approx(FADER_HARDIE[name], abs=0.01)
    assert round(value, 2) == LIFETIMES_DOCS[name]


def test_cdnow_fit_uses_the_946_repeat_customers(cdnow_gamma_gamma: GammaGammaFit):
    assert cdnow_gamma_gamma.converged
    assert cdnow_gamma_gamma.customers_fitted == 946
    assert cdnow_gamma_gamma.warnings == []


def test_expected_order_values_of_the_first_cdnow_customers(
    cdnow: pd.DataFrame, cdnow_gamma_gamma: GammaGammaFit
):
    """lifetimes documentation (Quickstart, Gamma-Gamma): customers 1-10 and the mean over everyone."""
    published = [24.658619, 18.911489, 35.170981, 35.170981, 35.170981, 71.462843, 18.911489, 35.170981]
    published += [27.282408, 35.170981]
    values = posterior_order_value(cdnow_gamma_gamma, cdnow["frequency"], cdnow["monetary_value"])
    np.testing.assert_allclose(values[:10], published, rtol=1e-5)
    assert values.mean() == pytest.approx(35.2529588256, rel=1e-6)
    assert cdnow_gamma_gamma.params.population_mean() == pytest.approx(35.170981, rel=1e-5)


@pytest.mark.parametrize("log_params", [np.log([6.25, 3.74, 15.44]), np.zeros(3), np.array([1.0, 2.0, -1.0])])
def test_analytic_gradient_matches_finite_differences(cdnow: pd.DataFrame, log_params: np.ndarray):
    data = repeat_values(cdnow["frequency"], cdnow["monetary_value"], max_rows=10_000, seed=0)

    def value(theta: np.ndarray) -> float:
        return negative_log_likelihood(theta, data, 0.01)[0]

    def gradient(theta: np.ndarray) -> np.ndarray:
        return negative_log_likelihood(theta, data, 0.01)[1]

    scale = max(1.0, float(np.max(np.abs(gradient(log_params)))))
    assert check_grad(value, gradient, log_params) / scale < 1e-4


def test_zero_value_repeat_customers_are_excluded_and_counted(
    cdnow: pd.DataFrame, cdnow_gamma_gamma: GammaGammaFit
):
    monetary = cdnow["monetary_value"].to_numpy(dtype=float).copy()
    zeroed = np.flatnonzero(cdnow["frequency"].to_numpy() > 0)[:5]
    monetary[zeroed] = 0.0
    fit = fit_gamma_gamma(cdnow["frequency"], monetary)
    assert fit.converged
    assert fit.customers_fitted == 941
    assert any(warning.startswith("5 repeat customers have a zero or negative") for warning in fit.warnings)
    values = posterior_order_value(fit, cdnow["frequency"], monetary)
    assert np.all(np.isfinite(values))
    assert np.all(values[zeroed] < fit.params.population_mean())


def test_no_repeat_customers_falls_back_to_unknown():
    fit = fit_gamma_gamma(np.zeros(20), np.zeros(20))
    assert not fit.converged
    assert np.isnan(fit.fallback_order_value)
    assert any("unknown (NaN)" in warning for warning in fit.warnings)


def test_three_customers_fall_back_to_the_empirical_mean():
    fit = fit_gamma_gamma(np.array([1.0, 3.0, 0.0]), np.array([10.0, 20.0, 0.0]))
    assert not fit.converged
    assert fit.fallback_order_value == pytest.approx((10 + 60) / 4)
    assert any("only 2 repeat customers" in warning for warning in fit.warnings)


def test_heavy_tailed_values_give_q_below_one_and_fall_back():
    """Values drawn from the model itself with q = 0.7: the population mean p*v/(q-1) does not exist."""
    rng = np.random.default_rng(0)
    frequency = rng.integers(1, 8, 3000).astype(float)
    monetary = rng.gamma(5.0 * frequency, 1.0 / rng.gamma(0.7, 1.0 / 10.0, 3000)) / frequency
    fit = fit_gamma_gamma(frequency, monetary)
    assert not fit.converged
    assert any("(q = 0.6" in warning and "<= 1)" in warning for warning in fit.warnings), fit.warnings
    assert fit.fallback_order_value == pytest.approx(frequency @ monetary / frequency.sum())


def test_values_the_model_cannot_fit_fall_back():
    """Pareto values with x <= 3 drive the estimate off to p -> infinity: flagged, not published."""
    rng = np.random.default_rng(3)
    frequency = rng.integers(1, 4, 2000).astype(float)
    fit = fit_gamma_gamma(frequency, 5.0 * (rng.pareto(0.6, 2000) + 1.0))
    assert not fit.converged
    assert any("fit failed" in warning for warning in fit.warnings), fit.warnings


def test_an_optimiser_that_stops_early_falls_back(cdnow: pd.DataFrame):
    fit = fit_gamma_gamma(cdnow["frequency"], cdnow["monetary_value"], max_iterations=1)
    assert not fit.converged
    assert any("fit failed" in warning for warning in fit.warnings)
    assert np.isfinite(fit.fallback_order_value)


def test_distinct_pairs_with_counts_give_the_fit_of_their_customers(
    cdnow: pd.DataFrame, cdnow_gamma_gamma: GammaGammaFit
):
    """The asset reads the pairs compressed by dbt (customer_btyd_repeat_values), with counts.
    The empirical mean (the fallback and the starts) is summed in another order, so BFGS ends a
    few 1e-8 apart in the flat p-v direction: within its tolerance, not bit for bit."""
    pairs = cdnow.groupby(["frequency", "monetary_value"], as_index=False).size()
    fit = fit_gamma_gamma(pairs["frequency"], pairs["monetary_value"], weights=pairs["size"])
    assert fit.converged
    assert fit.customers_fitted == 946
    assert fit.fallback_order_value == pytest.approx(cdnow_gamma_gamma.fallback_order_value, rel=1e-12)
    for name in FADER_HARDIE:
        assert getattr(fit.params, name) == pytest.approx(getattr(cdnow_gamma_gamma.params, name), rel=1e-6)


def test_zero_value_pairs_are_counted_by_their_customers():
    fit = fit_gamma_gamma(np.array([1.0, 2.0, 0.0]), np.array([0.0, 10.0, 0.0]), weights=np.array([4, 3, 9]))
    assert any(warning.startswith("4 repeat customers have a zero or negative") for warning in fit.warnings)
    assert fit.customers_fitted == 3
    assert fit.fallback_order_value == pytest.approx(10.0)


def test_too_many_distinct_values_are_fitted_on_a_sample(
    cdnow: pd.DataFrame, cdnow_gamma_gamma: GammaGammaFit
):
    fit = fit_gamma_gamma(cdnow["frequency"], cdnow["monetary_value"], max_rows=600)
    assert fit.converged
    assert fit.customers_fitted == 600
    assert any("random sample of 600 of 946" in warning for warning in fit.warnings)
    assert fit.params.population_mean() == pytest.approx(cdnow_gamma_gamma.params.population_mean(), rel=0.1)


def test_screening_starts_on_a_sample_reaches_the_same_optimum(
    cdnow: pd.DataFrame, cdnow_gamma_gamma: GammaGammaFit, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(fitting, "SCREENING_CUSTOMERS", 300)
    screened = fit_gamma_gamma(cdnow["frequency"], cdnow["monetary_value"])
    assert screened.converged
    for name in FADER_HARDIE:
        assert getattr(screened.params, name) == pytest.approx(
            getattr(cdnow_gamma_gamma.params, name), rel=1e-6
        )
