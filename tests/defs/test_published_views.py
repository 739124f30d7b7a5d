"""The published views: one dbt view per serving table, holding exactly the contract's columns.

The publish step copies these views as they are, so what BI reads is decided here: the
columns of docs/contract.md §3 in its order, and never a personal column.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from orchestration.defs.publishing.serving import PUBLISHED_TABLES, published_marts
from orchestration.defs.transform.dbt_models import AFTER_HISTORY, dbt_model
from orchestration.lib.publish import PUBLISHED_SCHEMA
from tests.contract_doc import PUBLISHED_TABLES as PUBLISHED_SECTION
from tests.contract_doc import documented_tables

PUBLISH_STEP_TABLES = {"publish_info"}
"""Written by the publish step itself (which run, which as-of), not copied from a view."""
BUILT_AS_TABLES = {"customer_segments"}
"""Published models dbt builds as tables: a range join over the history, which every test and
quality check reading a view would repeat."""
PERSONAL_COLUMNS = {"birth_date", "email", "phone", "postal_code"}
"""Contact details and birth dates stay in the warehouse (docs/contract.md §2 and §3)."""


def published_models(manifest_path: Path) -> dict[str, dict[str, Any]]:
    """The dbt models of models/published, by the table they publish."""
    nodes = json.loads(manifest_path.read_text(encoding="utf-8"))["nodes"]
    return {
        node["alias"]: node
        for node in nodes.values()
        if node["resource_type"] == "model" and node["fqn"][1] == PUBLISHED_SCHEMA
    }


def test_every_documented_table_has_one_published_view(dbt_manifest):
    documented = set(documented_tables(PUBLISHED_SECTION)) - PUBLISH_STEP_TABLES
    models = published_models(dbt_manifest)
    assert set(models) == documented == {table.name for table in PUBLISHED_TABLES}
    for table, model in models.items():
        assert model["name"] == f"published_{table}"
        materialized = "table" if table in BUILT_AS_TABLES else "view"
        assert (model["schema"], model["config"]["materialized"]) == (PUBLISHED_SCHEMA, materialized)
        assert AFTER_HISTORY.removeprefix("tag:") in model["tags"]


def test_each_view_is_the_asset_the_publish_step_reads():
    deps = {dep.asset_key for dep in published_marts.specs_by_key[published_marts.key].deps}
    keys = {dbt_model(f"published_{table.name}") for table in PUBLISHED_TABLES}
    assert keys == {dg.AssetKey([PUBLISHED_SCHEMA, table.name]) for table in PUBLISHED_TABLES} == deps


@pytest.fixture(scope="module")
def warehouse(refreshed: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse of one refresh on generated data, read-only."""
    with duckdb.connect(str(refreshed / "warehouse" / "loyalty.duckdb"), read_only=True) as conn:
        yield conn


def view_columns(conn: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """(column, type) of every relation in schema `published`, in column order."""
    rows = conn.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = ? order by table_name, ordinal_position",
        [PUBLISHED_SCHEMA],
    ).fetchall()
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        columns.setdefault(table, []).append((column, data_type))
    return columns


def test_each_view_holds_the_contracts_columns_in_its_order(warehouse):
    documented = {
        table: list(columns.items())
        for table, columns in documented_tables(PUBLISHED_SECTION).items()
        if table not in PUBLISH_STEP_TABLES
    }
    assert view_columns(warehouse) == documented


def test_no_personal_column_reaches_the_published_schema(warehouse):
    views = view_columns(warehouse)
    mart = {name for name, *_ in warehouse.execute("describe marts.customer_features").fetchall()}
    assert "birth_date" in mart, "the mart holds a personal column the view must leave out"
    assert {table: PERSONAL_COLUMNS & {name for name, _ in columns} for table, columns in views.items()} == {
        table: set() for table in views
    }


def test_the_served_tables_are_the_views_as_they_are(warehouse, refreshed):
    """Same rows, values and column order in the serving database as in the view it copies."""
    warehouse.execute(f"attach '{refreshed / 'serving' / 'loyalty.duckdb'}' as served (read_only)")
    try:
        for table in PUBLISHED_TABLES:
            differing = warehouse.execute(
                f"select count(*) from ((select * from {PUBLISHED_SCHEMA}.{table.name} "
                f"except all select * from served.main.{table.name}) union all "
                f"(select * from served.main.{table.name} "
                f"except all select * from {PUBLISHED_SCHEMA}.{table.name}))"
            ).fetchone()[0]
            assert differing == 0, table.name
    finally:
        warehouse.execute("detach served")
