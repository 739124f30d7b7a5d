"""fit_histories on data the models cannot fully use: every case warns, none crashes or invents a number."""

from __future__ import annotations

import pandas as pd
import pytest

from orchestration.lib.scoring.clv import fit_histories, fitting
from tests.lib.scoring.clv.test_facade import HISTORY_COLUMNS, compressed, fit

BG_NBD_SCORES = HISTORY_COLUMNS[4:]


def _summary(frequency, recency, T, monetary) -> pd.DataFrame:
    return pd.DataFrame({"frequency": frequency, "recency": recency, "T": T, "monetary_value": monetary})


def test_broken_histories_are_left_out_and_counted(cdnow_days: pd.DataFrame):
    broken = _summary([3, 3], [500.0, 500.0], [100.0, 100.0], [20.0, 20.0])
    fits = fit(pd.concat([cdnow_days, broken], ignore_index=True))
    assert fits.history_scores["customers"].sum() == len(cdnow_days)
    assert fits.warnings[0].startswith("2 customers have no valid purchase history")
    assert fits.history_scores["p_alive"].notna().all()


def test_zero_value_repeat_orders_are_warned_about(cdnow_days: pd.DataFrame):
    summary = cdnow_days.copy()
    summary.loc[summary["frequency"] > 0, "monetary_value"] = summary["monetary_value"].where(
        summary.index % 10 != 0, 0.0
    )
    fits = fit(summary)
    gamma_gamma = [w for w in fits.warnings if w.startswith("Gamma-Gamma: ")]
    assert any("zero or negative mean repeat value" in w for w in gamma_gamma)
    assert fits.params["value"].notna().all()


def test_no_repeat_customers_leave_bg_nbd_scores_unknown():
    fits = fit(_summary([0] * 30, [0] * 30, list(range(30)), [0.0] * 30))
    assert fits.history_scores[BG_NBD_SCORES].isna().all().all()
    assert fits.params["value"].isna().all()
    assert any(w.startswith("BG/NBD: no customer has a repeat purchase") for w in fits.warnings)
    assert any(w.startswith("Gamma-Gamma: ") and "unknown (NaN)" in w for w in fits.warnings)


def test_three_customers_do_not_crash():
    fits = fit(_summary([0, 2, 5], [0, 10, 40], [30, 30, 60], [0, 12.5, 30.0]))
    assert len(fits.history_scores) == 3
    assert fits.history_scores["p_alive"].isna().all()
    assert any("only 3 customers" in w for w in fits.warnings)
    assert any("falls back to the empirical mean repeat value 25" in w for w in fits.warnings)
    assert len(fits.params) == 7


def test_an_empty_summary_gives_an_empty_history_table():
    fits = fit(_summary([], [], [], []))
    assert fits.history_scores.empty
    assert list(fits.history_scores.columns) == HISTORY_COLUMNS
    assert len(fits.params) == 7
    assert fits.warnings


def test_a_missing_column_is_a_schema_error(cdnow_days: pd.DataFrame):
    histories, values = compressed(cdnow_days)
    with pytest.raises(KeyError, match="monetary_value"):
        fit_histories(histories, values.drop(columns="monetary_value"))


def test_a_failing_optimiser_gives_unknown_scores_and_parameters(
    cdnow_days: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
):
    def broken_minimize(objective, start, **_):
        raise FloatingPointError("simulated breakdown")

    monkeypatch.setattr(fitting, "minimize", broken_minimize)
    fits = fit(cdnow_days)
    assert fits.history_scores["customers"].sum() == len(cdnow_days)
    assert fits.history_scores[BG_NBD_SCORES].isna().all().all()
    assert fits.params["value"].isna().all()
    assert any(
        w.startswith("BG/NBD: optimiser did not converge (optimiser error: simulated") for w in fits.warnings
    )
    assert any(w.startswith("Gamma-Gamma: fit failed") for w in fits.warnings)
