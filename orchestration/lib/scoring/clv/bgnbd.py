"""Fitting the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood.

Inputs are in the unit the model is fitted in (`time_unit`); the façade
converts the project's days. The fit never raises on bad data: it returns a
result flagged not converged, with NaN parameters and a warning saying why,
and every prediction made from NaN parameters is NaN ("unknown").
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

import numpy as np

from orchestration.lib.scoring.clv import bgnbd_likelihood as likelihood
from orchestration.lib.scoring.clv.fitting import FitResult, maximise_likelihood
from orchestration.lib.scoring.clv.summary import days_per_unit, valid_btyd_rows

MIN_CUSTOMERS = 10
"""Below this many customers a four-parameter fit is noise, so none is attempted."""


@dataclass(frozen=True)
class BgNbdParams:
    """r, alpha: gamma heterogeneity of purchase rates (alpha in the fit's time unit);
    a, b: beta heterogeneity of the drop-out probability after each purchase."""

    r: float
    alpha: float
    a: float
    b: float

    @classmethod
    def unknown(cls) -> BgNbdParams:
        """The explicit fallback of a failed fit: every prediction becomes NaN."""
        return cls(np.nan, np.nan, np.nan, np.nan)

    def is_finite(self) -> bool:
        """Whether these are usable estimates rather than the fallback."""
        return bool(np.all(np.isfinite(astuple(self))))


BgNbdFit = FitResult[BgNbdParams]


def fit_bg_nbd(
    frequency: np.ndarray,
    recency: np.ndarray,
    T: np.ndarray,
    *,
    weights: np.ndarray | None = None,
    time_unit: str = "week",
    penalizer_coef: float = 0.0,
    min_customers: int = MIN_CUSTOMERS,
    max_iterations: int = 1000,
) -> BgNbdFit:
    """Maximum-likelihood BG/NBD fit of (possibly compressed, weighted) histories.

    `frequency`, `recency` and `T` are in `time_unit`; `weights` are customer
    counts per row (see `compress_summary`). Rows that are no valid history
    are left out with a warning. Not converged (NaN params) when fewer than
    `min_customers` remain, when nobody has a repeat purchase (a and b are
    then not identified), or when the optimiser fails or a parameter runs off
    to 0 or infinity (see `fitting.LOG_BOUND`).
    `penalizer_coef` acts on the parameters in `time_unit` (lifetimes rescales
    time before penalising, so equal coefficients are only roughly comparable).
    """
    days_per_unit(time_unit)  # rejects an unknown unit before any work
    data, notes = _valid_histories(frequency, recency, T, weights)
    customers = round(data.weights.sum())
    problem = _unfittable(data, customers, min_customers)
    if problem:
        return _failed(time_unit, customers, [*notes, problem])
    optimum = maximise_likelihood(likelihood, data, penalizer_coef, _starts(data), max_iterations)
    params = np.exp(optimum.log_params)
    if not optimum.converged:
        return _failed(
            time_unit,
            customers,
            [
                *notes,
                f"optimiser did not converge ({optimum.message}); last estimate r, alpha, a, b = "
                f"{np.round(params, 4)}; a penalizer_coef > 0 may help",
            ],
            iterations=optimum.iterations,
        )
    return FitResult(
        BgNbdParams(*map(float, params)),
        time_unit,
        likelihood.log_likelihood(params, data),
        True,
        optimum.iterations,
        customers,
        notes,
    )


def _valid_histories(
    frequency: np.ndarray, recency: np.ndarray, T: np.ndarray, weights: np.ndarray | None
) -> tuple[likelihood.BgNbdData, list[str]]:
    """The rows that are a valid history with a positive weight, and a note on the others."""
    weights = np.ones(len(np.asarray(frequency))) if weights is None else np.asarray(weights, dtype=float)
    with np.errstate(invalid="ignore"):
        valid = valid_btyd_rows(frequency, recency, T) & np.isfinite(weights) & (weights > 0)
    columns = (np.asarray(column, dtype=float)[valid] for column in (frequency, recency, T, weights))
    dropped = int((~valid).sum())
    notes = (
        [f"{dropped} summary rows are no valid BTYD history and were left out of the fit"] if dropped else []
    )
    return likelihood.prepare(*columns), notes


def _unfittable(data: likelihood.BgNbdData, customers: int, min_customers: int) -> str | None:
    """Why no fit is attempted, or None."""
    if customers < min_customers:
        return f"only {customers} customers with a valid history (need {min_customers}); model not fitted"
    if not np.any(data.x.values > 0):
        return "no customer has a repeat purchase, so drop-out cannot be estimated; model not fitted"
    return None


def _starts(data: likelihood.BgNbdData) -> list[np.ndarray]:
    """Log-parameter starts around a moment guess alpha = r * mean(T) / mean(x)."""
    mean_T = max(float(np.average(data.T.expand(), weights=data.weights)), 1e-3)
    mean_x = max(float(np.average(data.x.expand(), weights=data.weights)), 1e-3)
    alpha = mean_T / mean_x
    guesses = [(1.0, alpha, 1.0, 1.0), (0.25, alpha / 4, 0.5, 2.0), (4.0, 4 * alpha, 2.0, 8.0)]
    return [np.log(guess) for guess in guesses]


def _failed(time_unit: str, customers: int, notes: list[str], iterations: int = 0) -> BgNbdFit:
    """The explicit not-converged result: NaN parameters, so every score is unknown."""
    notes = [*notes, "BG/NBD scores (p_alive, expected orders, churn risk, CLV) are unknown (NaN)"]
    return FitResult(BgNbdParams.unknown(), time_unit, np.nan, False, iterations, customers, notes)
