"""Per-customer segment suites (joined to the feature mart for coverage) and the CLV parameters."""

from __future__ import annotations

import pytest

from tests.lib.quality.conftest import failed, validate

BETWEEN = "expect_column_values_to_be_between"
IN_SET = "expect_column_values_to_be_in_set"
NOT_NULL = "expect_column_values_to_not_be_null"
TABLE_SUITES = {
    "customer_segments": ("customer_segments", "customer_segments_by_purchase"),
    "customer_scores": ("customer_scores", "customer_scores_clv"),
    "clv_model_params": ("clv_model_params",),
}
"""The suites guarding each table, as its Dagster check runs them."""


def test_every_segment_suite_passes_on_consistent_tables(warehouse, suites):
    outcome = validate(warehouse, suites, *(name for names in TABLE_SUITES.values() for name in names))
    assert outcome.success, outcome.summary()


@pytest.mark.parametrize(
    ("table", "breakage", "expectation", "column"),
    [
        (
            "customer_segments",
            "delete from published.customer_segments where customer_id = 'c2'",
            IN_SET,
            "in_table",
        ),
        (
            "customer_segments",
            "insert into published.customer_segments (customer_id, rfm_segment, loyalty_status) "
            "values ('ghost', 'lost', 'lapsed')",
            IN_SET,
            "in_cohort",
        ),
        (
            "customer_scores",
            "update published.customer_scores set p_alive = 1.2 where customer_id = 'c1'",
            BETWEEN,
            "p_alive",
        ),
        (
            "customer_scores",
            "update published.customer_scores set predicted_clv_12m = -1 where customer_id = 'c2'",
            BETWEEN,
            "predicted_clv_12m",
        ),
        ("customer_scores", "update published.customer_scores set churn_risk = null", NOT_NULL, "churn_risk"),
        (
            "customer_scores",
            "delete from published.customer_scores where customer_id = 'c4'",
            IN_SET,
            "in_table",
        ),
        (
            "clv_model_params",
            "delete from published.clv_model_params where parameter = 'q'",
            "expect_table_row_count_to_equal",
            None,
        ),
        (
            "clv_model_params",
            "update published.clv_model_params set value = 'NaN' where parameter = 'r'",
            NOT_NULL,
            "value",
        ),
        (
            "clv_model_params",
            "update published.clv_model_params set value = -0.5 where parameter = 'v'",
            BETWEEN,
            "value",
        ),
        (
            "clv_model_params",
            "update published.clv_model_params set model = 'bg_nbd' where parameter = 'p'",
            "expect_column_pair_values_to_be_in_set",
            "model, parameter",
        ),
    ],
)
def test_segment_suites_fail_on_broken_table(warehouse, suites, table, breakage, expectation, column):
    warehouse.execute(breakage)
    outcome = validate(warehouse, suites, *TABLE_SUITES[table])
    assert (expectation, column) in failed(outcome), outcome.summary()
