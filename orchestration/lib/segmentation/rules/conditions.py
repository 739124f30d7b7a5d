"""The condition tree of a rule as pydantic models: structure only, before any column is known.

Everything a marketer can get wrong without looking at the data is caught here
(unknown keys and operators, missing values, bad day counts and channels), so
`load_rules` fails on the file alone. Fields and value types are checked later
against the real columns by `validate_against`. Each model turns itself into the
plain tree of `model` with `to_condition`, which is where the paths are given.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictInt,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

from orchestration.lib.segmentation.rules.model import (
    CHANNELS,
    OPERATOR_SHAPES,
    AllOf,
    AnyOf,
    BoughtCategory,
    Comparison,
    Consent,
    Not,
)
from orchestration.lib.yaml_files import field_problem, problem

# Field names reach the SQL only after validation against the real columns, whose names must
# match it too (relations.field_catalog); here it rejects obvious garbage early with a clear message.
FIELD_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SCALAR_TYPES = (str, int, float, date)  # bool is an int; datetime is a date
_BRANCH_KEYS = ("all", "any", "not", "bought_category", "consent")
TAGS = {key: f"<{key}>" for key in (*_BRANCH_KEYS, "comparison")}
"""The union tag of each kind of condition; pydantic puts them in error locations, the file has none."""
VALUE_MESSAGES = {
    "field": "field must be a column name (letters, digits, _), got {got}",
    "op": f"unknown operator {{got}} (expected one of {', '.join(OPERATOR_SHAPES)})",
    "all": "all must be a non-empty list of conditions, got {got}",
    "any": "any must be a non-empty list of conditions, got {got}",
    "bought_category": "bought_category must be a mapping with categories and within_days, got {got}",
    "within_days": "within_days must be a whole number of days above 0, got {got}",
    "consent": f"unknown channel {{got}} (expected one of {', '.join(CHANNELS)})",
}
"""The message for a value of each key of a condition that pydantic's types or constraints refuse."""


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ComparisonNode(_Node):
    """`field op value`; whether `value` fits `op` is checked here, whether it fits the column later."""

    field: Annotated[str, StringConstraints(strict=True, pattern=f"^{FIELD_PATTERN.pattern}$")]
    op: Literal[tuple(OPERATOR_SHAPES)]
    value: Any = None

    @model_validator(mode="after")
    def _value_fits_operator(self) -> ComparisonNode:
        shape = OPERATOR_SHAPES[self.op]
        if shape == "none":
            if "value" in self.model_fields_set:
                raise problem(f"operator {self.op!r} takes no value")
            return self
        if "value" not in self.model_fields_set:
            raise problem(f"operator {self.op!r} needs a value")
        if shape == "scalar":
            self._check_scalar(self.value)
            return self
        if not isinstance(self.value, list) or not self.value or (shape == "pair" and len(self.value) != 2):
            expected = "a list [low, high]" if shape == "pair" else "a non-empty list"
            raise problem(f"operator {self.op!r} needs {expected} as value, got {self.value!r}")
        for item in self.value:
            self._check_scalar(item)
        return self

    def _check_scalar(self, value: object) -> None:
        if value is None:
            raise problem(f"operator {self.op!r} got an empty value; use is_null to test for a missing one")
        if not isinstance(value, _SCALAR_TYPES):
            expected = "a text, number, date or true/false value"
            raise problem(f"operator {self.op!r} needs {expected}, got {value!r}")

    def to_condition(self, path: str) -> Comparison:
        value = tuple(self.value) if isinstance(self.value, list) else self.value
        return Comparison(self.field, self.op, value, path)


class AllNode(_Node):
    all: list[ConditionNode] = Field(min_length=1)

    def to_condition(self, path: str) -> AllOf:
        where = f"{path}.all"
        return AllOf(tuple(child.to_condition(f"{where}[{i}]") for i, child in enumerate(self.all)), where)


class AnyNode(_Node):
    any: list[ConditionNode] = Field(min_length=1)

    def to_condition(self, path: str) -> AnyOf:
        where = f"{path}.any"
        return AnyOf(tuple(child.to_condition(f"{where}[{i}]") for i, child in enumerate(self.any)), where)


class NotNode(_Node):
    negated: ConditionNode = Field(alias="not")

    def to_condition(self, path: str) -> Not:
        return Not(self.negated.to_condition(f"{path}.not"), f"{path}.not")


class BoughtCategoryBody(_Node):
    """`categories` (one name or a list) and `within_days` of a bought_category condition."""

    categories: tuple[str, ...]
    within_days: StrictInt = Field(gt=0)

    @field_validator("categories", mode="before")
    @classmethod
    def _names(cls, categories: object) -> object:
        if isinstance(categories, str):
            categories = [categories]
        if not isinstance(categories, list) or not categories:
            raise field_problem(f"categories must be a non-empty list of names, got {categories!r}")
        if not all(isinstance(category, str) and category for category in categories):
            raise field_problem(f"every category must be non-empty text, got {categories!r}")
        return categories


class BoughtCategoryNode(_Node):
    bought_category: BoughtCategoryBody

    def to_condition(self, path: str) -> BoughtCategory:
        body = self.bought_category
        return BoughtCategory(body.categories, body.within_days, f"{path}.bought_category")


class ConsentNode(_Node):
    consent: Literal[tuple(CHANNELS)]

    def to_condition(self, path: str) -> Consent:
        return Consent(self.consent, f"{path}.consent")


def _kind(node: object) -> str | None:
    """The tag of a condition mapping: a comparison or its one key; None when it is neither."""
    if not isinstance(node, dict) or not node:
        return None
    if "field" in node or "op" in node:
        return TAGS["comparison"]
    if len(node) != 1:
        return None
    return TAGS.get(next(iter(node)))


def shape_problem(node: object) -> str:
    """Why `node` is not a condition at all (`_kind` found no tag)."""
    if not isinstance(node, dict) or not node:
        return f"expected a condition mapping, got {node!r}"
    if len(node) != 1:
        return f"expected exactly one of {', '.join(_BRANCH_KEYS)}; got {list(node)!r}"
    known = ", ".join(_BRANCH_KEYS)
    return f"unknown condition {next(iter(node))!r} (expected {known}, or field/op/value)"


ConditionNode = Annotated[
    Annotated[ComparisonNode, Tag(TAGS["comparison"])]
    | Annotated[AllNode, Tag(TAGS["all"])]
    | Annotated[AnyNode, Tag(TAGS["any"])]
    | Annotated[NotNode, Tag(TAGS["not"])]
    | Annotated[BoughtCategoryNode, Tag(TAGS["bought_category"])]
    | Annotated[ConsentNode, Tag(TAGS["consent"])],
    Discriminator(_kind),
]
"""A condition mapping: a comparison or exactly one of all/any/not/bought_category/consent."""

for _model in (AllNode, AnyNode, NotNode):
    _model.model_rebuild()

KNOWN_KEYS = {
    TAGS["comparison"]: tuple(ComparisonNode.model_fields),
    "bought_category": tuple(BoughtCategoryBody.model_fields),
}
"""The keys of the condition mappings an unknown key can be written in, by what holds them
(all/any/not/consent take one key, so an extra one there makes the kind unknown instead)."""
