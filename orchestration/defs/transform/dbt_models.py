"""Every dbt model as a Dagster asset, every dbt test as an asset check."""

import json
from collections.abc import Iterator, Mapping
from typing import Any
from uuid import uuid4

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets, get_asset_key_for_model
from dagster_dbt.errors import DagsterDbtCliRuntimeError
from pydantic import Field

from orchestration.defs.as_of import run_as_of
from orchestration.defs.failures import permanent_failures
from orchestration.defs.resources import (
    WAREHOUSE_POOL,
    LandingResource,
    MarketingFilesResource,
    WarehouseResource,
)
from orchestration.defs.segmentation.rules import compiled_rules
from orchestration.defs.transform.model_metadata import MODEL_METADATA, with_model_metadata
from orchestration.lib import settings
from orchestration.lib.dbt_parse_cache import reused_parse
from orchestration.lib.dbt_vars import (
    AS_OF_VAR,
    DbtVarsError,
    checked_overrides,
    project_vars,
    warehouse_vars,
    write_run_settings,
)
from orchestration.project import dbt_project


class LoyaltyDbtTranslator(DagsterDbtTranslator):
    """Groups dbt models by their layer folder (staging, intermediate, marts), unless the model's
    YAML names a group (`meta.dagster.group`)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        named = super().get_group_name(dbt_resource_props)
        fqn = dbt_resource_props.get("fqn", [])
        if named is None and dbt_resource_props.get("resource_type") == "model" and len(fqn) > 2:
            return fqn[1]
        return named


class DbtVarsResource(dg.ConfigurableResource):
    """Overrides of the dbt project's vars for one run, e.g. `vars: {loyalty_status_new_days: 60}`.

    A resource rather than op config, so one setting in the launchpad
    (`resources: dbt_vars: config: vars: {...}`) reaches every dbt selection of the run. The
    names and defaults are the `vars:` of dbt_project.yml, where each is documented; an unknown
    name fails the run naming it and listing the known ones. The as-of date is not
    among them: it is the run's partition, else LOYALTY_AS_OF, else the latest order; nor are
    the compiled rules or the family list (lib/dbt_vars.NOT_OVERRIDABLE).

    The dbt unit tests run only when `unit_tests` (LOYALTY_DBT_UNIT_TESTS) asks and no var is
    overridden: they pin what the models' logic does with the defaults on fixed inputs, which
    the day's data cannot change, so a daily run spends no time on them and CI runs them.
    """

    vars: dict[str, Any] = Field(default_factory=dict)
    unit_tests: bool | None = Field(
        default=None,
        description="also run the dbt unit tests (they pin logic, not data: CI runs them); "
        "default: LOYALTY_DBT_UNIT_TESTS",
    )

    def runs_unit_tests(self) -> bool:
        """Whether this run's dbt steps run the unit tests: asked for, and no var overridden
        (the unit tests pin what the documented defaults do)."""
        return settings.DBT_UNIT_TESTS.resolve(self.unit_tests) and not self.vars

    def checked(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(the project's defaults, the overrides): an unknown name fails the run."""
        defaults = project_vars(dbt_project.project_dir)
        with permanent_failures(DbtVarsError):
            return defaults, checked_overrides(defaults, self.vars)


AFTER_FITS = "tag:after_fits"
"""Models over the outputs of the Python fits: a second dbt selection, built after the fits."""
WITH_RULES = "rule_segments+,tag:after_fits"
"""rule_segments and the models reading it: a selection of their own after the other assembled
models, because the rules are validated against the columns those models hold."""
AFTER_HISTORY = "tag:after_history"
"""The published views (and what reads the history): the last dbt selection, before publishing."""


