"""Reading a rules file (LOYALTY_SEGMENT_RULES) into `SegmentRule`s, checking its structure.

A path that does not exist is an error naming it, never "no rules": a typo in
LOYALTY_SEGMENT_RULES must not silently drop every rule-based segment. The
repository ships `segments.yml`, so the default always exists; a file with
`segments: []` is how to run without rule-based segments.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StrictStr, StringConstraints, ValidationError

from orchestration.lib.segmentation.rules.conditions import (
    KNOWN_KEYS,
    TAGS,
    VALUE_MESSAGES,
    ConditionNode,
    shape_problem,
)
from orchestration.lib.segmentation.rules.model import RuleError, SegmentRule
from orchestration.lib.yaml_files import (
    YamlFileError,
    item_place,
    listed_items,
    read_strict_yaml,
    validation_problems,
)

NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,62}")
_VALUE_MESSAGES = {
    **VALUE_MESSAGES,
    "name": f"name {{got}} must be a lowercase identifier matching {NAME_PATTERN.pattern}",
    "description": "description must be text, got {got}",
}
# a condition whose kind cannot be told is worded from what was written
_BY_TYPE = {"union_tag_not_found": shape_problem}


class RulesFile(BaseModel):
    """The whole document: one key `segments`; each rule is checked on its own, so all are reported."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    segments: list[Any]


class RuleNode(BaseModel):
    """One rule as written: a lowercase name, an optional description and one condition tree."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, StringConstraints(strict=True, pattern=f"^{NAME_PATTERN.pattern}$")]
    description: StrictStr = ""
    conditions: ConditionNode


def load_rules(path: Path) -> list[SegmentRule]:
    """Read and structurally check the rules file at `path`; raise `RuleError` naming every problem."""
    try:
        document = read_strict_yaml(path, "segment rules file", "LOYALTY_SEGMENT_RULES")
    except YamlFileError as error:
        raise RuleError([str(error)]) from error
    return parse_rules(document, source=str(path))


def parse_rules(document: object, source: str = "<rules>") -> list[SegmentRule]:
    """Check an already-loaded YAML document; `source` names it in error messages."""
    items, problem = listed_items(document, RulesFile, "segments", "rules", source, "a list of rules")
    if problem:
        raise RuleError([problem])
    rules: list[SegmentRule] = []
    problems: list[str] = []
    for index, item in enumerate(items):
        try:
            rule = RuleNode.model_validate(item)
        except ValidationError as error:
            problems.extend(_rule_problems(error, item, index, source))
            continue
        rules.append(
            SegmentRule(
                name=rule.name,
                description=rule.description.strip(),
                condition=rule.conditions.to_condition("conditions"),
                source=source,
            )
        )
    problems.extend(_duplicate_names(rules))
    if problems:
        raise RuleError(problems)
    return rules


def _rule_problems(error: ValidationError, item: object, index: int, source: str) -> list[str]:
    """The problems of rule `index`, named by the rule's name when that name is itself valid."""
    if not isinstance(item, dict):
        return [f"{source}: segments[{index}]: expected a rule with name, description and conditions"]
    where = item_place(error, item, index, source, "rule", "segments")
    keys = {None: tuple(RuleNode.model_fields), **KNOWN_KEYS}
    return validation_problems(error, where, _VALUE_MESSAGES, TAGS.values(), _BY_TYPE, keys)


def _duplicate_names(rules: list[SegmentRule]) -> list[str]:
    seen: set[str] = set()
    problems = []
    for rule in rules:
        if rule.name in seen:
            problems.append(f"{rule.source}: rule {rule.name!r}: duplicate name (each rule needs its own)")
        seen.add(rule.name)
    return problems
