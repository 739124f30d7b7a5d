"""Marketer-written rule-based segments (LOYALTY_SEGMENT_RULES, default `segments.yml`).

The flow a caller (the Dagster step before dbt model rule_segments) follows:

    rules = load_rules(settings.segment_rules)     # structure, names; RuleError on problems
    catalog = field_catalog(conn)                  # the fields: columns of FIELD_RELATIONS now
    compiled = compile_rules(rules, catalog)       # validate_against, then one SQL predicate each
    rules_var(compiled)                            # dbt var segment_rules: [{name, predicate}]

Validation runs against the columns the warehouse reports at run time, and the predicates
hold only validated column names (plain identifiers) and quoted literals, in SQL that DuckDB
and Spark SQL share. dbt model
`models/assembled/rule_segments.sql` pairs every member with every rule. The file format is
documented in `segments.yml` at the repository root.
"""

from orchestration.lib.segmentation.rules.compiler import CompiledRule, compile_rules, rules_var, sql_literal
from orchestration.lib.segmentation.rules.model import CHANNELS, RuleError, SegmentRule
from orchestration.lib.segmentation.rules.parsing import load_rules, parse_rules
from orchestration.lib.segmentation.rules.relations import (
    CATEGORIES_ALIAS,
    FIELD_RELATIONS,
    FieldCatalog,
    RelationError,
    describe_columns,
    field_catalog,
)
from orchestration.lib.segmentation.rules.validation import validate_against

__all__ = [
    "CATEGORIES_ALIAS",
    "CHANNELS",
    "FIELD_RELATIONS",
    "CompiledRule",
    "FieldCatalog",
    "RelationError",
    "RuleError",
    "SegmentRule",
    "compile_rules",
    "describe_columns",
    "field_catalog",
    "load_rules",
    "parse_rules",
    "rules_var",
    "sql_literal",
    "validate_against",
]
