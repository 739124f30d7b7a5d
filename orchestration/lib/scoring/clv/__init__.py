"""Customer lifetime value: BG/NBD purchase counts and Gamma-Gamma order values.

Pure numpy/scipy, no Dagster: the scoring asset calls `fit_histories` on the
BTYD summary compressed by dbt (docs/contract.md, `clv_model_params`); dbt's
clv_scores scores every member from its outputs. The pieces are public for
notebooks, tests and the benchmark.
"""

from orchestration.lib.scoring.clv.bgnbd import BgNbdFit, BgNbdParams, fit_bg_nbd
from orchestration.lib.scoring.clv.bgnbd_predictions import (
    expected_purchases,
    median_time_to_next_purchase,
    p_alive,
    prob_no_purchase,
)
from orchestration.lib.scoring.clv.clv import discounted_expected_purchases
from orchestration.lib.scoring.clv.facade import ClvFits, fit_histories
from orchestration.lib.scoring.clv.fitting import FitResult
from orchestration.lib.scoring.clv.gamma_gamma import (
    GammaGammaFit,
    GammaGammaParams,
    fit_gamma_gamma,
)
from orchestration.lib.scoring.clv.summary import compress_summary

__all__ = [
    "BgNbdFit",
    "BgNbdParams",
    "ClvFits",
    "FitResult",
    "GammaGammaFit",
    "GammaGammaParams",
    "compress_summary",
    "discounted_expected_purchases",
    "expected_purchases",
    "fit_bg_nbd",
    "fit_gamma_gamma",
    "fit_histories",
    "median_time_to_next_purchase",
    "p_alive",
    "prob_no_purchase",
]
