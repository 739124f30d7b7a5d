"""Customer lifetime value: BG/NBD purchase counts and Gamma-Gamma order values.

Pure numpy/scipy, no Dagster: the scoring asset calls `fit_and_score` on the
BTYD summary (docs/contract.md, `customer_scores` and `clv_model_params`). The
pieces are public for notebooks, tests and the benchmark.
"""

from orchestration.lib.scoring.clv.bgnbd import BgNbdFit, BgNbdParams, fit_bg_nbd
from orchestration.lib.scoring.clv.bgnbd_predictions import (
    expected_purchases,
    median_time_to_next_purchase,
    p_alive,
    prob_no_purchase,
)
from orchestration.lib.scoring.clv.clv import predicted_clv
from orchestration.lib.scoring.clv.facade import fit_and_score
from orchestration.lib.scoring.clv.fitting import FitResult
from orchestration.lib.scoring.clv.gamma_gamma import (
    GammaGammaFit,
    GammaGammaParams,
    conditional_expected_average_profit,
    fit_gamma_gamma,
)
from orchestration.lib.scoring.clv.summary import compress_summary

__all__ = [
    "BgNbdFit",
    "BgNbdParams",
    "FitResult",
    "GammaGammaFit",
    "GammaGammaParams",
    "compress_summary",
    "conditional_expected_average_profit",
    "expected_purchases",
    "fit_and_score",
    "fit_bg_nbd",
    "fit_gamma_gamma",
    "median_time_to_next_purchase",
    "p_alive",
    "predicted_clv",
    "prob_no_purchase",
]
