"""Membership and summary suites: per-family and per-segment profiles computed in DuckDB."""

from __future__ import annotations

import pytest

from tests.lib.quality.conftest import failed, validate

BETWEEN = "expect_column_values_to_be_between"
IN_SET = "expect_column_values_to_be_in_set"
SUITES = ["segment_membership_families", "segment_membership_segments", "segment_summary"]


def test_membership_and_summary_suites_pass_on_consistent_tables(warehouse, suites):
    outcome = validate(warehouse, suites, *SUITES)
    assert outcome.success, outcome.summary()


@pytest.mark.parametrize(
    ("suite", "breakage", "expectation", "column"),
    [
        (
            "segment_membership_families",
            "insert into published.segment_membership values ('c1', 'rfm', 'lost')",
            BETWEEN,
            "max_rows_per_customer",
        ),
        (
            "segment_membership_families",
            "delete from published.segment_membership where customer_id = 'c3' and segment_family = 'gender'",
            BETWEEN,
            "missing_customers",
        ),
        (
            "segment_membership_families",
            "insert into published.segment_membership values ('ghost', 'gender', 'unknown')",
            BETWEEN,
            "unknown_customers",
        ),
        (
            "segment_membership_families",
            "delete from published.segment_membership where segment_family = 'psychographic'",
            "expect_column_distinct_values_to_contain_set",
            "segment_family",
        ),
        (
            "segment_membership_segments",
            "update published.segment_membership set segment = 'maybe' where segment_family = 'rule:vip'",
            IN_SET,
            "segment",
        ),
        (
            "segment_summary",
            "update published.segment_summary set share_of_customers = 1.2 where segment = 'champions'",
            BETWEEN,
            "share_of_customers",
        ),
        (
            "segment_summary",
            "update published.segment_summary set share_of_customers = share_of_customers / 2 "
            "where segment_family = 'loyalty_tier'",
            BETWEEN,
            "family_share_of_customers",
        ),
    ],
)
def test_membership_or_summary_suite_fails_on_broken_table(
    warehouse, suites, suite, breakage, expectation, column
):
    warehouse.execute(breakage)
    outcome = validate(warehouse, suites, suite)
    assert (expectation, column) in failed(outcome), outcome.summary()


def test_condition_is_part_of_the_failure(warehouse, suites):
    warehouse.execute("insert into published.segment_membership values ('c2', 'loyalty_tier', 'gold')")
    outcome = validate(warehouse, suites, "segment_membership_families")
    (failure,) = outcome.failures
    assert failure.condition == (
        'segment_family IN ["rfm", "loyalty_status", "behavior_cluster", "loyalty_tier"]'
    )
    assert failure.observed["examples"] == [2]
