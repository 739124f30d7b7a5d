"""Rule segments: the rules file compiled into the dbt var that model rule_segments renders.

Where the rules enter dbt, and why it is safe: the dbt step building rule_segments (and what
reads it) reads LOYALTY_SEGMENT_RULES itself on every run, validates the rules against the
columns the warehouse holds at that moment (the assembled scores and segments included,
which is why it is a dbt selection of its own, after them) and passes the compiled
predicates as dbt var `segment_rules`. The var is the compiler's output by construction: a
run override of it is refused (lib/dbt_vars.NOT_OVERRIDABLE), so launchpad text never reaches
the SQL, and no generated file sits in the repository for anyone to edit.
"""

from typing import Any

import dagster as dg

from orchestration.defs.failures import permanent_failures
from orchestration.defs.resources import MarketingFilesResource, WarehouseResource
from orchestration.lib.dbt_vars import SEGMENT_RULES_VAR
from orchestration.lib.segmentation.rules import (
    RelationError,
    RuleError,
    compile_rules,
    field_catalog,
    load_rules,
    rules_var,
)


def compiled_rules(
    context: dg.AssetExecutionContext, marketing_files: MarketingFilesResource, warehouse: WarehouseResource
) -> dict[str, Any]:
    """The dbt var of the run's rules: the rules file, validated against the warehouse and
    compiled. A faulty rules file fails the same way on a retry, so it is not retried."""
    path = marketing_files.segment_rules_file()
    with permanent_failures(RuleError, RelationError):
        rules = load_rules(path)
        with warehouse.connect(read_only=True) as conn:
            catalog = field_catalog(conn)
        compiled = compile_rules(rules, catalog)
    context.log.info(f"{len(compiled)} rule segments from {path}")
    return {SEGMENT_RULES_VAR: rules_var(compiled)}
