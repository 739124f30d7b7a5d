"""BG/NBD log-likelihood and its gradient (Fader, Hardie & Lee 2005, eq. 6).

For a history (x, t_x, T):

    LL = ln G(r+x) - ln G(r) + r ln(alpha) + ln B(a, b+x) - ln B(a, b)
         + logaddexp(-(r+x) ln(alpha+T),
                     [x>0] (ln a - ln(b+x-1) - (r+x) ln(alpha+t_x)))

Everything stays in log space, so large frequencies or ages cannot overflow.
Special functions depend on x alone and the logarithms on T or t_x alone, so
each is evaluated once per distinct value and gathered: with half a million
distinct histories an evaluation is a few dozen cheap array operations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import digamma, gammaln

from orchestration.lib.scoring.clv.numerics import dot
from orchestration.lib.scoring.clv.summary import Factor, thinned_weights


@dataclass(frozen=True)
class BgNbdData:
    """Weighted histories, each column factorised into its distinct values."""

    x: Factor
    t_x: Factor
    T: Factor
    weights: np.ndarray


def prepare(x: np.ndarray, t_x: np.ndarray, T: np.ndarray, weights: np.ndarray) -> BgNbdData:
    """Factorise the histories once per fit, not once per likelihood evaluation."""
    return BgNbdData(Factor.of(x), Factor.of(t_x), Factor.of(T), np.asarray(weights, dtype=float))


def sample(data: BgNbdData, customers: int, seed: int) -> BgNbdData:
    """The histories of a seeded random sample of about `customers` customers."""
    weights = thinned_weights(data.weights, customers, seed)
    keep = weights > 0
    return prepare(data.x.expand()[keep], data.t_x.expand()[keep], data.T.expand()[keep], weights[keep])


def negative_log_likelihood(
    log_params: np.ndarray, data: BgNbdData, penalizer_coef: float
) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood plus an L2 penalty, and its gradient in log-parameters.

    Mean rather than sum, and `penalizer_coef * sum(params**2)`, as lifetimes
    does, so a penaliser means the same thing here as there.
    """
    params = np.exp(log_params)
    ll, gradient = _log_likelihood_and_gradient(params, data)
    total = data.weights.sum()
    value = -ll / total + penalizer_coef * np.sum(params**2)
    return float(value), (-gradient / total + 2.0 * penalizer_coef * params) * params


def log_likelihood(params: np.ndarray, data: BgNbdData) -> float:
    """Total (weighted) log-likelihood at `params` = (r, alpha, a, b)."""
    return _log_likelihood_and_gradient(np.asarray(params, dtype=float), data)[0]


def _log_likelihood_and_gradient(params: np.ndarray, data: BgNbdData) -> tuple[float, np.ndarray]:
    """Weighted log-likelihood and its gradient in (r, alpha, a, b).

    With A3 = -(r+x) ln(alpha+T) and A4 the drop-out term, the gradient
    weighs each term's derivative by its share w3, w4 of exp(A3) + exp(A4).
    """
    r, alpha, a, b = params
    xs, weight = data.x.values, data.weights
    x = data.x.expand()
    weight_per_x = np.bincount(data.x.codes, weights=weight, minlength=len(xs))
    b_x1 = b + np.maximum(xs, 1.0) - 1.0
    log_a4_x = np.where(xs > 0, np.log(a) - np.log(b_x1), -np.inf)[data.x.codes]
    log_alpha_T = np.log(alpha + data.T.values)[data.T.codes]
    log_alpha_tx = np.log(alpha + data.t_x.values)[data.t_x.codes]
    a3 = -(r + x) * log_alpha_T
    a4 = log_a4_x - (r + x) * log_alpha_tx
    gap = np.exp(-np.abs(a4 - a3))
    a34 = np.maximum(a3, a4) + np.log1p(gap)
    w4 = np.where(a4 > a3, 1.0, gap) / (1.0 + gap)
    w3 = 1.0 - w4
    per_x = gammaln(r + xs) - gammaln(r) + gammaln(a + b) + gammaln(b + xs) - gammaln(b) - gammaln(a + b + xs)
    ll = r * np.log(alpha) * weight.sum() + dot(weight_per_x, per_x) + dot(weight, a34)
    ww3, ww4 = weight * w3, weight * w4
    inv_alpha_T = np.exp(-log_alpha_T)
    inv_alpha_tx = np.exp(-log_alpha_tx)
    ab_terms = digamma(a + b) - digamma(a + b + xs)
    gradient = np.array(
        [
            dot(weight_per_x, digamma(r + xs) - digamma(r) + np.log(alpha))
            - dot(ww3, log_alpha_T)
            - dot(ww4, log_alpha_tx),
            weight.sum() * r / alpha - dot(r + x, ww3 * inv_alpha_T + ww4 * inv_alpha_tx),
            dot(weight_per_x, ab_terms) + ww4.sum() / a,
            dot(weight_per_x, ab_terms + digamma(b + xs) - digamma(b)) - dot(ww4, (1.0 / b_x1)[data.x.codes]),
        ]
    )
    return float(ll), gradient
