"""BG/NBD maximum likelihood against Fader, Hardie & Lee (2005) on CDNOW, and its failure paths."""

from __future__ import annotations

from dataclasses import astuple

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import check_grad

from orchestration.lib.scoring.clv import BgNbdFit, compress_summary, fit_bg_nbd, fitting
from orchestration.lib.scoring.clv.bgnbd_likelihood import negative_log_likelihood, prepare

PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
"""Fader, Hardie & Lee (2005), CDNOW, time in weeks; LL = -9582.4."""


@pytest.mark.parametrize("name", list(PUBLISHED))
def test_cdnow_parameters_match_the_paper(cdnow_bg_nbd: BgNbdFit, name: str):
    assert getattr(cdnow_bg_nbd.params, name) == pytest.approx(PUBLISHED[name], abs=1e-3)


def test_cdnow_fit_is_converged_with_the_published_log_likelihood(cdnow_bg_nbd: BgNbdFit):
    assert cdnow_bg_nbd.converged
    assert cdnow_bg_nbd.log_likelihood == pytest.approx(-9582.4, abs=0.05)
    assert cdnow_bg_nbd.customers_fitted == 2357
    assert cdnow_bg_nbd.time_unit == "week"
    assert cdnow_bg_nbd.warnings == []


def test_compressed_fit_equals_uncompressed_fit(cdnow: pd.DataFrame, cdnow_bg_nbd: BgNbdFit):
    x, t_x, T, weights = compress_summary(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    compressed = fit_bg_nbd(x, t_x, T, weights=weights)
    assert len(x) < len(cdnow)
    assert compressed.customers_fitted == cdnow_bg_nbd.customers_fitted
    assert compressed.log_likelihood == pytest.approx(cdnow_bg_nbd.log_likelihood, abs=1e-6)
    for name in PUBLISHED:
        assert getattr(compressed.params, name) == pytest.approx(getattr(cdnow_bg_nbd.params, name), rel=1e-5)


def test_fitting_in_days_scales_alpha_only(cdnow: pd.DataFrame, cdnow_bg_nbd: BgNbdFit):
    in_days = fit_bg_nbd(cdnow["frequency"], cdnow["recency"] * 7, cdnow["T"] * 7, time_unit="day")
    assert in_days.time_unit == "day"
    assert in_days.params.alpha == pytest.approx(7 * cdnow_bg_nbd.params.alpha, rel=1e-4)
    for name in ("r", "a", "b"):
        assert getattr(in_days.params, name) == pytest.approx(getattr(cdnow_bg_nbd.params, name), rel=1e-4)


@pytest.mark.parametrize(
    "log_params", [np.log([0.243, 4.414, 0.793, 2.426]), np.zeros(4), np.array([-3.0, 5.0, -4.0, 6.0])]
)
@pytest.mark.parametrize("penalizer_coef", [0.0, 0.1])
def test_analytic_gradient_matches_finite_differences(
    cdnow: pd.DataFrame, log_params: np.ndarray, penalizer_coef: float
):
    data = prepare(cdnow["frequency"], cdnow["recency"], cdnow["T"], np.ones(len(cdnow)))

    def value(theta: np.ndarray) -> float:
        return negative_log_likelihood(theta, data, penalizer_coef)[0]

    def gradient(theta: np.ndarray) -> np.ndarray:
        return negative_log_likelihood(theta, data, penalizer_coef)[1]

    scale = max(1.0, float(np.max(np.abs(gradient(log_params)))))
    assert check_grad(value, gradient, log_params) / scale < 1e-4


def test_a_penalizer_shrinks_the_parameters(cdnow: pd.DataFrame, cdnow_bg_nbd: BgNbdFit):
    penalized = fit_bg_nbd(cdnow["frequency"], cdnow["recency"], cdnow["T"], penalizer_coef=0.01)
    assert penalized.converged
    unpenalized, shrunk = np.array(astuple(cdnow_bg_nbd.params)), np.array(astuple(penalized.params))
    assert np.sum(shrunk**2) < np.sum(unpenalized**2)
    assert penalized.log_likelihood < cdnow_bg_nbd.log_likelihood


def _assert_failed_explicitly(fit: BgNbdFit, phrase: str) -> None:
    assert not fit.converged
    assert not fit.params.is_finite()
    assert np.isnan(fit.log_likelihood)
    assert any(phrase in warning for warning in fit.warnings), fit.warnings


def test_no_repeat_customers_is_not_fitted():
    fit = fit_bg_nbd(np.zeros(50), np.zeros(50), np.linspace(1, 30, 50))
    _assert_failed_explicitly(fit, "no customer has a repeat purchase")
    assert fit.customers_fitted == 50


def test_three_customers_are_too_few():
    fit = fit_bg_nbd(np.array([0, 1, 3]), np.array([0, 2, 5]), np.array([6, 6, 6]))
    _assert_failed_explicitly(fit, "only 3 customers")


def test_an_optimiser_that_stops_early_is_reported(cdnow: pd.DataFrame):
    fit = fit_bg_nbd(cdnow["frequency"], cdnow["recency"], cdnow["T"], max_iterations=1)
    _assert_failed_explicitly(fit, "optimiser did not converge")
    assert "unknown" in fit.warnings[-1]


def test_invalid_rows_are_left_out_with_a_count(cdnow: pd.DataFrame, cdnow_bg_nbd: BgNbdFit):
    frequency = np.append(cdnow["frequency"].to_numpy(dtype=float), [np.nan, 2.0])
    recency = np.append(cdnow["recency"].to_numpy(), [0.0, 50.0])
    T = np.append(cdnow["T"].to_numpy(), [10.0, 20.0])
    fit = fit_bg_nbd(frequency, recency, T)
    assert fit.converged
    assert fit.customers_fitted == 2357
    assert fit.warnings == ["2 summary rows are no valid BTYD history and were left out of the fit"]
    assert fit.params.r == pytest.approx(cdnow_bg_nbd.params.r, rel=1e-6)


def test_screening_starts_on_a_sample_reaches_the_same_optimum(
    cdnow: pd.DataFrame, cdnow_bg_nbd: BgNbdFit, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(fitting, "SCREENING_CUSTOMERS", 500)
    screened = fit_bg_nbd(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert screened.converged
    for name in PUBLISHED:
        assert getattr(screened.params, name) == pytest.approx(getattr(cdnow_bg_nbd.params, name), rel=1e-6)
