"""Turning one validated rule into a SQL predicate with bound parameters.

The SQL text is assembled only from fixed keywords and from column names that
validation found among the real columns (and then quoted); every value written
by a marketer, dates and category names included, becomes a `?` parameter. So
no rule text can change the shape of the query, however hostile.

Nulls: a comparison on a null field counts as false, so the member is `out`.
Each comparison is wrapped in `coalesce(..., false)` for this, which also makes
`not` the plain opposite: `not: {field: country, op: eq, value: DE}` includes
members whose country is unknown, while `{field: country, op: ne, value: DE}`
does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from orchestration.lib.segmentation.rules.field_types import coerce_value, column_kind
from orchestration.lib.segmentation.rules.model import (
    AllOf,
    AnyOf,
    BoughtCategory,
    Comparison,
    Condition,
    Consent,
    Not,
    SegmentRule,
)
from orchestration.lib.segmentation.rules.validation import validate_against
from orchestration.lib.sql import quote_identifier

FIELDS_ALIAS = "rule_fields"
CATEGORIES_ALIAS = "rule_categories"
_COMPARATORS = {"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


@dataclass(frozen=True)
class CompiledRule:
    """A boolean SQL expression over the row `rule_fields` (one customer with all fields).

    Rules using bought_category also read `rule_categories` (customer_id,
    product_category, days_since_purchase), which the evaluation query defines.
    `params` bind the `?` placeholders in order.
    """

    name: str
    sql_predicate: str
    params: tuple[object, ...]


def compile_rule(rule: SegmentRule, columns: Mapping[str, str]) -> CompiledRule:
    """Validate `rule` against `columns` (name -> DuckDB type) and build its predicate."""
    validate_against([rule], columns)
    params: list[object] = []
    predicate = _compile(rule.condition, columns, params)
    return CompiledRule(rule.name, predicate, tuple(params))


def _compile(condition: Condition, columns: Mapping[str, str], params: list[object]) -> str:
    # Text is produced left to right, so params are appended in placeholder order.
    if isinstance(condition, AllOf | AnyOf):
        joiner = " and " if isinstance(condition, AllOf) else " or "
        return "(" + joiner.join(_compile(child, columns, params) for child in condition.conditions) + ")"
    if isinstance(condition, Not):
        return "(not " + _compile(condition.condition, columns, params) + ")"
    if isinstance(condition, Comparison):
        return "coalesce(" + _comparison(condition, columns, params) + ", false)"
    if isinstance(condition, Consent):
        given, unsubscribed, bounced = (_column(name) for name in condition.columns)
        return (
            f"(coalesce({given}, false) and not coalesce({unsubscribed}, false)"
            f" and not coalesce({bounced}, false))"
        )
    return _bought_category(condition, params)


def _comparison(leaf: Comparison, columns: Mapping[str, str], params: list[object]) -> str:
    column = _column(leaf.field)
    if leaf.op in ("is_null", "is_not_null"):
        return f"{column} is {'not ' if leaf.op == 'is_not_null' else ''}null"
    kind = column_kind(columns[leaf.field])
    values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
    params.extend(coerce_value(value, kind) for value in values)
    if leaf.op == "between":
        return f"{column} between ? and ?"
    if leaf.op in ("in", "not_in"):
        keyword = "in" if leaf.op == "in" else "not in"
        return f"{column} {keyword} ({_placeholders(len(values))})"
    if leaf.op == "contains":
        return f"contains(lower({column}), lower(?))"
    return f"{column} {_COMPARATORS[leaf.op]} ?"


def _bought_category(leaf: BoughtCategory, params: list[object]) -> str:
    params.extend(leaf.categories)
    params.append(leaf.within_days)
    return (
        f"exists (select 1 from {CATEGORIES_ALIAS}"
        f" where {CATEGORIES_ALIAS}.customer_id = {FIELDS_ALIAS}.customer_id"
        f" and {CATEGORIES_ALIAS}.product_category in ({_placeholders(len(leaf.categories))})"
        f" and {CATEGORIES_ALIAS}.days_since_purchase < ?)"
    )


def _column(name: str) -> str:
    return f"{FIELDS_ALIAS}.{quote_identifier(name)}"


def _placeholders(count: int) -> str:
    return ", ".join("?" * count)
