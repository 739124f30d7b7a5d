"""Gamma-Gamma log-likelihood of mean repeat-purchase values and its gradient.

Colombo & Jiang (1999); Fader & Hardie (2013), "The Gamma-Gamma model of
monetary value". For a customer with x repeat purchases of mean value m:

    LL = ln G(px+q) - ln G(px) - ln G(q) + q ln v + (px-1) ln m + px ln x
         - (px+q) ln(xm+v)

The special functions depend on x alone, so they are evaluated per distinct
frequency; per customer only ln(xm+v) remains, and a fit on a million
repeat customers takes about a second.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy.special import digamma, gammaln

from orchestration.lib.scoring.clv.gamma_gamma_data import ValueData
from orchestration.lib.scoring.clv.numerics import dot
from orchestration.lib.scoring.clv.summary import Factor, thinned_weights


def sample(data: ValueData, customers: int, seed: int) -> ValueData:
    """The (x, m) pairs of a seeded random sample of about `customers` customers."""
    weights = thinned_weights(data.weights, customers, seed)
    keep = weights > 0
    return replace(data, x=Factor.of(data.x.expand()[keep]), m=data.m[keep], weights=weights[keep])


def negative_log_likelihood(
    log_params: np.ndarray, data: ValueData, penalizer_coef: float
) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood plus `penalizer_coef * sum(params**2)` (as lifetimes), with gradient."""
    params = np.exp(log_params)
    ll, gradient = log_likelihood_and_gradient(params, data)
    total = data.weights.sum()
    value = -ll / total + penalizer_coef * np.sum(params**2)
    return float(value), (-gradient / total + 2.0 * penalizer_coef * params) * params


def log_likelihood_and_gradient(params: np.ndarray, data: ValueData) -> tuple[float, np.ndarray]:
    """Weighted log-likelihood and its gradient in (p, q, v)."""
    p, q, v = params
    xs, x, m, weight = data.x.values, data.x.expand(), data.m, data.weights
    total = weight.sum()
    weight_per_x = np.bincount(data.x.codes, weights=weight, minlength=len(xs))
    log_xs, log_m = np.log(xs), np.log(m)
    log_xm_v = np.log(x * m + v)
    psi_total = digamma(p * xs + q)
    per_x = gammaln(p * xs + q) - gammaln(p * xs) + p * xs * log_xs
    ll = (
        dot(weight_per_x, per_x)
        + total * (q * np.log(v) - gammaln(q))
        + dot(p * x - 1.0, weight * log_m)
        - dot(p * x + q, weight * log_xm_v)
    )
    gradient = np.array(
        [
            dot(weight_per_x, xs * (psi_total - digamma(p * xs) + log_xs))
            + dot(weight * x, log_m - log_xm_v),
            dot(weight_per_x, psi_total) + total * (np.log(v) - digamma(q)) - dot(weight, log_xm_v),
            total * q / v - dot(p * x + q, weight / (x * m + v)),
        ]
    )
    return float(ll), gradient
