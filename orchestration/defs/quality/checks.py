"""Blocking Great Expectations checks on the raw tables, the feature mart and the segment tables.

Each check reads its suites' frames from the warehouse (the connection is
closed before GX runs), validates them and writes Data Docs into the run's own
folder under LOYALTY_QUALITY_DOCS_DIR, never into the serving folder. Being
blocking with ERROR severity, a failed check stops every downstream asset of
the run, so nothing is published.
"""

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import dagster as dg

from orchestration.defs.quality.results import check_result
from orchestration.defs.resources import WAREHOUSE_POOL, ServingResource, WarehouseResource
from orchestration.defs.segments_schema import segments_key
from orchestration.defs.transform.dbt_models import CUSTOMER_FEATURES
from orchestration.lib.quality.catalog import FrameError
from orchestration.lib.quality.docs import prune_run_docs, run_docs_root, write_overview
from orchestration.lib.quality.frames import read_frames
from orchestration.lib.quality.suites import SuiteError, SuiteSpec, load_suites
from orchestration.lib.quality.validation import validate_suites
from orchestration.lib.raw_schema import RAW_TABLES

CHECK_NAME = "meets_expectations"
FEATURE_SUITES = (
    "customer_features_grain",
    "customer_features_order_history",
    "customer_features_amounts",
    "customer_features_counts",
    "customer_features_order_rates",
    "customer_features_open_rates",
    "customer_features_click_rates",
    "customer_features_conversion_rates",
    "customer_features_consents",
)
RAW_SOURCE = "crm"


SUITES_BY_ASSET: Mapping[dg.AssetKey, tuple[str, ...]] = {
    **{dg.AssetKey([RAW_SOURCE, table.name]): (f"raw_{table.name}",) for table in RAW_TABLES},
    CUSTOMER_FEATURES: FEATURE_SUITES,
    segments_key("customer_segments"): ("customer_segments", "customer_segments_by_purchase"),
    segments_key("customer_scores"): ("customer_scores", "customer_scores_clv"),
    segments_key("segment_membership"): ("segment_membership_families", "segment_membership_segments"),
    segments_key("segment_summary"): ("segment_summary",),
    segments_key("clv_model_params"): ("clv_model_params",),
}
"""Which committed suites (expectations/*.json) guard which asset."""


def build_quality_check(asset_key: dg.AssetKey, suite_names: Sequence[str]) -> dg.AssetChecksDefinition:
    """A blocking check validating `asset_key`'s table against `suite_names`."""
    site = "__".join(asset_key.path)

    @dg.asset_check(
        asset=asset_key,
        name=CHECK_NAME,
        blocking=True,
        pool=WAREHOUSE_POOL,
        description=f"Great Expectations suite(s) {', '.join(suite_names)} (expectations/*.json) pass.",
    )
    def meets_expectations(
        context: dg.AssetCheckExecutionContext, serving: ServingResource, warehouse: WarehouseResource
    ) -> dg.AssetCheckResult:
        """Read the suites' frames (closing the warehouse before GX runs), validate, write Data Docs."""
        try:
            suites = named_suites(suite_names)
            with warehouse.connect() as conn:
                frames = read_frames(conn, suites)
        except (SuiteError, FrameError) as error:
            raise dg.Failure(
                f"quality check on {asset_key.to_user_string()}: {error}", allow_retries=False
            ) from error
        docs_dir = serving.quality_docs_folder()
        root = run_docs_root(docs_dir, context.run.run_id)
        outcome = validate_suites(suites, frames, docs_dir=root / site, today=datetime.now(UTC).date())
        write_overview(root, site, outcome)
        prune_run_docs(docs_dir, keep=context.run.run_id)
        context.log.info(outcome.summary())
        return check_result(outcome)

    return meets_expectations


def named_suites(names: Sequence[str]) -> list[SuiteSpec]:
    """The suites called `names`, read from expectations/ at run time so edits need no reload."""
    suites = load_suites()
    missing = [name for name in names if name not in suites]
    if missing:
        raise SuiteError(f"no suite named {missing} in expectations/ (known: {sorted(suites)})")
    return [suites[name] for name in names]


quality_checks: list[dg.AssetChecksDefinition] = [
    build_quality_check(asset_key, suite_names) for asset_key, suite_names in SUITES_BY_ASSET.items()
]
