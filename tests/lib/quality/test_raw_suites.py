"""Raw suites: schema and table-level sanity over one-row DuckDB profiles."""

from __future__ import annotations

import pytest

from tests.lib.quality.conftest import failed, validate

BETWEEN = "expect_column_values_to_be_between"
RAW_SUITES = [
    "raw_customers",
    "raw_orders",
    "raw_order_lines",
    "raw_loyalty_ledger",
    "raw_campaigns",
    "raw_campaign_events",
    "raw_consents",
    "raw_survey_responses",
    "raw_referrals",
]


def test_every_raw_suite_passes_on_loaded_tables_including_empty_optional_ones(warehouse, suites):
    outcome = validate(warehouse, suites, *RAW_SUITES)
    assert outcome.success, outcome.summary()
    assert {suite.rows for suite in outcome.suites} == {1}


@pytest.mark.parametrize(
    ("suite", "breakage", "expectation", "column"),
    [
        ("raw_customers", "delete from raw.customers", BETWEEN, "row_count"),
        (
            "raw_customers",
            "alter table raw.customers drop column signup_date",
            "expect_table_columns_to_match_set",
            None,
        ),
        (
            "raw_customers",
            "update raw.customers set customer_id = 'c1'",
            BETWEEN,
            "customer_id__duplicate_share",
        ),
        (
            "raw_orders",
            "update raw.orders set amount = -1 where order_id <> 'o1'",
            BETWEEN,
            "amount__negative_share",
        ),
        ("raw_orders", "update raw.orders set customer_id = 'ghost'", BETWEEN, "customer_id__unknown_share"),
        ("raw_orders", "update raw.orders set order_ts = null", BETWEEN, "order_ts__null_share"),
        (
            "raw_loyalty_ledger",
            "update raw.loyalty_ledger set points = null, _invalid_columns = 'points'",
            BETWEEN,
            "invalid_row_share",
        ),
    ],
)
def test_raw_suite_fails_on_broken_table(warehouse, suites, suite, breakage, expectation, column):
    warehouse.execute(breakage)
    outcome = validate(warehouse, suites, suite)
    assert (expectation, column) in failed(outcome), outcome.summary()


def test_a_few_bad_rows_are_left_to_the_quarantine(warehouse, suites):
    """One bad order in 40 (2.5%) is below the 5% tripwire: the quarantine's threshold decides."""
    warehouse.execute(
        "insert into raw.orders (order_id, customer_id, amount, order_ts) "
        "select 'n' || i, 'c2', 1.0, timestamp '2026-01-01' from range(35) as t (i)"
    )
    warehouse.execute("update raw.orders set amount = -5 where order_id = 'o2'")
    outcome = validate(warehouse, suites, "raw_orders")
    assert outcome.success, outcome.summary()


def test_missing_required_column_is_named(warehouse, suites):
    warehouse.execute("alter table raw.orders drop column amount")
    outcome = validate(warehouse, suites, "raw_orders")
    schema = next(f for f in outcome.failures if f.expectation == "expect_table_columns_to_match_set")
    assert schema.observed["mismatched"]["missing"] == ["amount"]
    assert "raw_orders: expect_table_columns_to_match_set on (table)" in schema.describe()
