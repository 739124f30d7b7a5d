"""Checking parsed rules against the columns the warehouse actually has.

Runs before any SQL is built: every field must be a real column (this is what
lets the compiler write it as a plain identifier) and every value must fit the
column's type, so a rule fails with a message a marketer can act on instead of
a DuckDB error or, worse, a silently empty segment.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from orchestration.lib.segmentation.rules.field_types import (
    ORDERED_KINDS,
    ValueMismatch,
    coerce_value,
    column_kind,
)
from orchestration.lib.segmentation.rules.model import (
    Comparison,
    Consent,
    RuleError,
    SegmentRule,
    leaves,
)

_ORDERING_OPERATORS = {"gt", "gte", "lt", "lte", "between"}


def validate_against(rules: Iterable[SegmentRule], columns: Mapping[str, str]) -> None:
    """Raise `RuleError` listing every unknown field and misfit value; `columns` maps name to DuckDB type."""
    problems: dict[tuple[str, str], str] = {}
    for rule in rules:
        for leaf in leaves(rule.condition):
            for message in _leaf_problems(leaf, columns):
                # a field misspelt in several places of one rule is reported once, at the first
                problems.setdefault((rule.name, message), rule.problem(leaf.path, message))
    if problems:
        raise RuleError(list(problems.values()))


def _leaf_problems(leaf: object, columns: Mapping[str, str]) -> list[str]:
    """Problems of one leaf condition; bought_category reads its own relation, checked at evaluation."""
    if isinstance(leaf, Comparison):
        return _comparison_problems(leaf, columns)
    if isinstance(leaf, Consent):
        return _consent_problems(leaf, columns)
    return []


def _consent_problems(leaf: Consent, columns: Mapping[str, str]) -> list[str]:
    prefix = f"consent: {leaf.channel} needs"
    problems: list[str] = []
    for column in leaf.columns:
        missing = _field_problems(column, columns, prefix)
        problems += missing or _kind_problems(column, columns, "boolean", prefix)
    return problems


def _comparison_problems(leaf: Comparison, columns: Mapping[str, str]) -> list[str]:
    unknown = _field_problems(leaf.field, columns, "unknown")
    if unknown:
        return unknown
    kind = column_kind(columns[leaf.field])
    if leaf.op in _ORDERING_OPERATORS and kind not in ORDERED_KINDS:
        return [f"operator {leaf.op!r} needs a number or date field; {leaf.field!r} is {kind}"]
    if leaf.op == "contains" and kind != "text":
        return [f"operator 'contains' needs a text field; {leaf.field!r} is {kind}"]
    if leaf.value is None:
        return []
    values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
    try:
        bound = [coerce_value(value, kind) for value in values]
    except ValueMismatch as error:
        return [f"field {leaf.field!r} ({columns[leaf.field]}) {error}"]
    if leaf.op == "between" and bound[0] > bound[1]:
        return [f"between needs [low, high] with low <= high, got {list(values)!r}"]
    return []


def _field_problems(field: str, columns: Mapping[str, str], prefix: str) -> list[str]:
    if field in columns:
        return []
    close = difflib.get_close_matches(field, list(columns), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return [f"{prefix} field {field!r}{hint}"]


def _kind_problems(field: str, columns: Mapping[str, str], kind: str, prefix: str) -> list[str]:
    actual = column_kind(columns[field])
    return [] if actual == kind else [f"{prefix} field {field!r} to be {kind}, it is {actual}"]
