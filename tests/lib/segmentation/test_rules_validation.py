"""Validating rules against real column types: unknown fields, misfit values, the shipped file."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import yaml

from orchestration.lib.segmentation.rules import (
    CHANNELS,
    FieldCatalog,
    RuleError,
    compile_rules,
    load_rules,
    parse_rules,
    rules_var,
    sql_literal,
    validate_against,
)
from orchestration.lib.segmentation.rules.field_types import column_kind
from orchestration.lib.settings import REPO_ROOT

SCORES = {"loyalty_score": "DOUBLE", "loyalty_tier": "VARCHAR", "predicted_clv_12m": "DOUBLE"}


def feature_columns() -> dict[str, str]:
    """marts.customer_features as dbt builds it (names and DuckDB types), for realistic validation."""
    by_type = {
        "DATE": "as_of_date signup_date first_order_date last_order_date last_redemption_date birth_date",
        "VARCHAR": """customer_id preferred_purchase_channel gender country region city membership_type
            survey_interests survey_lifestyle survey_price_sensitivity survey_preferred_channel""",
        "BIGINT": """tenure_days recency_days frequency orders_last_90d orders_last_365d orders_prior_365d
            returned_orders cancelled_orders store_orders online_orders app_orders phone_orders other_orders
            discounted_orders distinct_categories_purchased points_earned points_redeemed points_expired
            points_adjusted points_balance campaigns_sent consented_channel_count age_years referrals_made""",
        "DECIMAL(38,2)": "monetary revenue_last_90d revenue_last_365d revenue_prior_365d total_discount",
        "DOUBLE": """avg_order_value spend_trend_ratio avg_days_between_orders return_rate discount_share
            discounted_order_share points_redemption_rate campaign_open_rate campaign_click_rate""",
        "BOOLEAN": "has_purchased is_referred has_email has_phone",
    }
    for channel in CHANNELS:
        by_type["BIGINT"] += f" {channel}_campaigns_contacted"
        by_type["DOUBLE"] += f" {channel}_open_rate {channel}_click_rate {channel}_conversion_rate"
        by_type["BOOLEAN"] += f" has_{channel}_consent is_unsubscribed_{channel} has_bounced_{channel}"
    return {name: duckdb_type for duckdb_type, names in by_type.items() for name in names.split()}


def catalog_of(columns: dict[str, str]) -> FieldCatalog:
    """The fields `columns`, all read from the features."""
    return FieldCatalog(columns, dict.fromkeys(columns, "features"))


def problems_of(condition: object, columns: dict[str, str] | None = None) -> str:
    rules = parse_rules({"segments": [{"name": "probe", "conditions": condition}]}, source="test.yml")
    with pytest.raises(RuleError) as raised:
        validate_against(rules, feature_columns() if columns is None else columns)
    message = str(raised.value)
    assert message.startswith("test.yml: rule 'probe', conditions")
    return message


def test_shipped_rules_validate_against_features_and_scores() -> None:
    rules = load_rules(REPO_ROOT / "segments.yml")
    validate_against(rules, feature_columns() | SCORES)
    compiled = compile_rules(rules, catalog_of(feature_columns() | SCORES))
    assert [rule.name for rule in compiled] == [rule.name for rule in rules]
    assert "features.membership_type = 'premium'" in compiled[0].predicate


def test_shipped_tier_rule_needs_the_scores() -> None:
    with pytest.raises(RuleError) as raised:
        validate_against(load_rules(REPO_ROOT / "segments.yml"), feature_columns())
    (problem,) = raised.value.problems  # one line although the field appears six times
    assert "rule 'close_to_next_tier'" in problem and "unknown field 'loyalty_score'" in problem


def test_unknown_field_suggests_the_closest() -> None:
    message = problems_of({"field": "monetry", "op": "gte", "value": 500})
    assert "unknown field 'monetry' (did you mean 'monetary'?)" in message
    assert "did you mean" not in problems_of({"field": "zodiac_sign", "op": "eq", "value": "leo"})


@pytest.mark.parametrize(
    ("field", "op", "value", "problem"),
    [
        ("monetary", "gte", "lots", "field 'monetary' (DECIMAL(38,2)) expects a number, got 'lots'"),
        ("monetary", "eq", True, "expects a number, got True"),
        ("age_years", "in", [18, "twenty"], "expects a number, got 'twenty'"),
        ("country", "eq", 49, "expects text, got 49; write it in quotes"),
        ("country", "in", ["DE", False], "expects text, got False; write it in quotes, e.g. 'NO'"),
        ("has_purchased", "eq", "yes", "expects true or false"),
        ("signup_date", "gte", "last week", "expects a date YYYY-MM-DD"),
        ("signup_date", "between", ["2024-01-01", "2024-13-01"], "expects a date YYYY-MM-DD"),
        ("age_years", "between", [40, 18], "low <= high"),
        ("country", "gt", "DE", "operator 'gt' needs a number or date field; 'country' is text"),
        ("has_email", "lte", True, "operator 'lte' needs a number or date field; 'has_email' is boolean"),
        ("monetary", "contains", "5", "operator 'contains' needs a text field; 'monetary' is number"),
    ],
)
def test_values_must_fit_the_column_type(field: str, op: str, value: object, problem: str) -> None:
    assert problem in problems_of({"field": field, "op": op, "value": value})


def test_unquoted_yaml_no_is_caught_with_a_hint() -> None:
    condition = yaml.safe_load("{field: country, op: in, value: [SE, NO]}")
    assert "YAML reads unquoted yes/no/on/off as true/false" in problems_of(condition)


def test_other_column_types_only_support_null_tests() -> None:
    columns = {"customer_id": "VARCHAR", "tags": "VARCHAR[]"}
    assert "can only be tested with is_null" in problems_of(
        {"field": "tags", "op": "eq", "value": "x"}, columns
    )
    rules = parse_rules(
        {"segments": [{"name": "tagged", "conditions": {"field": "tags", "op": "is_not_null"}}]}
    )
    validate_against(rules, columns)


def test_consent_needs_its_three_boolean_columns() -> None:
    columns = feature_columns()
    del columns["has_bounced_sms"]
    columns["is_unsubscribed_sms"] = "VARCHAR"
    message = problems_of({"consent": "sms"}, columns)
    assert "consent: sms needs field 'has_bounced_sms'" in message
    assert "consent: sms needs field 'is_unsubscribed_sms' to be boolean, it is text" in message


def test_all_problems_of_all_rules_are_listed() -> None:
    document = {
        "segments": [
            {"name": "first", "conditions": {"field": "monetry", "op": "gt", "value": 1}},
            {"name": "second", "conditions": {"all": [{"field": "country", "op": "eq", "value": 1}]}},
        ]
    }
    with pytest.raises(RuleError) as raised:
        validate_against(parse_rules(document, "x.yml"), feature_columns())
    assert [re.match(r"x\.yml: rule '(\w+)'", line)[1] for line in raised.value.problems] == [
        "first",
        "second",
    ]


def test_compile_rules_validates_before_building_sql() -> None:
    (rule,) = parse_rules({"segments": [{"name": "x", "conditions": {"field": "nope", "op": "is_null"}}]})
    with pytest.raises(RuleError, match="unknown field 'nope'"):
        compile_rules([rule], catalog_of(feature_columns()))


def test_non_finite_numbers_are_refused() -> None:
    assert "expects a finite number" in problems_of({"field": "monetary", "op": "gt", "value": float("inf")})


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("O'Brien", "'O''Brien'"), ("", "''"), (True, "true"), (False, "false"), (500, "500"),
        (0.1, "cast(0.1 as double)"), (-2.5e-12, "cast(-2.5e-12 as double)"),
        (date(2024, 1, 31), "cast('2024-01-31' as date)"),
        (datetime(2024, 1, 31, 8, 30), "cast('2024-01-31 08:30:00' as timestamp)"),
    ],
)  # fmt: skip
def test_literals_are_written_from_validated_values(value: object, literal: str) -> None:
    assert sql_literal(value) == literal


def test_rules_var_is_names_and_predicates_in_file_order() -> None:
    rules = parse_rules({"segments": [
        {"name": "b", "conditions": {"field": "country", "op": "eq", "value": "DE"}},
        {"name": "a", "conditions": {"consent": "sms"}},
    ]})  # fmt: skip
    var = rules_var(compile_rules(rules, catalog_of(feature_columns())))
    assert [list(rule) for rule in var] == [["name", "predicate"]] * 2
    assert [rule["name"] for rule in var] == ["b", "a"]
    assert var[0]["predicate"] == "coalesce(features.country = 'DE', false)"


@pytest.mark.parametrize(
    ("duckdb_type", "kind"),
    [
        ("BIGINT", "number"), ("DECIMAL(38,2)", "number"), ("double", "number"), ("HUGEINT", "number"),
        ("VARCHAR", "text"), ("ENUM('a', 'b')", "text"), ("DATE", "date"),
        ("TIMESTAMP WITH TIME ZONE", "timestamp"), ("BOOLEAN", "boolean"),
        ("INTEGER[]", "other"), ("VARCHAR[]", "other"), ("STRUCT(a INTEGER)", "other"),
    ],
)  # fmt: skip
def test_column_kinds(duckdb_type: str, kind: str) -> None:
    assert column_kind(duckdb_type) == kind
