"""Hostile rule text can neither change the SQL nor touch other tables: refused, or quoted and matched."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import duckdb
import pytest

from orchestration.lib.segmentation.rules import (
    RelationError,
    RuleError,
    SegmentRule,
    compile_rules,
    field_catalog,
    parse_rules,
    rules_var,
)
from orchestration.lib.segmentation.rules.model import Comparison
from orchestration.lib.sql import quote_identifier, quote_literal
from tests.lib.segmentation.rule_sql import rule_members

AS_OF = date(2024, 6, 30)
FEATURES = "marts.customer_features"
FIELDS = [("features", FEATURES)]
HOSTILE = [
    "'; drop table marts.customer_features; --",
    '") or 1=1 --',
    "x' or '1'='1",
    "Robert'); DROP TABLE segments.canary;--",
    '"; select * from duckdb_tables(); --',
    "? or ?",
    "\\'; --",
    "a;b\n--c",
]
WEIRD_COLUMN = 'odd"; drop table segments.canary; --'
TABLES = {("intermediate", "customer_categories"), ("marts", "customer_features"), ("segments", "canary")}


@pytest.fixture
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    """Customer h<i> has the hostile text i as its country and as a category it bought; c0 is plain."""
    connection = duckdb.connect()
    connection.execute("create schema marts; create schema intermediate; create schema segments")
    connection.execute("create table segments.canary as select 1 as alive")
    connection.execute(
        "create table marts.customer_features (customer_id varchar, country varchar, signup_date date,"
        f" {quote_identifier(WEIRD_COLUMN)} varchar)"
    )
    connection.execute(
        "create table intermediate.customer_categories"
        " (customer_id varchar, product_category varchar, last_purchase_date date)"
    )
    rows = [("c0", "DE", "x")] + [(f"h{index}", text, text) for index, text in enumerate(HOSTILE)]
    connection.executemany("insert into marts.customer_features values (?, ?, date '2020-01-01', ?)", rows)
    connection.executemany(
        "insert into intermediate.customer_categories values (?, ?, date '2024-06-29')",
        [(customer, category) for customer, category, _ in rows],
    )
    yield connection
    connection.close()


def tables(conn: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    rows = conn.execute("select schema_name, table_name from duckdb_tables()").fetchall()
    return set(rows)


def members(conn: duckdb.DuckDBPyConnection, rules: list[SegmentRule]) -> set[tuple[str, str]]:
    found = rule_members(conn, rules, AS_OF, FIELDS)
    return {(name, customer) for name, customers in found.items() for customer in customers}


def rule(condition: object, name: str = "probe") -> list[SegmentRule]:
    return parse_rules({"segments": [{"name": name, "conditions": condition}]})


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_hostile_values_are_quoted_and_match_literally(conn: duckdb.DuckDBPyConnection, index: int) -> None:
    text = HOSTILE[index]
    for condition in [
        {"field": "country", "op": "eq", "value": text},
        {"field": "country", "op": "in", "value": ["nowhere", text]},
        {"field": "country", "op": "contains", "value": text},
        {"bought_category": {"categories": [text], "within_days": 7}},
    ]:
        (parsed,) = rule(condition)
        (compiled,) = compile_rules([parsed], field_catalog(conn, FIELDS))
        # the text appears only as one quoted literal: taken out, nothing of it is left
        assert quote_literal(text) in compiled.predicate
        assert text not in compiled.predicate.replace(quote_literal(text), "''")
        assert members(conn, [parsed]) == {("probe", f"h{index}")}, condition
    assert tables(conn) == TABLES


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_names_and_fields_are_refused(text: str) -> None:
    with pytest.raises(RuleError, match="lowercase identifier"):
        rule({"consent": "email"}, name=text)
    with pytest.raises(RuleError, match="field must be a column name"):
        rule({"field": text, "op": "is_null"})
    with pytest.raises(RuleError, match="unknown channel"):
        rule({"consent": text})
    with pytest.raises(RuleError, match="unknown operator"):
        rule({"field": "country", "op": text, "value": "DE"})


@pytest.mark.parametrize("text", HOSTILE)
def test_rules_built_in_code_cannot_inject_either(conn: duckdb.DuckDBPyConnection, text: str) -> None:
    """Bypassing the parser: an unknown field is refused, and so is a hostile rule name for dbt."""
    unknown_field = SegmentRule("probe", "", Comparison(text, "is_null", None, "conditions"), "code")
    with pytest.raises(RuleError, match="unknown field"):
        compile_rules([unknown_field], field_catalog(conn, FIELDS))
    odd_name = SegmentRule(text, "", Comparison("country", "eq", "DE", "conditions"), "code")
    with pytest.raises(RuleError, match="lowercase identifier"):
        rules_var(compile_rules([odd_name], field_catalog(conn, FIELDS)))
    assert tables(conn) == TABLES


def test_a_real_column_with_a_hostile_name_is_no_field(conn: duckdb.DuckDBPyConnection) -> None:
    odd = SegmentRule("odd", "", Comparison(WEIRD_COLUMN, "eq", "x", "conditions"), "code")
    with pytest.raises(RuleError, match="unknown field"):
        members(conn, [odd])
    assert WEIRD_COLUMN not in field_catalog(conn, FIELDS).types
    assert tables(conn) == TABLES


def test_hostile_dates_are_refused(conn: duckdb.DuckDBPyConnection) -> None:
    (parsed,) = rule(
        {"field": "signup_date", "op": "lt", "value": "2024-01-01'; drop table segments.canary; --"}
    )
    with pytest.raises(RuleError, match="expects a date"):
        compile_rules([parsed], field_catalog(conn, FIELDS))
    assert tables(conn) == TABLES


@pytest.mark.parametrize(
    "relation",
    ["marts.customer_features; drop table segments.canary", 'marts."customer_features"', "a.b.c.d", "x --"],
)
def test_hostile_relation_names_are_refused(conn: duckdb.DuckDBPyConnection, relation: str) -> None:
    with pytest.raises(RelationError, match="must look like"):
        field_catalog(conn, [("features", relation)])
    with pytest.raises(RelationError, match="must be a lowercase identifier"):
        field_catalog(conn, [(relation, FEATURES)])
    assert tables(conn) == TABLES
