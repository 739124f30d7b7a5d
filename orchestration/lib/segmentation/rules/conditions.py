"""Parsing one condition tree of a rule: structure only, before any column is known.

Everything a marketer can get wrong without looking at the data is caught here
(unknown keys and operators, missing values, bad day counts and channels), so
`load_rules` fails on the file alone. Fields and value types are checked later
against the real columns by `validate_against`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from orchestration.lib.segmentation.rules.model import (
    CHANNELS,
    OPERATOR_SHAPES,
    AllOf,
    AnyOf,
    BoughtCategory,
    Comparison,
    Condition,
    Consent,
    Not,
)

# Field names become quoted identifiers only after validation against the real
# columns; this pattern just rejects obvious garbage early with a clear message.
FIELD_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SCALAR_TYPES = (str, int, float, date)  # bool is an int; datetime is a date
_BRANCH_KEYS = ("all", "any", "not", "bought_category", "consent")


class InvalidCondition(ValueError):
    """A problem at `path` inside one rule; the rules parser adds the file and rule name."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def parse_condition(node: object, path: str) -> Condition:
    """Parse a condition mapping: a comparison or exactly one of all/any/not/bought_category/consent."""
    if not isinstance(node, dict) or not node:
        raise InvalidCondition(path, f"expected a condition mapping, got {node!r}")
    if "field" in node or "op" in node:
        return _comparison(node, path)
    if len(node) != 1:
        raise InvalidCondition(path, f"expected exactly one of {', '.join(_BRANCH_KEYS)}; got {list(node)!r}")
    ((key, body),) = node.items()
    parser = _BRANCHES.get(key) if isinstance(key, str) else None
    if parser is None:
        known = ", ".join(_BRANCH_KEYS)
        raise InvalidCondition(path, f"unknown condition {key!r} (expected {known}, or field/op/value)")
    return parser(body, f"{path}.{key}")


def _children(body: object, path: str) -> tuple[Condition, ...]:
    if not isinstance(body, list) or not body:
        raise InvalidCondition(path, "expected a non-empty list of conditions")
    return tuple(parse_condition(child, f"{path}[{index}]") for index, child in enumerate(body))


def _comparison(node: dict, path: str) -> Comparison:
    _reject_unknown_keys(node, ("field", "op", "value"), path)
    field, op = node.get("field"), node.get("op")
    if not isinstance(field, str) or not FIELD_PATTERN.fullmatch(field):
        raise InvalidCondition(path, f"field must be a column name (letters, digits, _), got {field!r}")
    if op not in OPERATOR_SHAPES:
        raise InvalidCondition(
            path, f"unknown operator {op!r} (expected one of {', '.join(OPERATOR_SHAPES)})"
        )
    return Comparison(field, op, _value(node, op, path), path)


def _value(node: dict, op: str, path: str) -> object:
    shape = OPERATOR_SHAPES[op]
    if shape == "none":
        if "value" in node:
            raise InvalidCondition(path, f"operator {op!r} takes no value")
        return None
    if "value" not in node:
        raise InvalidCondition(path, f"operator {op!r} needs a value")
    value = node["value"]
    if shape == "scalar":
        return _scalar(value, op, path)
    if not isinstance(value, list) or not value or (shape == "pair" and len(value) != 2):
        expected = "a list [low, high]" if shape == "pair" else "a non-empty list"
        raise InvalidCondition(path, f"operator {op!r} needs {expected} as value, got {value!r}")
    return tuple(_scalar(item, op, path) for item in value)


def _scalar(value: object, op: str, path: str) -> object:
    if value is None:
        raise InvalidCondition(
            path, f"operator {op!r} got an empty value; use is_null to test for a missing one"
        )
    if not isinstance(value, _SCALAR_TYPES):
        raise InvalidCondition(
            path, f"operator {op!r} needs a text, number, date or true/false value, got {value!r}"
        )
    return value


def _bought_category(body: object, path: str) -> BoughtCategory:
    if not isinstance(body, dict):
        raise InvalidCondition(path, "expected a mapping with categories and within_days")
    _reject_unknown_keys(body, ("categories", "within_days"), path)
    categories = body.get("categories")
    if isinstance(categories, str):
        categories = [categories]
    if not isinstance(categories, list) or not categories:
        raise InvalidCondition(path, f"categories must be a non-empty list of names, got {categories!r}")
    if not all(isinstance(category, str) and category for category in categories):
        raise InvalidCondition(path, f"every category must be non-empty text, got {categories!r}")
    days = body.get("within_days")
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        raise InvalidCondition(path, f"within_days must be a whole number of days above 0, got {days!r}")
    return BoughtCategory(tuple(categories), days, path)


def _consent(body: object, path: str) -> Consent:
    if body not in CHANNELS:
        raise InvalidCondition(path, f"unknown channel {body!r} (expected one of {', '.join(CHANNELS)})")
    return Consent(str(body), path)


def _reject_unknown_keys(node: dict, allowed: tuple[str, ...], path: str) -> None:
    unknown = [key for key in node if key not in allowed]
    if unknown:
        raise InvalidCondition(path, f"unknown key {unknown[0]!r} (expected {', '.join(allowed)})")


_BRANCHES: dict[str, Callable[[object, str], Condition]] = {
    "all": lambda body, path: AllOf(_children(body, path), path),
    "any": lambda body, path: AnyOf(_children(body, path), path),
    "not": lambda body, path: Not(parse_condition(body, path), path),
    "bought_category": _bought_category,
    "consent": _consent,
}
