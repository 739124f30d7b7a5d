"""BG/NBD per-customer predictions against published CDNOW values and the model's own identities."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import hyp2f1

from orchestration.lib.scoring.clv import (
    BgNbdFit,
    BgNbdParams,
    expected_purchases,
    median_time_to_next_purchase,
    p_alive,
    prob_no_purchase,
)


def _histories(cdnow: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return tuple(cdnow[name].to_numpy(dtype=float) for name in ("frequency", "recency", "T"))


@pytest.mark.parametrize(
    ("x", "t_x", "T", "published"),
    [
        (18, 35.14, 35.86, 0.424877),
        (19, 34.00, 34.14, 0.474738),
        (17, 28.43, 28.86, 0.486526),
        (29, 37.71, 38.00, 0.662396),
        (26, 30.86, 31.00, 0.710623),
    ],
)
def test_next_week_purchases_of_the_top_cdnow_customers(
    cdnow_bg_nbd: BgNbdFit, x: float, t_x: float, T: float, published: float
):
    """lifetimes documentation (Quickstart, "Ranking customers from best to worst"), t = 1 week."""
    assert float(expected_purchases(cdnow_bg_nbd.params, 1.0, x, t_x, T)) == pytest.approx(
        published, abs=2e-6
    )


def test_conditional_expectation_of_the_worked_example(cdnow_bg_nbd: BgNbdFit):
    """Fader, Hardie & Lee's Excel note (brucehardie.com/notes/004): 1.226 purchases in the next 39 weeks."""
    assert float(expected_purchases(cdnow_bg_nbd.params, 39.0, 2, 30.43, 38.86)) == pytest.approx(
        1.226, abs=5e-4
    )


def test_euler_transformed_expectation_equals_the_papers_formula(cdnow: pd.DataFrame, cdnow_bg_nbd: BgNbdFit):
    r, alpha, a, b = (getattr(cdnow_bg_nbd.params, name) for name in ("r", "alpha", "a", "b"))
    x, t_x, T = _histories(cdnow)
    for t in (1.0, 39.0, 52.0):
        z = t / (alpha + T + t)
        bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
        paper = (a + b + x - 1) / (a - 1) * bracket * p_alive(cdnow_bg_nbd.params, x, t_x, T)
        np.testing.assert_allclose(expected_purchases(cdnow_bg_nbd.params, t, x, t_x, T), paper, rtol=1e-9)


def test_p_alive_is_a_probability_and_one_without_repeats(cdnow: pd.DataFrame, cdnow_bg_nbd: BgNbdFit):
    x, t_x, T = _histories(cdnow)
    alive = p_alive(cdnow_bg_nbd.params, x, t_x, T)
    assert np.all((alive >= 0) & (alive <= 1))
    assert np.all(alive[x == 0] == 1.0)
    assert np.all(alive[x > 0] < 1.0)


def test_expected_purchases_grow_with_the_horizon(cdnow: pd.DataFrame, cdnow_bg_nbd: BgNbdFit):
    x, t_x, T = _histories(cdnow)
    horizons = [0.0, 1.0, 4.0, 13.0, 52.0, 520.0]
    expected = np.array([expected_purchases(cdnow_bg_nbd.params, t, x, t_x, T) for t in horizons])
    assert np.all(expected[0] == 0)
    assert np.all(np.diff(expected, axis=0) > 0)


def test_prob_no_purchase_falls_with_the_horizon_and_starts_at_one(
    cdnow: pd.DataFrame, cdnow_bg_nbd: BgNbdFit
):
    x, t_x, T = _histories(cdnow)
    probs = np.array([prob_no_purchase(cdnow_bg_nbd.params, t, x, t_x, T) for t in (0.0, 4.0, 13.0, 52.0)])
    np.testing.assert_allclose(probs[0], 1.0)
    assert np.all(np.diff(probs, axis=0) < 0)
    alive = p_alive(cdnow_bg_nbd.params, x, t_x, T)
    assert np.all(prob_no_purchase(cdnow_bg_nbd.params, 1e9, x, t_x, T) >= 1 - alive - 1e-12)


def test_median_wait_is_where_a_purchase_becomes_an_even_bet(cdnow: pd.DataFrame, cdnow_bg_nbd: BgNbdFit):
    x, t_x, T = _histories(cdnow)
    median = median_time_to_next_purchase(cdnow_bg_nbd.params, x, t_x, T)
    alive = p_alive(cdnow_bg_nbd.params, x, t_x, T)
    expected = alive > 0.5
    np.testing.assert_array_equal(np.isfinite(median), expected)
    at_median = 1 - prob_no_purchase(
        cdnow_bg_nbd.params, median[expected], x[expected], t_x[expected], T[expected]
    )
    np.testing.assert_allclose(at_median, 0.5, rtol=1e-9)


def test_median_wait_of_a_new_customer_in_closed_form():
    params = BgNbdParams(r=0.5, alpha=10.0, a=1.0, b=1.0)
    assert float(median_time_to_next_purchase(params, 0, 0, 5)) == pytest.approx(15.0 * (2**2 - 1))


def test_the_fallback_of_a_failed_fit_makes_every_prediction_unknown():
    params = BgNbdParams.unknown()
    x, t_x, T = np.array([0.0, 3.0]), np.array([0.0, 5.0]), np.array([10.0, 10.0])
    for values in (
        p_alive(params, x, t_x, T),
        expected_purchases(params, 4.0, x, t_x, T),
        prob_no_purchase(params, 4.0, x, t_x, T),
        median_time_to_next_purchase(params, x, t_x, T),
    ):
        assert np.all(np.isnan(values))
