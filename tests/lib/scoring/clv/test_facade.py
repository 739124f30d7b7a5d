"""fit_histories on CDNOW delivered in days and compressed as dbt compresses it: the
clv_model_params rows and the per-history scores clv_scores reads."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from orchestration.lib.scoring.clv import (
    BgNbdFit,
    ClvFits,
    discounted_expected_purchases,
    expected_purchases,
    fit_histories,
    median_time_to_next_purchase,
    p_alive,
)

HISTORY_COLUMNS = [
    "frequency",
    "recency",
    "T",
    "customers",
    "p_alive",
    "expected_orders_90d",
    "prob_no_purchase_90d",
    "median_days_to_next_order",
    "discounted_expected_orders_12m",
]


def compressed(summary: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What dbt's customer_btyd_histories and customer_btyd_repeat_values hold for `summary`,
    ordered as the asset reads them."""
    histories = summary.groupby(["frequency", "recency", "T"], as_index=False, dropna=False).size()
    repeat = summary[summary["frequency"] > 0]
    values = repeat.groupby(["frequency", "monetary_value"], as_index=False, dropna=False).size()
    return histories.rename(columns={"size": "customers"}), values.rename(columns={"size": "customers"})


def fit(summary: pd.DataFrame, **settings) -> ClvFits:
    return fit_histories(*compressed(summary), **settings)


@pytest.fixture(scope="module")
def fitted(cdnow_days: pd.DataFrame) -> ClvFits:
    return fit(cdnow_days)


def test_one_row_per_distinct_history_with_its_customers(fitted: ClvFits, cdnow_days: pd.DataFrame):
    table = fitted.history_scores
    assert list(table.columns) == HISTORY_COLUMNS
    assert len(table) == len(cdnow_days.drop_duplicates(["frequency", "recency", "T"]))
    assert table["customers"].sum() == len(cdnow_days)
    assert fitted.warnings == []


def test_params_table_holds_the_published_estimates_in_weeks(fitted: ClvFits):
    params = fitted.params
    assert list(params.columns) == ["model", "parameter", "value", "time_unit", "customers_fitted"]
    values = dict(zip(params["parameter"], params["value"], strict=True))
    assert values["r"] == pytest.approx(0.243, abs=1e-3)
    assert values["alpha"] == pytest.approx(4.414, abs=1e-3)
    assert values["q"] == pytest.approx(3.74, abs=0.01)
    assert params["model"].tolist() == ["bg_nbd"] * 4 + ["gamma_gamma"] * 3
    assert set(params["time_unit"]) == {"week"}
    assert params["customers_fitted"].tolist() == [2357] * 4 + [946] * 3


def test_the_compressed_fit_is_the_fit_of_the_customers(fitted: ClvFits, cdnow_bg_nbd: BgNbdFit):
    # the same likelihood summed per history or per customer: both optimisations stop where the
    # gradient is below BFGS's gtol (1e-9), which leaves the estimates about 1e-9 apart
    values = fitted.params.set_index("parameter")["value"]
    for name in ("r", "alpha", "a", "b"):
        assert values[name] == pytest.approx(getattr(cdnow_bg_nbd.params, name), rel=1e-7)


def test_scores_follow_the_model_in_days(fitted: ClvFits, cdnow_bg_nbd: BgNbdFit):
    table = fitted.history_scores
    x = table["frequency"].to_numpy(dtype=float)
    t_x, T = (table[name].to_numpy(dtype=float) / 7 for name in ("recency", "T"))
    params = cdnow_bg_nbd.params
    np.testing.assert_allclose(table["p_alive"], p_alive(params, x, t_x, T), rtol=1e-6)
    orders = expected_purchases(params, 90 / 7, x, t_x, T)
    np.testing.assert_allclose(table["expected_orders_90d"], orders, rtol=1e-6)
    # the reference is the per-customer fit, whose estimates differ from the compressed fit's by
    # ~1e-9 (above); the median of a member whose next order is years away amplifies that
    # difference about a thousandfold (3.3e-6 measured on one CI run), so it gets rtol 1e-5
    np.testing.assert_allclose(
        table["median_days_to_next_order"], median_time_to_next_purchase(params, x, t_x, T) * 7, rtol=1e-5
    )
    np.testing.assert_allclose(
        table["discounted_expected_orders_12m"],
        discounted_expected_purchases(cdnow_bg_nbd, x, t_x, T, 12, 0.10),
        rtol=1e-6,
    )


def test_day_and_week_fits_give_the_same_scores(fitted: ClvFits, cdnow_days: pd.DataFrame):
    in_days = fit(cdnow_days, time_unit="day")
    assert set(in_days.params["time_unit"]) == {"day"}
    for column in HISTORY_COLUMNS[4:]:
        np.testing.assert_allclose(in_days.history_scores[column], fitted.history_scores[column], rtol=1e-4)


def test_no_median_wait_when_no_purchase_is_expected(fitted: ClvFits):
    table = fitted.history_scores
    expected = table["p_alive"] > 0.5
    assert table.loc[~expected, "median_days_to_next_order"].isna().all()
    assert (table.loc[expected, "median_days_to_next_order"] > 0).all()
