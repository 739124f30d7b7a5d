"""The whole dbt project on a local Spark session (Databricks' dialect) equals the DuckDB build.

`make test-spark` runs this module (the normal run deselects marker `spark`): the daily
refresh runs in-process on generated raw tables (a few orders quarantined), as in
tests/test_end_to_end.py, so the DuckDB warehouse holds every layer: the dbt models of all
four selections and the Python outputs between them (the fits, the segment history). Every
table the dbt project reads as a source (the raw tables, quarantine included, and those
Python outputs) goes as Parquet into a Spark table of the same name; the whole `dbt build`
(every layer, data and unit tests) runs on target `spark` with the vars the Dagster run
passed to dbt, read back from its dbt invocations; and every mart of the manifest,
published views included, is compared value for value. Without Java or pyspark it fails.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from dbt.cli.main import dbtRunner, dbtRunnerResult

from loyalty_demo_data import generate
from orchestration.lib.dbt_vars import AS_OF_VAR, RUN_SETTINGS_TABLE
from orchestration.lib.sql import quote_identifier
from orchestration.project import DBT_PROJECT_DIR, dbt_project
from tests.conftest import run_daily_refresh
from tests.spark.marts import Mart, Table, compare_tables, mart_models, partition_columns_last

pytestmark = pytest.mark.spark

CUSTOMERS = 2000
SEED = 11
JAVA_INSTALL = "apt-get install openjdk-17-jre-headless"
ORPHAN_ORDERS = 12
"""Quarantined orders: far below the share of bad rows that stops a run (1 %)."""
EMPTY_AFTER_ONE_RUN = {"published.segment_transitions"}
"""Marts a first refresh leaves empty: no earlier processed as-of date to move from. Every
other mart must have rows on DuckDB, or the comparison would prove nothing."""


@dataclass(frozen=True)
class Builds:
    """The two builds of one raw data set."""

    duckdb_path: Path
    manifest: dict[str, Any]
    spark: dbtRunnerResult


def run_dbt(workdir: Path, target: str, *args: str) -> dbtRunnerResult:
    """dbt in-process (dbt's programmatic runner), one target and target folder per engine."""
    options = {
        "--project-dir": DBT_PROJECT_DIR,
        "--profiles-dir": DBT_PROJECT_DIR,
        "--target": target,
        "--target-path": workdir / f"target-{target}",
        "--log-path": workdir / "logs",
    }
    return dbtRunner().invoke([*args, *(str(part) for option in options.items() for part in option)])


def orphan_orders(raw_dir: Path) -> None:
    """Give a few orders a customer nobody knows: the quarantine keeps them out of the models,
    so both builds read a quarantine with rows (the generated tables have no faults)."""
    orders = pd.read_csv(raw_dir / "orders.csv", dtype=str, keep_default_na=False)
    orders.loc[orders.index[:ORPHAN_ORDERS], "customer_id"] = "NOBODY"
    orders.to_csv(raw_dir / "orders.csv", index=False)


def vars_passed_to_dbt(run_id: str) -> dict[str, Any]:
    """The dbt vars of every dbt invocation of Dagster run `run_id`, as dbt recorded them.

    Each invocation has a target folder `<step>-<run id[:8]>-<uuid>` (defs/transform/dbt_models.py);
    the selections share the run's vars, and the rule selection adds the compiled rules. The
    as-of date is not among them (the run hands it over in raw.dbt_run_settings): the caller
    adds it.
    """
    passed: dict[str, Any] = {}
    target = Path(dbt_project.project_dir) / dbt_project.target_path
    invocations = sorted(target.glob(f"*-{run_id[:8]}-*/run_results.json"))
    assert invocations, f"no dbt invocation of run {run_id} under {target}"
    for run_results in invocations:
        variables = json.loads(run_results.read_text())["args"].get("vars") or {}
        clashing = {name for name in variables.keys() & passed.keys() if variables[name] != passed[name]}
        assert not clashing, f"the selections of run {run_id} passed different {sorted(clashing)}"
        passed.update(variables)
    return passed


def export_sources(duckdb_path: Path, manifest: Mapping[str, Any], parquet_dir: Path) -> None:
    """Every dbt source table (raw, fits, history) as `<parquet_dir>/<schema>/<table>/part-0.parquet`."""
    with duckdb.connect(str(duckdb_path), read_only=True) as conn:
        for source in manifest["sources"].values():
            folder = parquet_dir / source["schema"] / source["identifier"]
            folder.mkdir(parents=True)
            relation = f"{quote_identifier(source['schema'])}.{quote_identifier(source['identifier'])}"
            conn.execute(f"copy {relation} to '{folder / 'part-0.parquet'}' (format parquet)")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Builds]:
    """Both builds of one generated data set; a failed refresh or load fails every test."""
    if shutil.which("java") is None:
        pytest.fail(f"Spark needs Java 17 or later on PATH: {JAVA_INSTALL}")
    workdir = tmp_path_factory.mktemp("spark")
    generate(workdir / "raw", customers=CUSTOMERS, seed=SEED, fmt="csv")
    orphan_orders(workdir / "raw")
    refresh = run_daily_refresh(workdir, workdir / "raw")
    assert refresh.success, [event.message for event in refresh.all_events if event.is_failure]
    duckdb_path = workdir / "warehouse" / "loyalty.duckdb"
    with duckdb.connect(str(duckdb_path), read_only=True) as conn:
        (as_of,) = conn.execute(f"select cast(as_of_date as varchar) from {RUN_SETTINGS_TABLE}").fetchone()
    variables = json.dumps({**vars_passed_to_dbt(refresh.run_id), AS_OF_VAR: as_of})
    export_sources(duckdb_path, json.loads(dbt_project.manifest_path.read_text()), workdir / "parquet")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOYALTY_SPARK_WAREHOUSE_DIR", str(workdir / "spark-warehouse"))
        location = json.dumps({"location": str(workdir / "parquet")})
        registered = run_dbt(
            workdir, "spark", "run-operation", "register_parquet_sources", "--args", location
        )
        assert registered.success, registered.exception
        spark_build = run_dbt(workdir, "spark", "build", "--vars", variables)
        manifest = json.loads((workdir / "target-spark" / "manifest.json").read_text())
        yield Builds(duckdb_path, manifest, spark_build)


