"""Loading a rules file: structure errors name the file, the rule and the problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from orchestration.lib.segmentation.rules import RuleError, load_rules
from orchestration.lib.segmentation.rules.model import AllOf, BoughtCategory, Comparison, Consent, Not
from orchestration.lib.settings import REPO_ROOT

SHIPPED = REPO_ROOT / "segments.yml"
GOOD = {"field": "monetary", "op": "gte", "value": 500}


def write_rules(tmp_path: Path, rules: list[object]) -> Path:
    path = tmp_path / "rules.yml"
    path.write_text(yaml.safe_dump({"segments": rules}), encoding="utf-8")
    return path


def load_error(tmp_path: Path, rules: list[object]) -> str:
    """The RuleError message for `rules`, checked to name the file."""
    path = write_rules(tmp_path, rules)
    with pytest.raises(RuleError) as raised:
        load_rules(path)
    assert str(path) in str(raised.value)
    return str(raised.value)


def test_loads_the_tree_the_file_describes(tmp_path: Path) -> None:
    path = tmp_path / "rules.yml"
    path.write_text(
        "segments:\n"
        "  - name: lapsed\n"
        "    description: Lapsed big spenders\n"
        "    conditions:\n"
        "      all:\n"
        "        - {field: monetary, op: between, value: [500, 900]}\n"
        "        - not: {consent: sms}\n"
        "        - bought_category: {categories: outdoor, within_days: 30}\n",
        encoding="utf-8",
    )
    (rule,) = load_rules(path)
    assert (rule.name, rule.description, rule.source) == ("lapsed", "Lapsed big spenders", str(path))
    assert isinstance(rule.condition, AllOf)
    between, negated, bought = rule.condition.conditions
    assert between == Comparison("monetary", "between", (500, 900), "conditions.all[0]")
    assert negated == Not(Consent("sms", "conditions.all[1].not.consent"), "conditions.all[1].not")
    assert bought == BoughtCategory(("outdoor",), 30, "conditions.all[2].bought_category")


def test_shipped_rules_load() -> None:
    names = [rule.name for rule in load_rules(SHIPPED)]
    assert {"premium_recent_outdoor_de_fr", "lapsed_high_spenders_emailable", "close_to_next_tier"} <= set(
        names
    )
    assert all(rule.description for rule in load_rules(SHIPPED))


def test_empty_list_means_no_rules(tmp_path: Path) -> None:
    assert load_rules(write_rules(tmp_path, [])) == []


def test_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="not found") as raised:
        load_rules(tmp_path / "nope.yml")
    assert str(tmp_path / "nope.yml") in str(raised.value)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("segments: [\n", "not valid YAML"),
        ("segments:\n  - name: a\n    name: b\n    conditions: {consent: email}\n", "duplicate key 'name'"),
        ("", "top-level key 'segments'"),
        ("rules: []\n", "top-level key 'segments'"),
        ("segments: {}\n", "must be a list"),
    ],
)
def test_file_level_problems(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "rules.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match=problem) as raised:
        load_rules(path)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    "name", ["Bad", "1abc", "a-b", "a b", "", "x" * 64, 5, None, "rule'; drop table x; --"]
)
def test_bad_names_are_refused(tmp_path: Path, name: object) -> None:
    message = load_error(tmp_path, [{"name": name, "conditions": GOOD}])
    assert "segments[0]" in message and "lowercase identifier" in message


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    message = load_error(tmp_path, [{"name": "twice", "conditions": GOOD}] * 2)
    assert "rule 'twice'" in message and "duplicate name" in message


@pytest.mark.parametrize(
    ("conditions", "problem"),
    [
        ({"field": "monetary", "op": "gte"}, "operator 'gte' needs a value"),
        ({"field": "monetary", "op": "gte", "value": None}, "empty value; use is_null"),
        ({"field": "monetary", "op": "greater", "value": 1}, "unknown operator 'greater'"),
        ({"field": "monetary", "op": "is_null", "value": 1}, "operator 'is_null' takes no value"),
        (
            {"field": "monetary", "op": "eq", "value": 1, "unit": "EUR"},
            r"unknown key 'unit' \(expected field, op, value\)",
        ),
        ({"field": "money bags", "op": "eq", "value": 1}, "field must be a column name"),
        ({"op": "eq", "value": 1}, "missing field"),
        ({"field": "monetary", "op": "between", "value": [1]}, r"needs a list \[low, high\]"),
        ({"field": "country", "op": "in", "value": []}, "needs a non-empty list"),
        ({"field": "country", "op": "in", "value": "DE"}, "needs a non-empty list"),
        ({"field": "country", "op": "eq", "value": ["DE"]}, "needs a text, number, date"),
        ({"field": "country", "op": "in", "value": ["DE", None]}, "empty value"),
        ({"all": []}, r"\[1\]: all must be a non-empty list of conditions, got \[\]"),
        ({"any": GOOD}, r"\[1\]: any must be a non-empty list of conditions"),
        ({"not": [GOOD]}, r"\[1\]\.not: expected a condition mapping"),
        ({"all": [GOOD], "any": [GOOD]}, "expected exactly one of"),
        ({"every": [GOOD]}, "unknown condition 'every'"),
        ({"consent": "fax"}, "unknown channel 'fax'"),
        ({"not": {"any": [GOOD, {"consent": "fax"}]}}, r"\[1\]\.not\.any\[1\]: unknown channel 'fax'"),
        ({"any": [GOOD, {"all": [{"op": "lt"}]}]}, r"\[1\]\.any\[1\]\.all\[0\]: missing field"),
        ({"bought_category": {"categories": [], "within_days": 5}}, "categories must be a non-empty list"),
        ({"bought_category": {"categories": [""], "within_days": 5}}, "every category must be non-empty"),
        ({"bought_category": {"categories": ["toys"]}}, r"\.bought_category: missing within_days"),
        ({"bought_category": {"categories": ["toys"], "within_days": 0}}, "within_days must be"),
        ({"bought_category": {"categories": ["toys"], "within_days": -3}}, "within_days must be"),
        ({"bought_category": {"categories": ["toys"], "within_days": 1.5}}, "within_days must be"),
        ({"bought_category": {"categories": ["toys"], "within_days": "30"}}, "within_days must be"),
        ({"bought_category": {"categories": ["toys"], "within_days": True}}, "within_days must be"),
        (
            {"bought_category": {"categories": ["toys"], "within_days": 5, "since": 1}},
            r"bought_category: unknown key 'since' \(expected categories, within_days\)",
        ),
        ("monetary >= 500", "expected a condition mapping"),
    ],
)
def test_condition_problems_name_rule_place_and_problem(
    tmp_path: Path, conditions: object, problem: str
) -> None:
    message = load_error(tmp_path, [{"name": "probe", "conditions": {"all": [GOOD, conditions]}}])
    assert "rule 'probe', conditions.all[1]" in message
    assert re.search(problem, message), message


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ({"name": "probe"}, "rule 'probe': missing conditions"),
        (
            {"name": "probe", "conditions": GOOD, "owner": "crm"},
            "rule 'probe': unknown key 'owner' (expected name, description, conditions)",
        ),
        ({"name": "probe", "conditions": GOOD, "description": 5}, "rule 'probe': description must be text"),
        ("just text", "segments[0]: expected a rule"),
    ],
)
def test_rule_level_problems(tmp_path: Path, rule: object, problem: str) -> None:
    assert problem in load_error(tmp_path, [rule])


def test_every_broken_rule_is_reported_at_once(tmp_path: Path) -> None:
    message = load_error(
        tmp_path,
        [
            {"name": "one", "conditions": {"consent": "fax"}},
            {"name": "two", "conditions": GOOD},
            {"name": "three", "conditions": {"field": "x", "op": "nope", "value": 1}},
        ],
    )
    assert len(message.splitlines()) == 2
    assert "rule 'one'" in message and "rule 'three'" in message and "rule 'two'" not in message
