"""Compiled rules run in DuckDB the way dbt model rule_segments runs them, over hand-built tables.

The unit tests of the compiler check what a predicate means on real column types without a
dbt build: the same joins under the same aliases (FIELD_RELATIONS) and the same
`rule_categories` (days from the last purchase of a category to the as-of date).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb

from orchestration.lib.segmentation.rules import (
    CATEGORIES_ALIAS,
    FIELD_RELATIONS,
    SegmentRule,
    compile_rules,
    field_catalog,
    sql_literal,
)

CATEGORIES = "intermediate.customer_categories"


def rule_members(
    conn: duckdb.DuckDBPyConnection,
    rules: Sequence[SegmentRule],
    as_of: date,
    relations: Sequence[tuple[str, str]] = FIELD_RELATIONS,
    categories: str = CATEGORIES,
) -> dict[str, set[str]]:
    """Rule name -> the customers `in` it: validated and compiled against the tables of `conn`."""
    compiled = compile_rules(rules, field_catalog(conn, relations))
    (first, features), *others = relations
    joins = " ".join(
        f"left join {relation} as {alias} on {first}.customer_id = {alias}.customer_id"
        for alias, relation in others
    )
    categories_cte = (
        f"with {CATEGORIES_ALIAS} as (select customer_id, product_category,"
        f" date_diff('day', last_purchase_date, {sql_literal(as_of)}) as days_since_purchase"
        f" from {categories} where last_purchase_date <= {sql_literal(as_of)})"
    )
    return {
        rule.name: {
            customer
            for (customer,) in conn.execute(
                f"{categories_cte} select {first}.customer_id from {features} as {first} {joins}"
                f" where {rule.predicate}"
            ).fetchall()
        }
        for rule in compiled
    }
