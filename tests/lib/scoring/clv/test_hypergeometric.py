"""2F1 where SciPy returns NaN: the series fallback against Euler's integral representation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import beta, hyp2f1

from orchestration.lib.scoring.clv.numerics import hyp2f1_series_fallback


def euler_integral(a: float, b: float, c: float, z: float) -> float:
    """2F1 = 1/B(b, c-b) * integral_0^1 t^(b-1) (1-t)^(c-b-1) (1-zt)^(-a) dt, for c > b > 0."""
    integral, _ = quad(lambda t: t ** (b - 1) * (1 - t) ** (c - b - 1) * (1 - z * t) ** (-a), 0.0, 1.0)
    return integral / beta(b, c - b)


def test_scipy_still_fails_here_so_the_fallback_is_needed():
    assert math.isnan(hyp2f1(1.0, 1.0, 104.0, 10 / 11))


@pytest.mark.parametrize(("c", "z"), [(104.0, 10 / 11), (104.0, 0.95), (250.0, 0.99), (20.0, 0.5)])
def test_the_fallback_matches_the_series(c, z):
    assert hyp2f1_series_fallback(1.0, 1.0, np.array([c]), np.array([z]))[0] == pytest.approx(
        euler_integral(1.0, 1.0, c, z), rel=1e-9
    )


def test_finite_scipy_values_are_kept_and_nan_inputs_stay_nan():
    c = np.array([20.0, np.nan, 104.0])
    z = np.array([0.5, 0.5, np.nan])
    value = hyp2f1_series_fallback(1.0, 1.0, c, z)
    assert value[0] == hyp2f1(1.0, 1.0, 20.0, 0.5)
    assert np.isnan(value[1:]).all()
    assert np.isnan(hyp2f1_series_fallback(np.nan, 1.0, np.array([104.0]), np.array([0.95]))).all()
