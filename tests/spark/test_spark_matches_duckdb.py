"""The whole dbt project on a local Spark session (Databricks' dialect) equals the DuckDB build.

`make test-spark` runs this module (the normal run deselects marker `spark`): the same
generated raw tables are loaded and quarantined into DuckDB by the project's loader, the
DuckDB `dbt build` runs, the raw tables go as Parquet into Spark tables of the same names,
the whole `dbt build` (every layer, data and unit tests) runs on target `spark`, and every
mart of the manifest is compared value for value. Without Java or pyspark it fails.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dbt.cli.main import dbtRunner, dbtRunnerResult

from loyalty_demo_data import generate
from orchestration.lib.as_of import latest_order_date
from orchestration.lib.quarantine import build_quarantine
from orchestration.lib.raw_loader import RAW_SCHEMA, load_raw_table
from orchestration.lib.raw_schema import RAW_TABLES
from orchestration.project import DBT_PROJECT_DIR
from tests.spark.marts import Mart, Table, compare_tables, mart_models

pytestmark = pytest.mark.spark

CUSTOMERS = 2000
SEED = 11
JAVA_INSTALL = "apt-get install openjdk-17-jre-headless"


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


def load_warehouse(raw_dir: Path, duckdb_path: Path) -> str:
    """Load and quarantine the raw tables as the ingestion assets do; return the as-of date."""
    with duckdb.connect(str(duckdb_path)) as conn:
        for table in RAW_TABLES:
            load_raw_table(conn, raw_dir, table)
        build_quarantine(conn, datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1))
        as_of = latest_order_date(conn)
        assert as_of is not None
    return as_of.isoformat()


def export_raw(duckdb_path: Path, parquet_dir: Path) -> None:
    """Every raw.* table (quarantine included) as `<parquet_dir>/<table>/part-0.parquet`."""
    with duckdb.connect(str(duckdb_path)) as conn:
        tables = conn.execute(
            "select table_name from information_schema.tables where table_schema = ?", [RAW_SCHEMA]
        ).fetchall()
        for (table,) in tables:
            (parquet_dir / table).mkdir(parents=True)
            target = parquet_dir / table / "part-0.parquet"
            conn.execute(f"copy {RAW_SCHEMA}.{table} to '{target}' (format parquet)")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Builds]:
    """Both builds of one generated data set; a failed load or DuckDB build fails every test."""
    if shutil.which("java") is None:
        pytest.fail(f"Spark needs Java 17 or later on PATH: {JAVA_INSTALL}")
    workdir = tmp_path_factory.mktemp("spark")
    generate(workdir / "raw", customers=CUSTOMERS, seed=SEED, fmt="parquet")
    duckdb_path = workdir / "loyalty.duckdb"
    as_of = load_warehouse(workdir / "raw", duckdb_path)
    variables = json.dumps({"as_of_date": as_of})
    # The later selections read the Python fits' and history outputs, which only Dagster writes.
    before_fits = ("--exclude", "tag:after_fits tag:after_history")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOYALTY_WAREHOUSE_DB", str(duckdb_path))
        patch.setenv("LOYALTY_SPARK_WAREHOUSE_DIR", str(workdir / "spark-warehouse"))
        duckdb_build = run_dbt(workdir, "dev", "build", "--vars", variables, *before_fits)
        assert duckdb_build.success, duckdb_build.exception
        export_raw(duckdb_path, workdir / "parquet")
        location = json.dumps({"location": str(workdir / "parquet")})
        registered = run_dbt(
            workdir, "spark", "run-operation", "register_parquet_sources", "--args", location
        )
        assert registered.success, registered.exception
        spark_build = run_dbt(workdir, "spark", "build", "--vars", variables, *before_fits)
        manifest = json.loads((workdir / "target-dev" / "manifest.json").read_text())
        yield Builds(duckdb_path, manifest, spark_build)


def duckdb_table(path: Path, mart: Mart) -> Table:
    """The mart from the DuckDB build (not read-only: dbt's connection in this process is open)."""
    with duckdb.connect(str(path)) as conn:
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
    assert "customer_features" in {mart.name for mart in marts}
    problems = []
    for mart in marts:
        expected = duckdb_table(builds.duckdb_path, mart)
        assert expected.rows, f"{mart.name} is empty on DuckDB: nothing compared"
        problems += compare_tables(mart, expected, spark_table(mart))
    assert not problems, "\n".join(problems)
