"""The customer_features suite: a passing mart and one broken rule at a time."""

from __future__ import annotations

import pytest

from tests.lib.quality.conftest import failed, validate

BETWEEN = "expect_column_values_to_be_between"


def test_feature_suite_passes_on_a_consistent_mart(warehouse, suites):
    outcome = validate(warehouse, suites, "customer_features")
    assert outcome.success, outcome.summary()
    assert outcome.suites[0].rows == 4


@pytest.mark.parametrize(
    ("breakage", "expectation", "column"),
    [
        (
            "insert into marts.customer_features "
            "select * from marts.customer_features where customer_id = 'c1'",
            "expect_column_values_to_be_unique",
            "customer_id",
        ),
        (
            "update marts.customer_features set customer_id = null where customer_id = 'c4'",
            "expect_column_values_to_not_be_null",
            "customer_id",
        ),
        ("update marts.customer_features set monetary = -1 where customer_id = 'c1'", BETWEEN, "monetary"),
        ("update marts.customer_features set frequency = -1 where customer_id = 'c3'", BETWEEN, "frequency"),
        (
            "update marts.customer_features set return_rate = 1.5 where customer_id = 'c1'",
            BETWEEN,
            "return_rate",
        ),
        (
            "update marts.customer_features set recency_days = 5 where frequency = 0",
            "expect_column_values_to_be_null",
            "recency_days",
        ),
        (
            "update marts.customer_features set recency_days = null where customer_id = 'c1'",
            "expect_column_values_to_not_be_null",
            "recency_days",
        ),
        (
            "update marts.customer_features set recency_days = 450 where customer_id = 'c1'",
            "expect_column_pair_values_a_to_be_greater_than_b",
            "tenure_days, recency_days",
        ),
        (
            "update marts.customer_features set as_of_date = as_of_date + interval 10 day",
            "expect_column_max_to_be_between",
            "as_of_date",
        ),
        (
            "update marts.customer_features set as_of_date = as_of_date - interval 1 day "
            "where customer_id = 'c2'",
            "expect_column_unique_value_count_to_be_between",
            "as_of_date",
        ),
        (
            "update marts.customer_features set orders_last_90d = 9 where customer_id = 'c1'",
            "expect_column_pair_values_a_to_be_greater_than_b",
            "orders_last_365d, orders_last_90d",
        ),
        (
            "update marts.customer_features set has_sms_consent = null where customer_id = 'c2'",
            "expect_column_values_to_not_be_null",
            "has_sms_consent",
        ),
        (
            "alter table marts.customer_features drop column tenure_days",
            "expect_table_columns_to_match_set",
            None,
        ),
    ],
)
def test_feature_suite_fails_on_broken_rule(warehouse, suites, breakage, expectation, column):
    warehouse.execute(breakage)
    outcome = validate(warehouse, suites, "customer_features")
    assert (expectation, column) in failed(outcome), outcome.summary()


def test_failure_names_suite_expectation_column_and_observed_value(warehouse, suites):
    warehouse.execute("update marts.customer_features set monetary = -7.5 where customer_id = 'c2'")
    outcome = validate(warehouse, suites, "customer_features")
    (failure,) = outcome.failures
    assert (failure.suite, failure.expectation, failure.column) == ("customer_features", BETWEEN, "monetary")
    assert failure.observed["unexpected_count"] == 1
    assert failure.observed["examples"] == [-7.5]
    assert "non-negative" in failure.notes
    assert "customer_features: expect_column_values_to_be_between on monetary" in outcome.summary()
