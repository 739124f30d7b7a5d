"""Synthetic BTYD summaries drawn from BG/NBD + Gamma-Gamma, in days, as dbt builds them.

Used to benchmark at a million members and to check that fits recover known
parameters; CDNOW is far smaller than the project's data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from orchestration.lib.scoring.clv.bgnbd import BgNbdParams
from orchestration.lib.scoring.clv.gamma_gamma import GammaGammaParams

CDNOW_BG_NBD_DAYS = BgNbdParams(r=0.243, alpha=4.414 * 7, a=0.793, b=2.426)
"""Fader, Hardie & Lee's (2005) CDNOW estimates with alpha converted from weeks to days."""

CDNOW_GAMMA_GAMMA = GammaGammaParams(p=6.25, q=3.74, v=15.44)


def simulate_summary(
    customers: int,
    *,
    bg_nbd: BgNbdParams = CDNOW_BG_NBD_DAYS,
    gamma_gamma: GammaGammaParams = CDNOW_GAMMA_GAMMA,
    max_age_days: int = 730,
    seed: int = 0,
) -> pd.DataFrame:
    """customer_id, frequency, recency, T, monetary_value for `customers` simulated members.

    Each member's first purchase is day 0 and the as-of date is day T,
    uniform on 0..`max_age_days`. Purchases follow a Poisson process in
    continuous days; after each repeat purchase the member drops out with
    his probability p. As in the contract, purchases are counted as distinct
    days (frequency = distinct days - 1) and recency is the last such day.
    """
    rng = np.random.default_rng(seed)
    age = rng.integers(0, max_age_days + 1, customers).astype(float)
    frequency, recency = _purchase_days(rng, age, bg_nbd)
    return pd.DataFrame(
        {
            "customer_id": np.arange(customers),
            "frequency": frequency,
            "recency": recency,
            "T": age,
            "monetary_value": _mean_values(rng, frequency, gamma_gamma),
        }
    )


def _purchase_days(
    rng: np.random.Generator, age: np.ndarray, params: BgNbdParams
) -> tuple[np.ndarray, np.ndarray]:
    """Repeat purchase days and the last one, simulating all members one purchase at a time."""
    n = len(age)
    rate = rng.gamma(params.r, 1.0 / params.alpha, n)
    drop_out = rng.beta(params.a, params.b, n)
    clock, last_day, frequency = np.zeros(n), np.zeros(n), np.zeros(n)
    active = np.arange(n)
    with np.errstate(divide="ignore"):
        while len(active):
            clock[active] += rng.exponential(1.0 / rate[active])
            active = active[clock[active] <= age[active]]
            day = np.floor(clock[active])
            new_day = day > last_day[active]
            frequency[active] += new_day
            last_day[active] = np.where(new_day, day, last_day[active])
            active = active[rng.random(len(active)) >= drop_out[active]]
    return frequency, last_day


def _mean_values(rng: np.random.Generator, frequency: np.ndarray, params: GammaGammaParams) -> np.ndarray:
    """Mean repeat-day value: x gamma(p, nu) values average to gamma(p*x, nu)/x; 0 without repeats."""
    scale = 1.0 / rng.gamma(params.q, 1.0 / params.v, len(frequency))
    repeat = frequency > 0
    values = np.zeros(len(frequency))
    values[repeat] = rng.gamma(params.p * frequency[repeat], scale[repeat]) / frequency[repeat]
    return values
