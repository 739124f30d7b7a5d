"""The dbt asset: run overrides of dbt vars, and the metadata of the segment and score models."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from loyalty_demo_data import generate
from orchestration.defs.ingestion.quarantine import quarantine
from orchestration.defs.ingestion.raw_tables import raw_table_assets
from orchestration.defs.resources import LandingResource, WarehouseResource
from orchestration.defs.transform.dbt_models import DbtVarsResource, loyalty_dbt_models
from orchestration.lib.as_of import latest_order_date
from orchestration.project import dbt_project, dbt_resource

CUSTOMERS = 300


def build(
    workdir: Path, dbt_vars: dict, land: bool = True, unit_tests: bool = False
) -> dg.ExecuteInProcessResult:
    """Land generated raw tables and build the dbt project with `dbt_vars` as run overrides."""
    if land:
        generate(workdir / "raw", customers=CUSTOMERS, seed=5, fmt="csv")
    # the settings go to the resources, not the environment: dbt must build in the resource's file
    return dg.materialize(
        [*raw_table_assets, quarantine, loyalty_dbt_models] if land else [loyalty_dbt_models],
        resources={
            "dbt": dbt_resource(),
            "landing": LandingResource(raw_dir=str(workdir / "raw")),
            "warehouse": WarehouseResource(database=str(workdir / "loyalty.duckdb")),
            "dbt_vars": DbtVarsResource(vars=dbt_vars, unit_tests=unit_tests),
        },
        raise_on_error=False,
    )


def metadata(result: dg.ExecuteInProcessResult, name: str) -> dict:
    """The metadata values of the materialization of segments/`name`."""
    materializations = result.asset_materializations_for_node("loyalty_dbt_models")
    (event,) = [event for event in materializations if event.asset_key == dg.AssetKey(["segments", name])]
    return {key: getattr(value, "value", value) for key, value in event.metadata.items()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dg.ExecuteInProcessResult]:
    workdir = tmp_path_factory.mktemp("dbt_vars")
    result = build(
        workdir,
        {
            "loyalty_status_new_days": -1,
            "loyalty_score_tier_thresholds": {"silver": 1.0, "gold": 2.0, "platinum": 101.0},
        },
    )
    assert result.success, [event.message for event in result.all_events if event.is_failure]
    return workdir, result


def test_run_overrides_reach_the_models_and_the_settings_metadata(built):
    workdir, result = built
    statuses = metadata(result, "loyalty_statuses")
    assert statuses["settings"]["status"]["loyalty_status_new_days"] == -1
    assert statuses["settings"]["win_back"]["win_back_decline_ratio"] == 0.5
    assert "new" not in statuses["status_sizes"]
    assert sum(statuses["status_sizes"].values()) == statuses["dagster/row_count"] == CUSTOMERS
    with duckdb.connect(str(workdir / "loyalty.duckdb"), read_only=True) as conn:
        tiers = dict(
            conn.execute("select loyalty_tier, count(*) from segments.loyalty_scores group by 1").fetchall()
        )
    assert "platinum" not in tiers and tiers == metadata(result, "loyalty_scores")["tier_sizes"]


def test_segment_models_carry_sizes_grid_and_quartiles(built):
    _, result = built
    rfm = metadata(result, "rfm_segments")
    assert sum(rfm["segment_sizes"].values()) == CUSTOMERS
    grid_buyers = sum(int(n) for line in rfm["rfm_grid"].splitlines()[2:] for n in line.split("|")[2:-1])
    assert grid_buyers == CUSTOMERS - rfm["segment_sizes"].get("prospect", 0)
    assert rfm["settings"]["rfm_segment_rules"][0]["segment"] == "champions"
    descriptive = metadata(result, "descriptive_segments")
    assert (
        sum(descriptive["segment_sizes"]["age_band"].values())
        == descriptive["dagster/row_count"]
        == CUSTOMERS
    )
    assert descriptive["settings"]["descriptive_occasional_open_rate"] == 0.15
    quartiles = metadata(result, "loyalty_scores")["score_quartiles"]
    assert 0 <= quartiles["0.25"] <= quartiles["0.5"] <= quartiles["0.75"] <= 100


def test_an_unknown_var_fails_the_run_naming_it_and_the_known_ones(tmp_path):
    result = build(tmp_path, {"loyalty_status_new_dayz": 60}, land=False)
    assert not result.success
    (failure,) = [event for event in result.all_events if event.is_step_failure]
    message = str(failure.event_specific_data.error)
    assert "unknown dbt var(s) ['loyalty_status_new_dayz']" in message
    assert "'loyalty_status_new_days'" in message and "'as_of_date'" not in message


def invocation(result: dg.ExecuteInProcessResult) -> Path:
    """The target folder of the run's one dbt invocation (named after its step and run)."""
    (folder,) = (dbt_project.project_dir / dbt_project.target_path).glob(f"*-{result.run_id[:8]}-*")
    return folder


def unit_test_statuses(result: dg.ExecuteInProcessResult) -> list[str]:
    results = json.loads((invocation(result) / "run_results.json").read_text())["results"]
    return [node["status"] for node in results if node["unique_id"].startswith("unit_test.")]


def test_unit_tests_run_only_when_asked_and_never_with_overrides(built):
    workdir, overridden = built
    assert unit_test_statuses(overridden) == []
    asked = build(workdir, {}, land=False, unit_tests=True)
    assert asked.success
    statuses = unit_test_statuses(asked)
    assert len(statuses) > 40 and set(statuses) == {"pass"}
    assert DbtVarsResource(vars={"win_back_decline_ratio": 0.4}, unit_tests=True).runs_unit_tests() is False


def test_a_build_with_the_vars_of_an_earlier_one_reuses_its_parse(built):
    """The as-of date is not a command-line var, so a daily run's vars are yesterday's: dbt does
    not re-parse the project (lib/dbt_parse_cache.py)."""
    workdir, _ = built
    first, second = build(workdir, {}, land=False), build(workdir, {}, land=False)
    assert first.success and second.success
    assert "Unable to do partial parsing" not in (invocation(second) / "dbt.log").read_text()
    with duckdb.connect(str(workdir / "loyalty.duckdb"), read_only=True) as conn:
        (as_of,) = conn.execute("select distinct as_of_date from marts.customer_features").fetchone()
        assert as_of == latest_order_date(conn)
