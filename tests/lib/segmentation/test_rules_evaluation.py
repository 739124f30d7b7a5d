"""Compiled rules over small hand-built DuckDB tables: operators, nesting, categories, consent, nulls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import duckdb
import pytest

from orchestration.lib.segmentation.rules import RelationError, SegmentRule, parse_rules
from tests.lib.segmentation.rule_sql import rule_members

AS_OF = date(2024, 6, 30)
FEATURES = "marts.customer_features"
ALL = {"c1", "c2", "c3", "c4"}


@pytest.fixture
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    """Four members covering every column type, with nulls in c3 and c4."""
    connection = duckdb.connect()
    connection.execute("""
        create schema marts; create schema intermediate; create schema segments;
        create table marts.customer_features as select * from (values
            ('c1', 'DE', 'premium', 600.00::decimal(38,2), 400, 25, 20.5, true, date '2020-01-15',
             timestamp '2023-12-31 23:00:00', 'Outdoor, books', true, false, false, false, false, false),
            ('c2', 'FR', 'standard', 100.00, 10, 40, 12.5, true, date '2023-05-01',
             timestamp '2024-06-01 08:00:00', 'sports', true, true, false, true, false, false),
            ('c3', null, 'premium', 500.00, 366, null, null, true, null,
             null, null, true, false, true, false, false, false),
            ('c4', 'GB', null, 0.00, null, 70, null, false, date '2024-06-30',
             null, 'fashion', false, false, false, true, false, true)
        ) as t(customer_id, country, membership_type, monetary, recency_days, age_years, avg_order_value,
               has_purchased, signup_date, last_seen_at, survey_interests,
               has_email_consent, is_unsubscribed_email, has_bounced_email,
               has_sms_consent, is_unsubscribed_sms, has_bounced_sms);
        create table intermediate.customer_categories as select * from (values
            ('c1', 'outdoor', date '2024-06-01'), ('c1', 'books', date '2023-01-01'),
            ('c2', 'sports', date '2024-05-01'), ('c3', 'outdoor', date '2024-06-30'),
            ('c4', 'sports', date '2024-07-15')
        ) as t(customer_id, product_category, last_purchase_date);
        create table segments.customer_scores as select * from (values
            ('c1', 37.5, date '2024-06-30'), ('c2', 61.0, date '2024-06-30'), ('c3', 79.9, date '2024-06-30')
        ) as t(customer_id, loyalty_score, as_of_date);
        create table segments.customer_segments as select * from (values
            ('c1', 'champions', 'DE'), ('c2', 'lost', 'DE'), ('c4', 'prospect', 'DE')
        ) as t(customer_id, rfm_segment, country);
    """)
    yield connection
    connection.close()


def rules_of(**conditions: object) -> list[SegmentRule]:
    """One rule per keyword: name -> conditions, parsed exactly as from a file."""
    return parse_rules({"segments": [{"name": name, "conditions": c} for name, c in conditions.items()]})


def members(conn: duckdb.DuckDBPyConnection, condition: object) -> set[str]:
    return rule_members(conn, rules_of(probe=condition), AS_OF)["probe"]


def compare(field: str, op: str, value: object = None) -> dict[str, object]:
    return {"field": field, "op": op} | ({} if value is None else {"value": value})


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (compare("country", "eq", "DE"), {"c1"}),
        (compare("country", "ne", "DE"), {"c2", "c4"}),
        (compare("monetary", "gt", 500), {"c1"}),
        (compare("monetary", "gte", 500), {"c1", "c3"}),
        (compare("recency_days", "lt", 366), {"c2"}),
        (compare("recency_days", "lte", 366), {"c2", "c3"}),
        (compare("age_years", "between", [25, 40]), {"c1", "c2"}),
        (compare("country", "in", ["DE", "FR"]), {"c1", "c2"}),
        (compare("country", "not_in", ["DE", "FR"]), {"c4"}),
        (compare("country", "is_null"), {"c3"}),
        (compare("country", "is_not_null"), {"c1", "c2", "c4"}),
        (compare("survey_interests", "contains", "OUTDOOR"), {"c1"}),
        (compare("has_purchased", "eq", False), {"c4"}),
        (compare("avg_order_value", "lte", 12.5), {"c2"}),
        (compare("signup_date", "gte", date(2023, 5, 1)), {"c2", "c4"}),
        (compare("signup_date", "lt", "2023-05-01"), {"c1"}),
        (compare("last_seen_at", "lt", "2024-01-01 00:00:00"), {"c1"}),
        (compare("last_seen_at", "gte", date(2024, 1, 1)), {"c2"}),
    ],
)
def test_every_operator_and_type(conn: duckdb.DuckDBPyConnection, condition: object, expected: set) -> None:
    assert members(conn, condition) == expected


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"all": [compare("membership_type", "eq", "premium"), compare("monetary", "gte", 550)]}, {"c1"}),
        ({"any": [compare("country", "eq", "GB"), compare("recency_days", "lt", 20)]}, {"c2", "c4"}),
        ({"not": compare("country", "eq", "DE")}, {"c2", "c3", "c4"}),  # null country: comparison false
        ({"not": {"any": [compare("age_years", "lt", 30), compare("age_years", "gt", 60)]}}, {"c2", "c3"}),
        (
            {"all": [{"any": [compare("country", "eq", "DE"), {"not": compare("country", "is_not_null")}]},
                     {"not": {"all": [compare("monetary", "lt", 550), compare("monetary", "gt", 450)]}}]},
            {"c1"},
        ),
    ],
)  # fmt: skip
def test_all_any_not_nest(conn: duckdb.DuckDBPyConnection, condition: object, expected: set) -> None:
    assert members(conn, condition) == expected


@pytest.mark.parametrize(
    ("categories", "within_days", "expected"),
    [
        (["outdoor"], 30, {"c1", "c3"}),  # c1 bought 29 days before the as-of date
        (["outdoor"], 29, {"c3"}),  # ... which is outside a 29-day window; c3 bought on the day
        (["sports"], 60, set()),  # c2 bought sports 60 days before
        (["sports"], 61, {"c2"}),  # c4 bought after the as-of date: never counted
        (["sports", "outdoor"], 61, {"c1", "c2", "c3"}),
        (["books"], 365, set()),
        (["Outdoor"], 365, set()),  # category names match exactly
    ],
)
def test_bought_category_counts_days_back_from_as_of(
    conn: duckdb.DuckDBPyConnection, categories: list[str], within_days: int, expected: set
) -> None:
    condition = {"bought_category": {"categories": categories, "within_days": within_days}}
    assert members(conn, condition) == expected
    assert members(conn, {"not": condition}) == ALL - expected


def test_consent_excludes_unsubscribed_bounced_and_unconsented(conn: duckdb.DuckDBPyConnection) -> None:
    assert members(conn, {"consent": "email"}) == {"c1"}  # c2 unsubscribed, c3 bounced, c4 no consent
    assert members(conn, {"consent": "sms"}) == {"c2"}  # c4 consented but bounced


def test_null_fields_are_out_for_every_comparison(conn: duckdb.DuckDBPyConnection) -> None:
    for op, value in [("eq", 1), ("ne", 1), ("gt", 0), ("lt", 999), ("between", [0, 999]), ("not_in", [1])]:
        assert "c3" not in members(conn, compare("age_years", op, value)), op


def test_rules_are_independent_and_keep_their_order(conn: duckdb.DuckDBPyConnection) -> None:
    rules = rules_of(germans=compare("country", "eq", "DE"), nobody=compare("monetary", "gt", 10**6))
    assert rule_members(conn, rules, AS_OF) == {"germans": {"c1"}, "nobody": set()}
    assert list(rule_members(conn, rules, AS_OF)) == ["germans", "nobody"]


def test_scores_and_segments_add_fields_and_features_win_shared_names(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    close = {"all": [compare("loyalty_score", "gte", 35), compare("loyalty_score", "lt", 40)]}
    assert members(conn, close) == {"c1"}
    # c4 has no score row: its loyalty_score is null, so it is out of both
    assert members(conn, {"not": close}) == {"c2", "c3", "c4"}
    assert members(conn, compare("rfm_segment", "in", ["lost", "prospect"])) == {"c2", "c4"}
    # country is a feature: the segments' own country column (all DE) is not taken
    assert members(conn, compare("country", "eq", "DE")) == {"c1"}


def test_a_quoted_text_value_is_written_safely_and_matches(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute("alter table marts.customer_features add column city varchar")
    conn.execute("update marts.customer_features set city = 'O''Brien' where customer_id = 'c2'")
    conn.execute("update marts.customer_features set city = 'OBrien' where customer_id = 'c1'")
    assert members(conn, compare("city", "eq", "O'Brien")) == {"c2"}
    assert members(conn, compare("city", "in", ["O'Brien", "x'y"])) == {"c2"}
    assert members(conn, compare("city", "contains", "'b")) == {"c2"}


def test_every_field_relation_needs_a_customer_id(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute("create table segments.keyless as select 1 as loyalty_score")
    with pytest.raises(RelationError, match=r"'segments\.keyless' has no column 'customer_id'"):
        rule_members(
            conn, rules_of(x={"consent": "email"}), AS_OF, [("features", FEATURES), ("k", "segments.keyless")]
        )
