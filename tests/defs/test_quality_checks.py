"""The Dagster side of the quality gate: which assets are guarded, blocking, and cheap to load."""

from __future__ import annotations

import subprocess
import sys

import dagster as dg
import pytest

from orchestration.defs.quality import quality_checks
from orchestration.defs.quality.checks import QUALITY_CHECKS, build_quality_check
from orchestration.defs.resources import ServingResource, WarehouseResource
from orchestration.lib.quality.suites import load_suites
from orchestration.lib.raw_schema import RAW_TABLES
from orchestration.lib.settings import REPO_ROOT

GUARDED = {
    *(f"crm/{table.name}" for table in RAW_TABLES),
    "published/customer_features",
    "published/customer_segments",
    "published/customer_scores",
    "published/segment_membership",
    "published/segment_summary",
    "published/clv_model_params",
}
"""The raw tables as they land, and the tables BI reads as the published views hold them."""
PARAMS_KEY = dg.AssetKey(["published", "clv_model_params"])
(PARAMS_CHECK,) = (check for check in QUALITY_CHECKS if check.asset_key == PARAMS_KEY)


def test_loading_the_code_location_does_not_import_great_expectations():
    """GX takes seconds to import; the code location must load without it."""
    code = (
        "import sys, orchestration.definitions, orchestration.defs.quality; "
        "print('great_expectations' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=300, check=True
    )
    assert run.stdout.strip().splitlines()[-1] == "False", run.stderr


def test_every_guarded_asset_has_one_blocking_check():
    specs = [spec for check in quality_checks for spec in check.check_specs]
    assert sorted(spec.asset_key.to_user_string() for spec in specs) == sorted(GUARDED)
    assert all(spec.blocking for spec in specs)


def test_every_committed_suite_guards_an_asset():
    used = [name for check in QUALITY_CHECKS for name in check.suites]
    assert sorted(used) == sorted(load_suites())


def test_checks_are_named_for_what_holds_when_they_pass():
    """Predicates such as `customer_features_follow_the_contract`, each saying which table."""
    names = [check.name for check in QUALITY_CHECKS]
    assert len(set(names)) == len(names)
    for check in QUALITY_CHECKS:
        assert check.name.startswith(check.asset_key.path[-1]), check
        assert "expectations" not in check.name


def test_checks_attach_to_assets_of_the_code_location():
    from orchestration.definitions import defs

    merged = dg.Definitions.merge(defs, dg.Definitions(asset_checks=quality_checks))
    graph = merged.resolve_asset_graph()
    assert {key.to_user_string() for key in graph.get_all_asset_keys()} >= GUARDED
    job_checks = merged.resolve_job_def("daily_refresh").asset_layer.asset_graph.asset_check_keys
    assert {spec.key for check in quality_checks for spec in check.check_specs} <= set(job_checks)


def _params_then_publish(value: float) -> list[dg.AssetsDefinition]:
    """A tiny run: write clv_model_params and its published view (as the fit and dbt do), check
    it with the real check, then a downstream asset."""

    @dg.asset(key=PARAMS_KEY)
    def clv_model_params(warehouse: WarehouseResource) -> None:
        with warehouse.connect() as conn:
            for schema in ("segments", "published"):
                conn.execute(f"create schema if not exists {schema}")
            conn.execute(
                "create or replace table segments.clv_model_params as "
                "select model, parameter, ? * 1.0 as value, 'week' as time_unit, 10 as customers_fitted "
                "from (values ('bg_nbd', 'r'), ('bg_nbd', 'alpha'), ('bg_nbd', 'a'), ('bg_nbd', 'b'), "
                "('gamma_gamma', 'p'), ('gamma_gamma', 'q'), ('gamma_gamma', 'v')) as t (model, parameter)",
                [value],
            )
            conn.execute("create view published.clv_model_params as from segments.clv_model_params")

    @dg.asset(deps=[clv_model_params])
    def published() -> None:
        """Stands in for published_marts."""

    return [clv_model_params, published, build_quality_check(PARAMS_CHECK)]


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.setenv("LOYALTY_WAREHOUSE_DB", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("LOYALTY_SERVING_DIR", str(tmp_path / "serving"))
    monkeypatch.setenv("LOYALTY_QUALITY_DOCS_DIR", str(tmp_path / "quality_docs"))
    return tmp_path


def _materialize(value: float) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        _params_then_publish(value),
        resources={"warehouse": WarehouseResource(), "serving": ServingResource()},
        raise_on_error=False,
    )


def test_failed_blocking_check_stops_the_downstream_asset(workdir):
    result = _materialize(-1.0)
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    assert materialized == {PARAMS_KEY}
    (evaluation,) = result.get_asset_check_evaluations()
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.ERROR
    failures = evaluation.metadata["failures"].value
    assert {
        "suite": "clv_model_params",
        "expectation": "expect_column_values_to_be_between",
        "column": "value",
    }.items() <= failures[0].items()
    assert failures[0]["observed"]["unexpected_count"] == 7
    assert "clv_model_params: expect_column_values_to_be_between on value" in evaluation.description
    run_docs = workdir / "quality_docs" / result.run_id
    docs = run_docs / "published__clv_model_params" / "index.html"
    assert evaluation.metadata["data_docs"].value == str(docs)
    assert docs.is_file()
    assert evaluation.metadata["data_docs_overview"].value == str(run_docs / "index.html")
    assert (run_docs / "index.html").is_file()
    assert not (workdir / "serving").exists(), "a failed check writes nothing into the serving folder"


def test_passing_check_lets_the_downstream_asset_run(workdir):
    result = _materialize(0.5)
    assert result.success
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    assert materialized == {PARAMS_KEY, dg.AssetKey("published")}
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.passed
    assert evaluation.metadata["failed_expectations"].value == 0
