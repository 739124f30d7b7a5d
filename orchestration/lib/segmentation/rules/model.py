"""The parsed form of a rules file: plain frozen dataclasses, free of YAML and SQL.

Parsing, validation and compilation each walk this tree, so it is the one place
that says which conditions exist. Every node keeps `path` (for example
`conditions.all[2]`) so an error can point a marketer at the line they wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.lib.raw_schema import CONTACT_CHANNELS

CHANNELS = CONTACT_CHANNELS
"""The channels a `consent` condition may name: the contract's contact channels."""

# operator -> shape of its `value`: one scalar, a [lo, hi] pair, a list, or none at all
OPERATOR_SHAPES: dict[str, str] = {
    "eq": "scalar",
    "ne": "scalar",
    "gt": "scalar",
    "gte": "scalar",
    "lt": "scalar",
    "lte": "scalar",
    "between": "pair",
    "in": "list",
    "not_in": "list",
    "is_null": "none",
    "is_not_null": "none",
    "contains": "scalar",
}


class RuleError(ValueError):
    """A rules file cannot be used; the message names the file, the rule and every problem found.

    Marketers fix rules in batches, so all problems found are reported at once
    (one per line) rather than only the first.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def __reduce__(self) -> tuple[type[RuleError], tuple[list[str]]]:
        # rebuilt from the problem list, so the error survives pickling between processes
        return (type(self), (self.problems,))


@dataclass(frozen=True)
class Comparison:
    """`field op value`; `value` is None for is_null/is_not_null and a tuple for pair/list operators."""

    field: str
    op: str
    value: object
    path: str


@dataclass(frozen=True)
class BoughtCategory:
    """A completed purchase in one of `categories` in the `within_days` days ending on the as-of date."""

    categories: tuple[str, ...]
    within_days: int
    path: str


@dataclass(frozen=True)
class Consent:
    """Contactable on `channel`: consent given, not unsubscribed and not bounced."""

    channel: str
    path: str

    @property
    def columns(self) -> tuple[str, str, str]:
        """The feature columns consent reads: given, unsubscribed and bounced (docs/contract.md §2)."""
        return (
            f"has_{self.channel}_consent",
            f"is_unsubscribed_{self.channel}",
            f"has_bounced_{self.channel}",
        )


@dataclass(frozen=True)
class AllOf:
    conditions: tuple[Condition, ...]
    path: str


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Condition, ...]
    path: str


@dataclass(frozen=True)
class Not:
    condition: Condition
    path: str


Condition = Comparison | BoughtCategory | Consent | AllOf | AnyOf | Not


@dataclass(frozen=True)
class SegmentRule:
    """One rule-based segment: the family `rule:<name>` with segments `in` and `out`."""

    name: str
    description: str
    condition: Condition
    source: str

    def problem(self, path: str, message: str) -> str:
        """Format a problem so it names the file, the rule and where in the rule it is."""
        return f"{self.source}: rule {self.name!r}, {path}: {message}"


def leaves(condition: Condition) -> list[Comparison | BoughtCategory | Consent]:
    """The leaf conditions of a tree, in the order they were written."""
    if isinstance(condition, AllOf | AnyOf):
        return [leaf for child in condition.conditions for leaf in leaves(child)]
    if isinstance(condition, Not):
        return leaves(condition.condition)
    return [condition]
