"""The synthetic summaries of the benchmark look like dbt's and let the fits recover their parameters."""

from __future__ import annotations

import numpy as np
import pytest

from loyalty_demo_data.btyd_summaries import CDNOW_BG_NBD_DAYS, CDNOW_GAMMA_GAMMA, simulate_summary
from orchestration.lib.scoring.clv import compress_summary, fit_bg_nbd, fit_gamma_gamma
from orchestration.lib.scoring.clv.summary import valid_btyd_rows


@pytest.fixture(scope="module")
def summary():
    return simulate_summary(50_000, seed=7)


def test_simulated_summary_is_a_valid_btyd_summary_in_whole_days(summary):
    assert list(summary.columns) == ["customer_id", "frequency", "recency", "T", "monetary_value"]
    assert valid_btyd_rows(summary["frequency"], summary["recency"], summary["T"]).all()
    for column in ("frequency", "recency", "T"):
        assert (summary[column] == np.floor(summary[column])).all()
    assert (summary.loc[summary["frequency"] == 0, "monetary_value"] == 0).all()
    assert (summary.loc[summary["frequency"] > 0, "monetary_value"] > 0).all()


def test_simulation_is_reproducible():
    assert simulate_summary(1000, seed=3).equals(simulate_summary(1000, seed=3))


def test_fits_recover_the_simulated_parameters(summary):
    """Within 15%: counting purchases per distinct day (as dbt does) slightly lowers the apparent rate."""
    x, t_x, T, weights = compress_summary(summary["frequency"], summary["recency"] / 7, summary["T"] / 7)
    bg_nbd = fit_bg_nbd(x, t_x, T, weights=weights)
    truth = {
        "r": CDNOW_BG_NBD_DAYS.r,
        "alpha": CDNOW_BG_NBD_DAYS.alpha / 7,
        "a": CDNOW_BG_NBD_DAYS.a,
        "b": CDNOW_BG_NBD_DAYS.b,
    }
    for name, value in truth.items():
        assert getattr(bg_nbd.params, name) == pytest.approx(value, rel=0.15)
    gamma_gamma = fit_gamma_gamma(summary["frequency"], summary["monetary_value"])
    for name in ("p", "q", "v"):
        assert getattr(gamma_gamma.params, name) == pytest.approx(getattr(CDNOW_GAMMA_GAMMA, name), rel=0.1)