def duckdb_table(path: Path, mart: Mart) -> Table:
    """The mart from the DuckDB warehouse the daily refresh built."""
    with duckdb.connect(str(path), read_only=True) as conn:
        cursor = conn.execute(f"select * from {mart.relation}")
        return Table(tuple(column[0] for column in cursor.description), cursor.fetchall())


def spark_table(mart: Mart) -> Table:
    """The mart from the session dbt built it in; timestamps as UTC wall-clock values, as in DuckDB."""
    from pyspark.sql import SparkSession
    from pyspark.sql.types import TimestampType

    frame = SparkSession.builder.getOrCreate().table(mart.relation)
    columns = [
        f"cast(`{field.name}` as timestamp_ntz) as `{field.name}`"
        if isinstance(field.dataType, TimestampType)
        else f"`{field.name}`"
        for field in frame.schema.fields
    ]
    return Table(tuple(frame.columns), frame.selectExpr(*columns).collect())


def test_spark_build_passes_every_model_data_test_and_unit_test(builds):
    results = builds.spark.result.results if builds.spark.result else []
    failed = [
        f"{r.node.unique_id}: {r.status} {r.message}" for r in results if r.status not in ("success", "pass")
    ]
    assert builds.spark.success and not failed, failed or builds.spark.exception
    kinds = {r.node.resource_type for r in results}
    assert {"model", "test", "unit_test"} <= kinds, kinds


def test_every_mart_on_spark_equals_the_duckdb_build(builds):
    marts = mart_models(builds.manifest)
    relations = {mart.relation for mart in marts}
    every_layer = {"marts.customer_features", "segments.rule_segments", "history.segment_kpis"}
    assert every_layer | {"published.customer_segments"} <= relations, relations
    problems, empty = [], set()
    for mart in marts:
        expected = duckdb_table(builds.duckdb_path, mart)
        if not expected.rows:
            empty.add(mart.relation)
        problems += compare_tables(mart, partition_columns_last(mart, expected), spark_table(mart))
    if empty != EMPTY_AFTER_ONE_RUN:
        problems.append(f"empty on DuckDB, so nothing compared: {sorted(empty)}")
    assert not problems, "\n".join(problems)
