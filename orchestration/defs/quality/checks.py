"""Blocking Great Expectations checks on the raw tables and on the tables BI reads, as published.

The published tables are checked as the dbt views of schema `published` hold them, the very
rows the publish step copies. The suites leave out what dbt tests already check (not_null,
unique, accepted_values in the models' YAML) and keep what dbt does not: the contract's column
set, row counts, cross-column and distribution rules.

Each check reads its suites' frames from the warehouse (the connection is closed before GX
runs), validates them and writes Data Docs into the run's own folder under
LOYALTY_QUALITY_DOCS_DIR, never into the serving folder. Being
blocking with ERROR severity, a failed check stops every downstream asset of
the run, so nothing is published.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import dagster as dg

from orchestration.defs.quality.results import check_result
from orchestration.defs.resources import WAREHOUSE_POOL, ServingResource, WarehouseResource
from orchestration.defs.transform.dbt_models import dbt_model
from orchestration.lib.quality.catalog import FrameError
from orchestration.lib.quality.docs import prune_run_docs, run_docs_root, write_overview
from orchestration.lib.quality.frames import read_frames
from orchestration.lib.quality.suites import SuiteError, SuiteSpec, load_suites
from orchestration.lib.quality.validation import validate_suites
from orchestration.lib.raw_schema import RAW_TABLES

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


@dataclass(frozen=True)
class QualityCheck:
    """A blocking check: the asset it guards, its name (a predicate that holds when it passes)
    and the committed suites (expectations/*.json) it runs."""

    asset_key: dg.AssetKey
    name: str
    suites: tuple[str, ...]


def published(table: str) -> dg.AssetKey:
    """The asset key of the dbt view `published_<table>`, the table BI reads."""
    return dbt_model(f"published_{table}")


QUALITY_CHECKS: tuple[QualityCheck, ...] = (
    *(
        QualityCheck(
            dg.AssetKey([RAW_SOURCE, table.name]),
            f"{table.name}_rows_follow_the_contract",
            (f"raw_{table.name}",),
        )
        for table in RAW_TABLES
    ),
    QualityCheck(published("customer_features"), "customer_features_follow_the_contract", FEATURE_SUITES),
    QualityCheck(
        published("customer_segments"),
        "customer_segments_cover_every_customer_consistently",
        ("customer_segments", "customer_segments_by_purchase"),
    ),
    QualityCheck(
        published("customer_scores"),
        "customer_scores_cover_every_customer_within_range",
        ("customer_scores", "customer_scores_clv"),
    ),
    QualityCheck(
        published("segment_membership"),
        "segment_membership_has_every_family_for_every_customer",
        ("segment_membership_families", "segment_membership_segments"),
    ),
    QualityCheck(published("segment_summary"), "segment_summary_shares_add_up", ("segment_summary",)),
    QualityCheck(
        published("clv_model_params"), "clv_model_params_are_complete_and_positive", ("clv_model_params",)
    ),
)
"""Which committed suites guard which asset, under which name."""


def build_quality_check(check: QualityCheck) -> dg.AssetChecksDefinition:
    """A blocking check validating `check.asset_key`'s table against its suites."""
    asset_key, suite_names = check.asset_key, check.suites
    site = "__".join(asset_key.path)

    @dg.asset_check(
        asset=asset_key,
        name=check.name,
        blocking=True,
        pool=WAREHOUSE_POOL,
        description=f"Great Expectations suite(s) {', '.join(suite_names)} (expectations/*.json) pass.",
    )
    def quality_check(
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

    return quality_check


def named_suites(names: Sequence[str]) -> list[SuiteSpec]:
    """The suites called `names`, read from expectations/ at run time so edits need no reload."""
    suites = load_suites()
    missing = [name for name in names if name not in suites]
    if missing:
        raise SuiteError(f"no suite named {missing} in expectations/ (known: {sorted(suites)})")
    return [suites[name] for name in names]


quality_checks: list[dg.AssetChecksDefinition] = [build_quality_check(check) for check in QUALITY_CHECKS]
