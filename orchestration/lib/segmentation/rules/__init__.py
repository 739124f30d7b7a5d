"""Marketer-written rule-based segments (LOYALTY_SEGMENT_RULES, default `segments.yml`).

The flow a caller (the Dagster asset) follows:

    rules = load_rules(settings.segment_rules)            # structure, names; RuleError on problems
    result = evaluate_rules(conn, rules, "marts.customer_features", as_of,
                            "intermediate.int_order_lines_aggregated_to_customer_categories",
                            extra_relations=["segments.customer_scores"])
    result.memberships   # customer_id, rule_name, segment_family 'rule:<name>', segment 'in'/'out'
    result.member_counts # {rule name: customers in it}, for asset metadata

`evaluate_rules` reads the relations' columns at run time, validates every rule
against them (`validate_against`) and runs one query built by `compile_rule`,
whose SQL holds only quoted, validated column names and bound values. The file
format is documented in `segments.yml` at the repository root.
"""

from orchestration.lib.segmentation.rules.compiler import CompiledRule, compile_rule
from orchestration.lib.segmentation.rules.evaluation import (
    RuleCounts,
    RuleEvaluation,
    evaluate_rules,
    membership_query,
    write_rule_memberships,
)
from orchestration.lib.segmentation.rules.model import CHANNELS, RuleError, SegmentRule
from orchestration.lib.segmentation.rules.parsing import load_rules, parse_rules
from orchestration.lib.segmentation.rules.relations import RelationError, describe_columns, field_frame
from orchestration.lib.segmentation.rules.validation import validate_against

__all__ = [
    "CHANNELS",
    "CompiledRule",
    "RelationError",
    "RuleCounts",
    "RuleError",
    "RuleEvaluation",
    "SegmentRule",
    "compile_rule",
    "describe_columns",
    "evaluate_rules",
    "field_frame",
    "load_rules",
    "membership_query",
    "parse_rules",
    "validate_against",
    "write_rule_memberships",
]
