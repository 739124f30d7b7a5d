"""Per-customer BG/NBD predictions, vectorised over millions of customers.

All times (t, t_x, T and the parameters' alpha) are in the fitted time unit.
With the NaN parameters of a failed fit every function returns NaN, which
callers report as "unknown" rather than as a number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
from scipy.special import expit

from orchestration.lib.scoring.clv.bgnbd import BgNbdParams
from orchestration.lib.scoring.clv.numerics import hyp2f1_series_fallback
from orchestration.lib.scoring.clv.summary import unique_rows

ArrayLike = np.ndarray | float

A_NEAR_ONE = 1e-4
"""Distance from a = 1 within which the expectation is interpolated (see `expectation_if_alive`)."""


def p_alive(params: BgNbdParams, x: ArrayLike, t_x: ArrayLike, T: ArrayLike) -> np.ndarray:
    """P(alive at T | x, t_x, T) (Fader, Hardie & Lee 2005, eq. 11).

    Exactly 1 for x = 0: in BG/NBD a customer can only drop out right after
    a repeat purchase. Computed as a logistic of the log-odds of having died
    so it stays in [0, 1] for any history.
    """
    x, t_x, T = (np.asarray(value, dtype=float) for value in (x, t_x, T))
    if not params.is_finite():
        return np.full(np.broadcast(x, t_x, T).shape, np.nan)
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    with np.errstate(invalid="ignore", divide="ignore"):
        log_odds_dead = np.log(a) - np.log(b + x - 1) + (r + x) * np.log1p((T - t_x) / (alpha + t_x))
    return np.where(x > 0, expit(-log_odds_dead), 1.0)


def prob_purchase_if_alive(params: BgNbdParams, t: ArrayLike, x: ArrayLike, T: ArrayLike) -> np.ndarray:
    """P(at least one purchase in (T, T+t] | alive at T) = 1 - ((alpha+T)/(alpha+T+t))^(r+x).

    An alive customer's rate has the gamma posterior (r+x, alpha+T), and he
    cannot drop out before his next purchase, so no purchase means none of
    the Poisson events happened.
    """
    t, x, T = (np.asarray(value, dtype=float) for value in (t, x, T))
    return -np.expm1(-(params.r + x) * np.log1p(t / (params.alpha + T)))


def prob_no_purchase(
    params: BgNbdParams, t: ArrayLike, x: ArrayLike, t_x: ArrayLike, T: ArrayLike
) -> np.ndarray:
    """P(no purchase in (T, T+t]) = 1 - p_alive + p_alive * ((alpha+T)/(alpha+T+t))^(r+x)."""
    return 1.0 - p_alive(params, x, t_x, T) * prob_purchase_if_alive(params, t, x, T)


def median_time_to_next_purchase(
    params: BgNbdParams, x: ArrayLike, t_x: ArrayLike, T: ArrayLike
) -> np.ndarray:
    """Smallest t with P(at least one purchase in (T, T+t]) >= 0.5, in closed form.

    Solving p_alive * (1 - ((alpha+T)/(alpha+T+t))^(r+x)) = 1/2 gives
    t = (alpha+T) * expm1(-log1p(-1/(2 p_alive)) / (r+x)). NaN when
    p_alive <= 0.5: the probability never reaches one half, so no next
    purchase is expected at all.
    """
    alive = p_alive(params, x, t_x, T)
    x, T = np.asarray(x, dtype=float), np.asarray(T, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        t = (params.alpha + T) * np.expm1(-np.log1p(-0.5 / alive) / (params.r + x))
    return np.where(alive > 0.5, t, np.nan)


def expected_purchases(
    params: BgNbdParams, t: float, x: ArrayLike, t_x: ArrayLike, T: ArrayLike
) -> np.ndarray:
    """E[purchases in (T, T+t] | x, t_x, T] (Fader, Hardie & Lee 2005, eq. 10).

    Equals p_alive times the expectation of an alive customer, which depends
    on (x, T) only and so is evaluated once per distinct pair.
    """
    if_alive = on_unique_pairs(lambda xs, Ts: expectation_if_alive(params, t, xs, Ts), x, T)
    return p_alive(params, x, t_x, T) * if_alive


def on_unique_pairs(
    evaluate: Callable[[np.ndarray, np.ndarray], np.ndarray], x: ArrayLike, T: ArrayLike
) -> np.ndarray:
    """`evaluate(x, T)` computed once per distinct (x, T) pair and spread back to every customer.

    Customers share far fewer (x, T) pairs than there are customers, and the
    hypergeometric function is the expensive part of scoring.
    """
    x, T = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(T, dtype=float))
    (x_unique, T_unique), inverse, _ = unique_rows(x.ravel(), T.ravel())
    return evaluate(x_unique, T_unique)[..., inverse].reshape(x.shape)


def expectation_if_alive(params: BgNbdParams, t: ArrayLike, x: ArrayLike, T: ArrayLike) -> np.ndarray:
    """E[purchases in (T, T+t] | alive at T, x, T], broadcasting t against x and T.

    The expression has a removable 0/0 at a = 1, where rounding errors are
    magnified by 1/(a-1); within `A_NEAR_ONE` of 1 it is interpolated
    linearly between a = 1 -+ A_NEAR_ONE (error of order A_NEAR_ONE**2).
    """
    if abs(params.a - 1.0) >= A_NEAR_ONE:
        return _expectation_if_alive(params, t, x, T)
    below = _expectation_if_alive(replace(params, a=1.0 - A_NEAR_ONE), t, x, T)
    above = _expectation_if_alive(replace(params, a=1.0 + A_NEAR_ONE), t, x, T)
    return below + (params.a - 1.0 + A_NEAR_ONE) / (2.0 * A_NEAR_ONE) * (above - below)


def _expectation_if_alive(params: BgNbdParams, t: ArrayLike, x: ArrayLike, T: ArrayLike) -> np.ndarray:
    """Eq. 10's (a+b+x-1)/(a-1) * [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)].

    With z = t/(alpha+T+t) and Euler's transformation 2F1(A, B; C; z) =
    (1-z)^(C-A-B) 2F1(C-A, C-B; C; z) the bracket becomes
    1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z), free of the divergence
    as z -> 1 that Fader & Hardie (2013, "Overcoming the BG/NBD model's #NUM!
    error problem") warn about. Rounding noise below 0 is clipped.
    """
    t, x, T = (np.asarray(value, dtype=float) for value in (t, x, T))
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    log_1mz = -np.log1p(t / (alpha + T))
    series = hyp2f1_series_fallback(a + b - 1.0 - r, a - 1.0, a + b + x - 1.0, -np.expm1(log_1mz))
    bracket = -np.expm1((a - 1.0) * log_1mz) - np.exp((a - 1.0) * log_1mz) * (series - 1.0)
    return np.maximum((a + b + x - 1.0) / (a - 1.0) * bracket, 0.0)
