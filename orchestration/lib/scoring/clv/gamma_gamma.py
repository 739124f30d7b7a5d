"""Gamma-Gamma model of the value of repeat purchases: the fit.

The fit uses customers with frequency > 0 and a positive mean repeat value;
a zero or negative value is outside the model (a gamma variable is > 0), so
those customers are left out with a warning that counts them. When no fit is
possible (no such customers, too few, optimiser failure, q <= 1 so that the
population mean p*v/(q-1) does not exist, non-finite estimates), the result
is flagged not converged (NaN parameters, which the warehouse stores as null)
and the explicit fallback is the empirical mean repeat-purchase value, used as
everyone's expected order value. dbt's clv_scores computes both the posterior
mean order value and that fallback from the parameters and the summary.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

import numpy as np

from orchestration.lib.scoring.clv import gamma_gamma_likelihood as likelihood
from orchestration.lib.scoring.clv.fitting import FitResult, maximise_likelihood
from orchestration.lib.scoring.clv.gamma_gamma_data import ValueData, repeat_values

MIN_CUSTOMERS = 10
"""Below this many repeat customers a three-parameter fit is noise, so none is attempted."""


@dataclass(frozen=True)
class GammaGammaParams:
    """p: shape of a customer's purchase values; q, v: gamma heterogeneity of their scale."""

    p: float
    q: float
    v: float

    def population_mean(self) -> float:
        """Expected order value of a customer with no repeat history: p*v/(q-1)."""
        return self.p * self.v / (self.q - 1.0)


@dataclass
class GammaGammaFit(FitResult[GammaGammaParams]):
    """A Gamma-Gamma fit with the empirical mean repeat value, which everyone gets when not converged."""

    fallback_order_value: float = np.nan


def fit_gamma_gamma(
    frequency: np.ndarray,
    monetary_value: np.ndarray,
    *,
    weights: np.ndarray | None = None,
    penalizer_coef: float = 0.0,
    min_customers: int = MIN_CUSTOMERS,
    max_rows: int = 1_000_000,
    seed: int = 0,
    max_iterations: int = 1000,
) -> GammaGammaFit:
    """Maximum-likelihood Gamma-Gamma fit on one row per customer, or on distinct
    (frequency, monetary_value) pairs with their customer counts as `weights`.

    Customers are compressed to distinct pairs; if more than `max_rows` pairs
    remain, a seeded random sample of `max_rows` customers is fitted instead
    (with a warning). The expected order value given the fit is a formula of
    the parameters that dbt's clv_scores computes.
    """
    data = repeat_values(frequency, monetary_value, max_rows, seed, weights)
    notes = list(data.notes)
    fallback = data.empirical_mean
    if data.customers < min_customers:
        notes.append(f"only {data.customers} repeat customers with a positive value (need {min_customers})")
        return _failed(data, notes, fallback)
    optimum = maximise_likelihood(likelihood, data, penalizer_coef, _starts(fallback), max_iterations)
    params = GammaGammaParams(*map(float, np.exp(optimum.log_params)))
    if not optimum.converged or not params.q > 1.0 or not np.isfinite(params.population_mean()):
        reason = optimum.message if not optimum.converged else f"q = {params.q:.4g} <= 1"
        notes.append(f"fit failed ({reason}); estimate p, q, v = {np.round(astuple(params), 4)}")
        return _failed(data, notes, fallback, optimum.iterations)
    ll = likelihood.log_likelihood_and_gradient(np.array(astuple(params)), data)[0]
    return GammaGammaFit(params, None, ll, True, optimum.iterations, data.customers, notes, fallback)


def _starts(mean_value: float) -> list[np.ndarray]:
    """Log-parameter starts whose population mean p*v/(q-1) equals the observed mean."""
    mean_value = mean_value if np.isfinite(mean_value) and mean_value > 0 else 1.0
    guesses = [(1.0, 2.0, mean_value), (5.0, 3.0, 2.0 * mean_value / 5.0), (0.5, 5.0, 8.0 * mean_value)]
    return [np.log(guess) for guess in guesses]


def _failed(data: ValueData, notes: list[str], fallback: float, iterations: int = 0) -> GammaGammaFit:
    """The explicit not-converged result: NaN parameters, empirical mean as everyone's order value."""
    if np.isfinite(fallback):
        notes.append(f"expected order value falls back to the empirical mean repeat value {fallback:.4g}")
    else:
        notes.append("no positive repeat-purchase value at all: expected order value is unknown (NaN)")
    params = GammaGammaParams(np.nan, np.nan, np.nan)
    return GammaGammaFit(params, None, np.nan, False, iterations, data.customers, notes, fallback)