def build_models(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    landing: LandingResource,
    warehouse: WarehouseResource,
    dbt_vars: DbtVarsResource,
    run_vars: Mapping[str, Any] | None = None,
) -> Iterator[Any]:
    """`dbt build` of the calling selection as of the run's date with the run's dbt vars.

    With the landing's full refresh (LOYALTY_FULL_REFRESH, `full_refresh` in the launchpad) the
    incremental models are rebuilt from scratch (`--full-refresh`).

    `run_vars` are vars the calling step computes (never run overrides, which may not name
    them). A failing model or dbt test, or an unknown var, fails the same way on a retry, so
    it is not retried.
    """
    defaults, overrides = dbt_vars.checked()
    as_of = run_as_of(context, landing, warehouse)
    with warehouse.connect() as conn:
        write_run_settings(conn, as_of)
    # the same from day to day, so dbt's parse of them is reused (lib/dbt_parse_cache.py)
    passed = {
        **overrides,
        **warehouse_vars(warehouse.path(), warehouse.duckdb_memory_limit()),
        **(run_vars or {}),
    }
    context.log.info(f"dbt build as of {as_of} with vars {passed}")
    skip_unit_tests = [] if dbt_vars.runs_unit_tests() else ["--exclude-resource-type", "unit_test"]
    # a full refresh of the landing rebuilds the incremental models from scratch too
    full_refresh = ["--full-refresh"] if landing.reload_everything() else []
    cli_vars = json.dumps(passed, sort_keys=True)
    targets = dbt_project.project_dir / dbt_project.target_path
    step = context.op_execution_context.op.name
    invocation_dir = targets / f"{step}-{context.run.run_id[:8]}-{uuid4().hex[:8]}"
    described = {dbt_model(name): describe for name, describe in MODEL_METADATA.items()}
    with reused_parse(invocation_dir, targets / "parse_cache", cli_vars) as target_path:
        invocation = dbt.cli(
            ["build", "--vars", cli_vars, *skip_unit_tests, *full_refresh],
            context=context,
            target_path=target_path,
        )
        with permanent_failures(DagsterDbtCliRuntimeError):
            yield from with_model_metadata(
                context,
                invocation.stream(),
                warehouse,
                described,
                {**defaults, **passed, AS_OF_VAR: as_of.isoformat()},
            )


def dbt_selection(name: str, description: str, **selection: str) -> dg.AssetsDefinition:
    """A step running `dbt build` over `selection` (dagster-dbt's `select` / `exclude`) of the one
    dbt project, with the run's as-of date and dbt vars; `description` says what it builds."""

    def build(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        landing: LandingResource,
        warehouse: WarehouseResource,
        dbt_vars: DbtVarsResource,
    ) -> Iterator[Any]:
        yield from build_models(context, dbt, landing, warehouse, dbt_vars)

    build.__doc__ = description
    return dbt_assets(
        manifest=dbt_project.manifest_path,
        project=dbt_project,
        dagster_dbt_translator=LoyaltyDbtTranslator(),
        name=name,
        pool=WAREHOUSE_POOL,
        **selection,
    )(build)


loyalty_dbt_models = dbt_selection(
    "loyalty_dbt_models",
    "Staging, intermediate, mart, segment and score models of the dbt project: everything the "
    "Python model fits read.",
    exclude=f"{AFTER_FITS} {AFTER_HISTORY}",
)
loyalty_dbt_assembled = dbt_selection(
    "loyalty_dbt_assembled",
    "The models over the Python fits' outputs (dbt sources): the assembled segment and score "
    "tables, with the same dbt vars as the first selection.",
    select=AFTER_FITS,
    exclude=WITH_RULES,
)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=LoyaltyDbtTranslator(),
    select=WITH_RULES,
    name="loyalty_dbt_rule_segments",
    pool=WAREHOUSE_POOL,
)
def loyalty_dbt_rule_segments(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    landing: LandingResource,
    marketing_files: MarketingFilesResource,
    warehouse: WarehouseResource,
    dbt_vars: DbtVarsResource,
) -> Iterator[Any]:
    """The rule segments of the rules file (LOYALTY_SEGMENT_RULES), compiled to SQL here, and the
    tables reading them: segment_membership and segment_summary."""
    rules = compiled_rules(context, marketing_files, warehouse)
    yield from build_models(context, dbt, landing, warehouse, dbt_vars, rules)


loyalty_dbt_published = dbt_selection(
    "loyalty_dbt_published",
    "The tables as BI reads them (schema `published`), which the publish step copies as they "
    "are, after the Python history steps.",
    select=AFTER_HISTORY,
)


def dbt_model(name: str) -> dg.AssetKey:
    """The asset key of dbt model `name`, as the translator names it (so lineage joins up).

    The lookup reads the whole manifest, so any selection finds a model of another one.
    """
    return get_asset_key_for_model([loyalty_dbt_models], name)


CUSTOMER_FEATURES = dbt_model("customer_features")
BTYD_HISTORIES = dbt_model("customer_btyd_histories")
BTYD_REPEAT_VALUES = dbt_model("customer_btyd_repeat_values")
CONTACTS = dbt_model("stg_crm__contacts")
CONTACTABILITY = dbt_model("int_contacts_checked_to_customer_channels")
