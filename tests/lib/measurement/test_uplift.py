"""Holdout uplift statistics against hand-computed Wald intervals."""

from __future__ import annotations

import pandas as pd
import pytest

from orchestration.lib.measurement.uplift import add_uplift


def groups(*rows: tuple[int, int, int, int]) -> pd.DataFrame:
    """Rows of (targeted, treated_buyers, control_members, control_buyers)."""
    columns = ["targeted", "treated_buyers", "control_members", "control_buyers"]
    return pd.DataFrame(rows, columns=columns)


def test_hand_example_is_not_significant():
    """120 of 1000 treated vs 9 of 100 control members bought.

    p_t = 0.12, p_c = 0.09, uplift = 0.03
    se = sqrt(0.12 · 0.88 / 1000 + 0.09 · 0.91 / 100) = sqrt(0.0001056 + 0.000819)
       = sqrt(0.0009246) = 0.0304072
    95 %: z = 1.959964, margin = 1.959964 · 0.0304072 = 0.0595971
    CI = [0.03 - 0.0595971, 0.03 + 0.0595971] = [-0.0295971, 0.0895971]: contains 0.
    """
    row = add_uplift(groups((1000, 120, 100, 9))).iloc[0]
    assert row["treated_order_rate"] == pytest.approx(0.12)
    assert row["control_order_rate"] == pytest.approx(0.09)
    assert row["uplift"] == pytest.approx(0.03)
    assert row["uplift_ci_low"] == pytest.approx(-0.0295971, abs=1e-7)
    assert row["uplift_ci_high"] == pytest.approx(0.0895971, abs=1e-7)
    assert not row["uplift_significant"]


def test_hand_example_is_significant():
    """200 of 1000 vs 9 of 100: uplift = 0.2 - 0.09 = 0.11,
    se = sqrt(0.2 · 0.8 / 1000 + 0.000819) = sqrt(0.000979) = 0.0312890,
    margin = 1.959964 · 0.0312890 = 0.0613253, CI = [0.0486747, 0.1713253] > 0."""
    row = add_uplift(groups((1000, 200, 100, 9))).iloc[0]
    assert row["uplift"] == pytest.approx(0.11)
    assert row["uplift_ci_low"] == pytest.approx(0.0486747, abs=1e-7)
    assert row["uplift_ci_high"] == pytest.approx(0.1713253, abs=1e-7)
    assert row["uplift_significant"]


def test_confidence_level_sets_the_width():
    """90 %: z = 1.644854, margin = 1.644854 · 0.0304072 = 0.0500154 → CI = [-0.0200154, 0.0800154]."""
    row = add_uplift(groups((1000, 120, 100, 9)), confidence=0.90).iloc[0]
    assert row["uplift_ci_low"] == pytest.approx(-0.0200154, abs=1e-7)
    assert row["uplift_ci_high"] == pytest.approx(0.0800154, abs=1e-7)


def test_a_significant_drop_is_significant():
    """9 of 100 treated vs 200 of 1000 control: the mirror image, CI = [-0.1713253, -0.0486747]."""
    row = add_uplift(groups((100, 9, 1000, 200))).iloc[0]
    assert row["uplift"] == pytest.approx(-0.11)
    assert row["uplift_ci_high"] == pytest.approx(-0.0486747, abs=1e-7)
    assert row["uplift_significant"]


def test_uplift_is_null_without_a_holdout_or_without_treated_members():
    result = add_uplift(groups((10, 1, 0, 0), (0, 0, 5, 1)))
    for column in ("uplift", "uplift_ci_low", "uplift_ci_high", "uplift_significant"):
        assert result[column].isna().all(), column
    assert result["treated_order_rate"].iloc[0] == pytest.approx(0.1)
    assert pd.isna(result["control_order_rate"].iloc[0])
    assert result["control_order_rate"].iloc[1] == pytest.approx(0.2)
    assert pd.isna(result["treated_order_rate"].iloc[1])


def test_too_few_outcomes_are_never_significant():
    """50 of 100 vs 0 of 1: se ignores the one-member holdout (p_c = 0 has no variance),
    CI = 0.5 ± 1.959964 · sqrt(0.25 / 100) = [0.402, 0.598] excludes 0, but the holdout has
    no buyer, so the normal approximation does not hold and nothing is claimed."""
    row = add_uplift(groups((100, 50, 1, 0))).iloc[0]
    assert row["uplift_ci_low"] == pytest.approx(0.5 - 1.959964 * 0.05, abs=1e-6)
    assert not row["uplift_significant"]
    relaxed = add_uplift(groups((100, 50, 1, 0)), min_outcomes=0).iloc[0]
    assert relaxed["uplift_significant"]


def test_confidence_must_be_a_probability():
    with pytest.raises(ValueError, match="confidence"):
        add_uplift(groups((10, 1, 10, 1)), confidence=95)
