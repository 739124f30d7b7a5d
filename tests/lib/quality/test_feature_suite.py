"""The customer_features suites: a passing mart, then one broken rule at a time and the suite that says so."""

from __future__ import annotations

import pytest

from tests.lib.quality.conftest import failed, validate
from tests.lib.quality.warehouse import FEATURE_SUITES

BETWEEN = "expect_column_values_to_be_between"
NOT_NULL = "expect_column_values_to_not_be_null"
PAIR = "expect_column_pair_values_a_to_be_greater_than_b"
FEATURES = "published.customer_features"


def test_feature_suites_pass_on_a_consistent_mart(warehouse, suites):
    outcome = validate(warehouse, suites, *FEATURE_SUITES)
    assert outcome.success, outcome.summary()
    assert {suite.rows for suite in outcome.suites} == {4}


@pytest.mark.parametrize(
    ("suite", "breakage", "expectation", "column"),
    [
        (
            "grain",
            f"update {FEATURES} set as_of_date = as_of_date + interval 10 day",
            "expect_column_max_to_be_between",
            "as_of_date",
        ),
        (
            "grain",
            f"update {FEATURES} set as_of_date = as_of_date - interval 1 day where customer_id = 'c2'",
            "expect_column_unique_value_count_to_be_between",
            "as_of_date",
        ),
        (
            "grain",
            f"alter table {FEATURES} drop column tenure_days",
            "expect_table_columns_to_match_set",
            None,
        ),
        (
            "order_history",
            f"update {FEATURES} set recency_days = 5 where frequency = 0",
            "expect_column_values_to_be_null",
            "recency_days",
        ),
        (
            "order_history",
            f"update {FEATURES} set recency_days = null where customer_id = 'c1'",
            NOT_NULL,
            "recency_days",
        ),
        (
            "order_history",
            f"update {FEATURES} set recency_days = 450 where customer_id = 'c1'",
            PAIR,
            "tenure_days, recency_days",
        ),
        (
            "order_history",
            f"update {FEATURES} set orders_last_90d = 9 where customer_id = 'c1'",
            PAIR,
            "orders_last_365d, orders_last_90d",
        ),
        ("amounts", f"update {FEATURES} set monetary = -1 where customer_id = 'c1'", BETWEEN, "monetary"),
        ("counts", f"update {FEATURES} set frequency = -1 where customer_id = 'c3'", BETWEEN, "frequency"),
        (
            "order_rates",
            f"update {FEATURES} set return_rate = 1.5 where customer_id = 'c1'",
            BETWEEN,
            "return_rate",
        ),
        (
            "click_rates",
            f"update {FEATURES} set sms_click_rate = -0.1 where customer_id = 'c2'",
            BETWEEN,
            "sms_click_rate",
        ),
    ],
)
def test_feature_suite_fails_on_broken_rule(warehouse, suites, suite, breakage, expectation, column):
    warehouse.execute(breakage)
    outcome = validate(warehouse, suites, f"customer_features_{suite}")
    assert (expectation, column) in failed(outcome), outcome.summary()


def test_failure_names_suite_expectation_column_and_observed_value(warehouse, suites):
    warehouse.execute(f"update {FEATURES} set monetary = -7.5 where customer_id = 'c2'")
    outcome = validate(warehouse, suites, *FEATURE_SUITES)
    (failure,) = outcome.failures
    assert (failure.suite, failure.expectation, failure.column) == (
        "customer_features_amounts",
        BETWEEN,
        "monetary",
    )
    assert failure.observed["unexpected_count"] == 1
    assert failure.observed["examples"] == [-7.5]
    assert "non-negative" in failure.notes
    assert "customer_features_amounts: expect_column_values_to_be_between on monetary" in outcome.summary()
