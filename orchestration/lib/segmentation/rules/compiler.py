"""Turning validated rules into SQL predicates for dbt model rule_segments (var `segment_rules`).

dbt renders SQL text; it cannot bind parameters. So the text is assembled only from fixed
keywords, from fields that validation found among the real columns (plain identifiers
qualified by their relation's alias, relations.FieldCatalog) and from literals rendered from
the validated Python value: text in single quotes with embedded quotes doubled, numbers from
the int or finite float itself, dates and timestamps from their ISO form inside a quoted
cast, booleans as keywords. No rule text can change the shape of the query, however hostile.
The rules are validated against DuckDB's column types, but the SQL is what DuckDB and Spark
SQL (Databricks) share, so the same var builds rule_segments on either (`make test-spark`).

Nulls: a comparison on a null field counts as false, so the member is `out`. Each
comparison is wrapped in `coalesce(..., false)` for this, which also makes `not` the plain
opposite: `not: {field: country, op: eq, value: DE}` includes members whose country is
unknown, while `{field: country, op: ne, value: DE}` does not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime

from orchestration.lib.segmentation.rules.field_types import coerce_value, column_kind
from orchestration.lib.segmentation.rules.model import (
    AllOf,
    AnyOf,
    BoughtCategory,
    Comparison,
    Condition,
    Consent,
    Not,
    RuleError,
    SegmentRule,
)
from orchestration.lib.segmentation.rules.parsing import NAME_PATTERN
from orchestration.lib.segmentation.rules.relations import CATEGORIES_ALIAS, FieldCatalog
from orchestration.lib.segmentation.rules.validation import validate_against
from orchestration.lib.sql import quote_literal

_COMPARATORS = {"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


@dataclass(frozen=True)
class CompiledRule:
    """A boolean SQL expression over one member's fields (see relations.FIELD_RELATIONS).

    Rules using bought_category also read `rule_categories` (customer_id, product_category,
    days_since_purchase), which rule_segments.sql defines.
    """

    name: str
    predicate: str


def compile_rules(rules: Sequence[SegmentRule], catalog: FieldCatalog) -> list[CompiledRule]:
    """Validate every rule against `catalog` (all problems at once), then compile each."""
    validate_against(rules, catalog.types)
    return [CompiledRule(rule.name, _compile(rule.condition, catalog)) for rule in rules]


def rules_var(compiled: Sequence[CompiledRule]) -> list[dict[str, str]]:
    """The compiled rules as dbt var `segment_rules`: [{name, predicate}] in file order.

    The names become SQL literals and column values in dbt, so a rule built in code rather than
    parsed from a file is held to the file's name pattern here as well.
    """
    odd = [rule.name for rule in compiled if not NAME_PATTERN.fullmatch(rule.name)]
    if odd:
        raise RuleError([f"rule name {name!r} must be a lowercase identifier" for name in odd])
    return [asdict(rule) for rule in compiled]


def sql_literal(value: object) -> str:
    """A SQL literal of a value `coerce_value` returned (text, number, date, timestamp, boolean)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r} as a SQL number")
        return f"cast({float(value)!r} as double)"
    if isinstance(value, datetime):
        kind = "timestamp with time zone" if value.tzinfo else "timestamp"
        return f"cast({quote_literal(value.isoformat(sep=' '))} as {kind})"
    if isinstance(value, date):
        return f"cast({quote_literal(value.isoformat())} as date)"
    if isinstance(value, str):
        return quote_literal(value)
    raise TypeError(f"no SQL literal for {type(value).__name__} {value!r}")


def _compile(condition: Condition, catalog: FieldCatalog) -> str:
    if isinstance(condition, AllOf | AnyOf):
        joiner = " and " if isinstance(condition, AllOf) else " or "
        return "(" + joiner.join(_compile(child, catalog) for child in condition.conditions) + ")"
    if isinstance(condition, Not):
        return "(not " + _compile(condition.condition, catalog) + ")"
    if isinstance(condition, Comparison):
        return "coalesce(" + _comparison(condition, catalog) + ", false)"
    if isinstance(condition, Consent):
        given, unsubscribed, bounced = (catalog.column(name) for name in condition.columns)
        return (
            f"(coalesce({given}, false) and not coalesce({unsubscribed}, false)"
            f" and not coalesce({bounced}, false))"
        )
    return _bought_category(condition, catalog)


def _comparison(leaf: Comparison, catalog: FieldCatalog) -> str:
    column = catalog.column(leaf.field)
    if leaf.op in ("is_null", "is_not_null"):
        return f"{column} is {'not ' if leaf.op == 'is_not_null' else ''}null"
    kind = column_kind(catalog.types[leaf.field])
    values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
    literals = [sql_literal(coerce_value(value, kind)) for value in values]
    if leaf.op == "between":
        return f"{column} between {literals[0]} and {literals[1]}"
    if leaf.op in ("in", "not_in"):
        keyword = "in" if leaf.op == "in" else "not in"
        return f"{column} {keyword} ({', '.join(literals)})"
    if leaf.op == "contains":
        return f"contains(lower({column}), lower({literals[0]}))"
    return f"{column} {_COMPARATORS[leaf.op]} {literals[0]}"


def _bought_category(leaf: BoughtCategory, catalog: FieldCatalog) -> str:
    categories = ", ".join(sql_literal(category) for category in leaf.categories)
    return (
        f"exists (select 1 from {CATEGORIES_ALIAS}"
        f" where {CATEGORIES_ALIAS}.customer_id = {catalog.column('customer_id')}"
        f" and {CATEGORIES_ALIAS}.product_category in ({categories})"
        f" and {CATEGORIES_ALIAS}.days_since_purchase < {sql_literal(leaf.within_days)})"
    )
