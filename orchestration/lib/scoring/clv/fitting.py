"""What both maximum-likelihood fits share: the result record and the optimiser.

Parameters are positive, so both models are optimised over log-parameters,
unconstrained, by BFGS with an analytic gradient; a few starting points
guard against a poor local optimum or a start where the likelihood
underflows. Not L-BFGS-B: scipy's implementation calls LAPACK, which
OpenBLAS runs multithreaded, and on a busy two-core machine that cost up to
50 ms per iteration (measured) for a problem of four parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Generic, Protocol, TypeVar

import numpy as np
from scipy.optimize import minimize

P = TypeVar("P")
Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]


class WeightedData(Protocol):
    """Distinct rows with customer counts, as both likelihood modules prepare them."""

    weights: np.ndarray


D = TypeVar("D", bound=WeightedData)


class Likelihood(Protocol[D]):
    """What a likelihood module offers the optimiser (`bgnbd_likelihood`, `gamma_gamma_likelihood`)."""

    def negative_log_likelihood(
        self, log_params: np.ndarray, data: D, penalizer_coef: float
    ) -> tuple[float, np.ndarray]: ...

    def sample(self, data: D, customers: int, seed: int) -> D: ...


LOG_BOUND = 15.0
"""An optimum with a log-parameter beyond +-15 (about 3e-7 .. 3e6) means the
data do not pin that parameter down (a degenerate fit), so it is not accepted."""

SCREENING_CUSTOMERS = 50_000
"""With more distinct rows than this, starting points are compared on a random
sample of this many customers and only the best is fitted on all of them."""

GRADIENT_TOLERANCE = 1e-6
"""Largest |gradient| of the mean negative log-likelihood accepted as an optimum
when BFGS stops on a line-search precision loss rather than its own test."""


@dataclass
class FitResult(Generic[P]):
    """Outcome of one maximum-likelihood fit, success or not.

    When `converged` is False, `params` holds NaN values and `warnings` says
    why; callers must treat the model's predictions as unknown.
    """

    params: P
    time_unit: str | None
    """Unit of the model's times and rates (`day` or `week`); None for Gamma-Gamma, which has none."""
    log_likelihood: float
    """Total log-likelihood at `params` (without the penalty); NaN when not converged."""
    converged: bool
    iterations: int
    """BFGS iterations of the run that produced `params` (the final one)."""
    customers_fitted: int
    warnings: list[str] = field(default_factory=list)
    """Human-readable notes for the run's log and metadata: exclusions, samples, failures."""


@dataclass(frozen=True)
class Optimum:
    """Best of the optimiser runs, in log-parameter space."""

    log_params: np.ndarray
    objective: float
    converged: bool
    iterations: int
    message: str
    inverse_hessian: np.ndarray | None = None


def maximise_likelihood(
    model: Likelihood[D], data: D, penalizer_coef: float, starts: Sequence[np.ndarray], max_iterations: int
) -> Optimum:
    """Minimise the model's penalised mean negative log-likelihood from several starts."""

    def objective(rows: D) -> Objective:
        return partial(model.negative_log_likelihood, data=rows, penalizer_coef=penalizer_coef)

    screening = None
    if len(data.weights) > SCREENING_CUSTOMERS:
        screening = objective(model.sample(data, SCREENING_CUSTOMERS, seed=0))
    return _multistart(objective(data), starts, max_iterations, screening)


def _multistart(
    objective: Objective,
    starts: Sequence[np.ndarray],
    max_iterations: int,
    screening: Objective | None = None,
) -> Optimum:
    """Run BFGS from each start and keep the lowest finite objective.

    With a `screening` objective (the same likelihood on a random sample of
    the customers) the starts run on the sample and only the best is carried
    on to the full data, from the sample's optimum and curvature: the full
    likelihood is then evaluated a dozen times instead of a hundred.
    """
    runs = [
        _minimise(screening or objective, np.asarray(start, dtype=float), max_iterations) for start in starts
    ]
    finite = [run for run in runs if np.isfinite(run.objective) and np.all(np.isfinite(run.log_params))]
    best = min(finite, key=lambda run: (not run.converged, run.objective)) if finite else runs[0]
    if screening is None:
        return best
    return _minimise(objective, best.log_params, max_iterations, _curvature(best))


def _curvature(run: Optimum) -> np.ndarray | None:
    """The run's inverse Hessian, symmetrised, if it is positive definite (else BFGS starts afresh)."""
    if not run.converged or run.inverse_hessian is None:
        return None
    inverse_hessian = (run.inverse_hessian + run.inverse_hessian.T) / 2.0
    return inverse_hessian if np.all(np.linalg.eigvalsh(inverse_hessian) > 0) else None


def _minimise(
    objective: Objective, start: np.ndarray, max_iterations: int, inverse_hessian: np.ndarray | None = None
) -> Optimum:
    """One BFGS run; numeric trouble becomes a non-converged result, not an exception."""
    options = {"maxiter": max_iterations, "gtol": 1e-9, "hess_inv0": inverse_hessian}
    try:
        with np.errstate(all="ignore"):
            result = minimize(objective, start, jac=True, method="BFGS", options=options)
    except (ArithmeticError, ValueError, np.linalg.LinAlgError) as error:
        return Optimum(start, np.inf, False, 0, f"optimiser error: {error}")
    at_optimum = bool(result.success) or bool(np.max(np.abs(result.jac)) < GRADIENT_TOLERANCE)
    within = bool(np.all(np.abs(result.x) < LOG_BOUND))
    message = (
        str(result.message) if within else f"{result.message}; a parameter ran beyond exp(+-{LOG_BOUND})"
    )
    return Optimum(
        result.x, float(result.fun), at_optimum and within, int(result.nit), message, result.hess_inv
    )
