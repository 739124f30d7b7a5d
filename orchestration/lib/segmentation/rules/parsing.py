"""Reading a rules file (LOYALTY_SEGMENT_RULES) into `SegmentRule`s, checking its structure.

A path that does not exist is an error naming it, never "no rules": a typo in
LOYALTY_SEGMENT_RULES must not silently drop every rule-based segment. The
repository ships `segments.yml`, so the default always exists; a file with
`segments: []` is how to run without rule-based segments.
"""

from __future__ import annotations

import re
from pathlib import Path

from orchestration.lib.segmentation.rules.conditions import InvalidCondition, parse_condition
from orchestration.lib.segmentation.rules.model import RuleError, SegmentRule
from orchestration.lib.yaml_files import YamlFileError, read_strict_yaml

NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,62}")
_RULE_KEYS = ("name", "description", "conditions")


def load_rules(path: Path) -> list[SegmentRule]:
    """Read and structurally check the rules file at `path`; raise `RuleError` naming every problem."""
    try:
        document = read_strict_yaml(path, "segment rules file", "LOYALTY_SEGMENT_RULES")
    except YamlFileError as error:
        raise RuleError([str(error)]) from error
    return parse_rules(document, source=str(path))


def parse_rules(document: object, source: str = "<rules>") -> list[SegmentRule]:
    """Check an already-loaded YAML document; `source` names it in error messages."""
    if not isinstance(document, dict) or list(document) != ["segments"]:
        raise RuleError([f"{source}: expected exactly one top-level key 'segments' holding a list of rules"])
    items = document["segments"]
    if not isinstance(items, list):
        raise RuleError([f"{source}: 'segments' must be a list of rules (use [] for none)"])
    rules: list[SegmentRule] = []
    problems: list[str] = []
    for index, item in enumerate(items):
        try:
            rules.append(_parse_rule(item, index, source))
        except RuleError as error:
            problems.extend(error.problems)
    problems.extend(_duplicate_names(rules))
    if problems:
        raise RuleError(problems)
    return rules


def _parse_rule(item: object, index: int, source: str) -> SegmentRule:
    where = f"{source}: segments[{index}]"
    if not isinstance(item, dict):
        raise RuleError([f"{where}: expected a rule with name, description and conditions"])
    name = item.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise RuleError(
            [f"{where}: name {name!r} must be a lowercase identifier matching {NAME_PATTERN.pattern}"]
        )
    where = f"{source}: rule {name!r}"
    unknown = [key for key in item if key not in _RULE_KEYS]
    if unknown:
        raise RuleError([f"{where}: unknown key {unknown[0]!r} (expected {', '.join(_RULE_KEYS)})"])
    description = item.get("description", "")
    if not isinstance(description, str):
        raise RuleError([f"{where}: description must be text, got {description!r}"])
    if "conditions" not in item:
        raise RuleError([f"{where}: missing conditions"])
    try:
        condition = parse_condition(item["conditions"], "conditions")
    except InvalidCondition as error:
        raise RuleError([f"{where}, {error.path}: {error.message}"]) from error
    return SegmentRule(name=name, description=description.strip(), condition=condition, source=source)


def _duplicate_names(rules: list[SegmentRule]) -> list[str]:
    seen: set[str] = set()
    problems = []
    for rule in rules:
        if rule.name in seen:
            problems.append(f"{rule.source}: rule {rule.name!r}: duplicate name (each rule needs its own)")
        seen.add(rule.name)
    return problems
