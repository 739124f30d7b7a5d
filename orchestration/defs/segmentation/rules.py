"""Rule-based segments that marketers write in LOYALTY_SEGMENT_RULES (default `segments.yml`)."""

import dagster as dg

from orchestration.defs.as_of import run_as_of
from orchestration.defs.failures import permanent_failures
from orchestration.defs.resources import LandingResource, MarketingFilesResource, WarehouseResource
from orchestration.defs.segments_schema import (
    FEATURES,
    segment_asset,
    segments_key,
)
from orchestration.defs.transform.dbt_models import CATEGORY_PURCHASES, CUSTOMER_FEATURES
from orchestration.lib.segmentation.rules import RelationError, RuleError, load_rules, write_rule_memberships

CATEGORY_RELATION = "intermediate.int_order_lines_aggregated_to_customer_categories"
DERIVED_RELATIONS = ("segments.customer_scores", "segments.customer_segments")


@segment_asset(
    deps=[
        CUSTOMER_FEATURES,
        CATEGORY_PURCHASES,
        segments_key("customer_scores"),
        segments_key("customer_segments"),
    ],
    group_name="segmentation",
)
def rule_segments(
    context: dg.AssetExecutionContext,
    landing: LandingResource,
    marketing_files: MarketingFilesResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """Members in (`in`) or out of (`out`) every rule of the segment rules file: conditions over
    customer features, scores and segments combined with all/any/not, category purchases within
    N days and channel consent. Rules are validated against the warehouse columns and compiled to
    SQL with every value bound, never pasted."""
    path = marketing_files.segment_rules_file()
    with permanent_failures(RuleError):
        rules = load_rules(path)
    as_of = run_as_of(context, landing, warehouse)
    with warehouse.connect() as conn, permanent_failures(RuleError, RelationError):
        counts = write_rule_memberships(
            conn,
            "segments.rule_segments",
            rules,
            FEATURES,
            as_of,
            CATEGORY_RELATION,
            DERIVED_RELATIONS,
        )
    context.log.info(f"{len(rules)} rule segments from {path}")
    return dg.MaterializeResult(
        metadata={
            "rules_file": dg.MetadataValue.path(str(path)),
            "dagster/row_count": counts.customers * len(rules),
            "members_per_rule": dg.MetadataValue.json(counts.member_counts),
        }
    )
