"""The dbt project's vars: declared defaults, checked run overrides, and the vocabularies they name."""

from __future__ import annotations

import pytest

from orchestration.lib.dbt_vars import DbtVarsError, checked_overrides, project_vars, vars_named
from orchestration.lib.segmentation.families import LOYALTY_TIERS, RFM_SEGMENTS
from orchestration.project import DBT_PROJECT_DIR

DEFAULTS = {"as_of_date": None, "loyalty_status_new_days": 90, "win_back_decline_ratio": 0.5}


def test_known_overrides_pass_through():
    assert checked_overrides(DEFAULTS, {"loyalty_status_new_days": 60}) == {"loyalty_status_new_days": 60}


def test_an_unknown_override_is_named_with_the_known_vars():
    with pytest.raises(DbtVarsError) as error:
        checked_overrides(DEFAULTS, {"loyalty_status_new_dayz": 60, "loyalty_status_new_days": 60})
    known = "['loyalty_status_new_days', 'win_back_decline_ratio']"
    assert str(error.value) == f"unknown dbt var(s) ['loyalty_status_new_dayz']; known: {known}"


def test_the_as_of_date_is_not_an_override():
    with pytest.raises(DbtVarsError, match="partition or LOYALTY_AS_OF"):
        checked_overrides(DEFAULTS, {"as_of_date": "2026-01-01"})


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("segment_rules", [{"name": "x", "predicate": "1 = 1) or (true"}], "compiled from the rules file"),
        ("segment_families", {"rfm": {"model": "customer_segments", "column": "x"}}, "segment families"),
    ],
)
def test_compiled_rules_and_the_family_list_are_not_overrides(name: str, value: object, reason: str):
    """segment_rules holds SQL: only the rules step sets it, from the compiled rules file."""
    declared = project_vars(DBT_PROJECT_DIR)
    assert name in declared
    with pytest.raises(DbtVarsError, match=reason):
        checked_overrides(declared, {name: value})
    with pytest.raises(DbtVarsError) as unknown:
        checked_overrides(declared, {"loyalty_status_new_dayz": 1})
    assert f"'{name}'" not in str(unknown.value)


def test_vars_named_picks_one_family():
    assert vars_named(DEFAULTS, "win_back_") == {"win_back_decline_ratio": 0.5}


def test_the_project_declares_every_threshold_of_the_segment_models():
    declared = project_vars(DBT_PROJECT_DIR)
    assert declared["as_of_date"] is None
    assert declared["loyalty_status_new_days"] == 90
    assert declared["win_back_high_value_quantile"] == 0.8
    assert set(declared["loyalty_score_weights"]) == {
        "recency",
        "frequency",
        "monetary",
        "engagement",
        "redemption",
        "tenure",
    }
    assert sum(declared["loyalty_score_weights"].values()) == pytest.approx(1.0)


def test_the_segment_vocabularies_match_the_project_vars():
    """families.py lists the values the contract fixes; the dbt vars are where the models get them."""
    declared = project_vars(DBT_PROJECT_DIR)
    assert (*(rule["segment"] for rule in declared["rfm_segment_rules"]), "prospect") == RFM_SEGMENTS
    thresholds = declared["loyalty_score_tier_thresholds"]
    assert ("bronze", *sorted(thresholds, key=thresholds.get)) == LOYALTY_TIERS
