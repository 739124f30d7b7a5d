"""Invariants of the model outputs over arbitrary parameters and histories (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.lib.scoring.clv import (
    BgNbdParams,
    compress_summary,
    discounted_expected_purchases,
    expected_purchases,
    p_alive,
    prob_no_purchase,
)
from orchestration.lib.scoring.clv.bgnbd import BgNbdFit
from orchestration.lib.scoring.clv.bgnbd_likelihood import log_likelihood, prepare
from orchestration.lib.scoring.clv.fitting import FitResult

positive = st.floats(min_value=0.05, max_value=20.0)
params_strategy = st.builds(BgNbdParams, r=positive, alpha=st.floats(0.1, 500.0), a=positive, b=positive)


@st.composite
def histories(draw: st.DrawFn, size: int = 20) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Valid (x, t_x, T): 0 <= t_x <= T, and t_x = 0 without repeats."""
    T = np.array(draw(st.lists(st.floats(0.0, 400.0), min_size=size, max_size=size)))
    share = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=size, max_size=size)))
    x = np.array(draw(st.lists(st.integers(0, 300), min_size=size, max_size=size)), dtype=float)
    t_x = np.where(x > 0, share * T, 0.0)
    return x, t_x, T


@settings(max_examples=200, deadline=None)
@given(params=params_strategy, history=histories())
def test_p_alive_is_a_probability(params: BgNbdParams, history):
    alive = p_alive(params, *history)
    assert np.all((alive >= 0) & (alive <= 1))
    assert np.all(alive[history[0] == 0] == 1)


@settings(max_examples=200, deadline=None)
@given(
    params=params_strategy,
    history=histories(),
    horizons=st.lists(st.floats(0.0, 1000.0), min_size=2, max_size=5),
)
def test_prob_no_purchase_is_a_probability_falling_with_time(
    params: BgNbdParams, history, horizons: list[float]
):
    probs = np.array([prob_no_purchase(params, t, *history) for t in sorted(horizons)])
    assert np.all((probs >= 0) & (probs <= 1))
    assert np.all(np.diff(probs, axis=0) <= 1e-12)


@settings(max_examples=200, deadline=None)
@given(
    params=params_strategy,
    history=histories(),
    horizons=st.lists(st.floats(0.0, 1000.0), min_size=2, max_size=5),
)
def test_expected_purchases_are_finite_and_grow_with_time(
    params: BgNbdParams, history, horizons: list[float]
):
    expected = np.array([expected_purchases(params, t, *history) for t in sorted(horizons)])
    assert np.all(np.isfinite(expected))
    assert np.all(expected >= 0)
    assert np.all(np.diff(expected, axis=0) >= -1e-9 * (1 + np.abs(expected[1:])))


@settings(max_examples=100, deadline=None)
@given(
    params=params_strategy,
    history=histories(),
    time_unit=st.sampled_from(["day", "week"]),
    rate=st.floats(0.0, 0.5),
)
def test_discounted_purchases_are_never_negative(params: BgNbdParams, history, time_unit: str, rate: float):
    """clv_scores multiplies them by a non-negative order value, so the CLV is never negative."""
    fit: BgNbdFit = FitResult(params, time_unit, 0.0, True, 0, 1)
    purchases = discounted_expected_purchases(fit, *history, horizon_months=12, annual_discount_rate=rate)
    assert np.all(np.isfinite(purchases))
    assert np.all(purchases >= 0)


@settings(max_examples=50, deadline=None)
@given(params=params_strategy, history=histories(), copies=st.integers(1, 5))
def test_compressed_likelihood_equals_the_sum_over_customers(params: BgNbdParams, history, copies: int):
    x, t_x, T = (np.repeat(column, copies) for column in history)
    vector = np.array([params.r, params.alpha, params.a, params.b])
    each = log_likelihood(vector, prepare(x, t_x, T, np.ones(len(x))))
    together = log_likelihood(vector, prepare(*compress_summary(x, t_x, T)))
    assert together == pytest.approx(each, rel=1e-9, abs=1e-9)
