"""The marts of a dbt manifest and a value-for-value comparison of one mart on two engines.

Pure functions on plain Python rows (what DuckDB's `fetchall` and Spark's `collect` give),
so the comparison itself is unit-tested without either engine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

REL_TOLERANCE = 1e-9
"""Doubles summed in another order differ in the last bits; a 4-byte float differs after ~7 digits."""
ABS_TOLERANCE = 1e-12
BUILDING_BLOCK_FOLDERS = ("models/staging/", "models/facts/", "models/intermediate/")
"""Layers that only feed the others; every table model outside them is what users read."""
TABLE_MATERIALISATIONS = ("table", "incremental")
PUBLISHED_SCHEMA = "published"
"""The views BI reads (and the publish step copies): compared like the tables they select from."""
EXAMPLES = 3


@dataclass(frozen=True)
class Mart:
    """A model the build materialises as a mart table, and the columns that key its rows."""

    name: str
    schema: str
    key: tuple[str, ...]
    partition_by: tuple[str, ...] = ()

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class Table:
    """A table's column names and rows, as fetched."""

    columns: tuple[str, ...]
    rows: Sequence[Sequence[Any]]


def mart_models(manifest: Mapping[str, Any]) -> list[Mart]:
    """Every table model outside staging, facts and intermediate (marts, segments, assembled,
    measurement, the history kept across runs) and every view of schema `published`, keyed by
    its `unique` test.

    The key comes from the model's `unique` (or `unique_combination_of_columns`) test, so a
    new mart joins the comparison without a list to update, or from its `meta.grain` where a
    test upstream already proves the grain (a view selecting a tested table as it is); a mart
    with neither is an error.
    """
    nodes = list(manifest["nodes"].values())
    keys: dict[str, tuple[str, ...]] = {}
    for node in nodes:
        test = node.get("test_metadata") or {}
        if node["resource_type"] != "test" or not node.get("attached_node"):
            continue
        if test.get("name") == "unique":
            keys[node["attached_node"]] = (test["kwargs"]["column_name"],)
        elif test.get("name") == "unique_combination_of_columns":
            keys[node["attached_node"]] = tuple(test["kwargs"]["combination_of_columns"])
    marts = []
    for node in nodes:
        grain = node.get("config", {}).get("meta", {}).get("grain")
        if grain:
            keys[node["unique_id"]] = tuple(grain)
        if node["resource_type"] == "model" and _is_mart(node):
            if node["unique_id"] not in keys:
                raise ValueError(f"mart {node['name']} has no unique test or grain to key its rows by")
            partitions = node["config"].get("partition_by") or ()
            partitions = (partitions,) if isinstance(partitions, str) else tuple(partitions)
            marts.append(Mart(node["alias"], node["schema"], keys[node["unique_id"]], partitions))
    return sorted(marts, key=lambda mart: mart.relation)


def _is_mart(model: Mapping[str, Any]) -> bool:
    materialized = model["config"]["materialized"]
    if materialized == "view":
        return model["schema"] == PUBLISHED_SCHEMA
    return materialized in TABLE_MATERIALISATIONS and not model["original_file_path"].startswith(
        BUILDING_BLOCK_FOLDERS
    )


def partition_columns_last(mart: Mart, table: Table) -> Table:
    """`table` with the mart's partition columns moved to the end, where Spark keeps them in a
    partitioned table (segment_kpis on Spark); BI reads the published view's column order."""
    order = [column for column in table.columns if column not in mart.partition_by] + list(mart.partition_by)
    positions = [table.columns.index(column) for column in order]
    return Table(tuple(order), [tuple(row[position] for position in positions) for row in table.rows])


def compare_tables(mart: Mart, expected: Table, actual: Table) -> list[str]:
    """What differs between two builds of `mart`: columns, keys, and values column by column.

    Numbers are equal within REL_TOLERANCE whatever their type (DuckDB's BIGINT is Spark's INT,
    DECIMAL(38,2) its DECIMAL(28,2)); everything else, nulls included, must be equal and of
    the same kind (a date is no timestamp, a boolean no number).
    """
    if expected.columns != actual.columns:
        return [f"{mart.relation}: columns differ: {list(expected.columns)} vs {list(actual.columns)}"]
    expected_rows, problems = _by_key(mart, expected)
    actual_rows, actual_problems = _by_key(mart, actual)
    problems += actual_problems
    missing = sorted(expected_rows.keys() - actual_rows.keys(), key=repr)
    extra = sorted(actual_rows.keys() - expected_rows.keys(), key=repr)
    if missing:
        problems.append(f"{mart.relation}: {len(missing)} rows missing, e.g. {missing[:EXAMPLES]}")
    if extra:
        problems.append(f"{mart.relation}: {len(extra)} rows too many, e.g. {extra[:EXAMPLES]}")
    shared = sorted(expected_rows.keys() & actual_rows.keys(), key=repr)
    for index, column in enumerate(expected.columns):
        differing = [
            key for key in shared if not values_match(expected_rows[key][index], actual_rows[key][index])
        ]
        if differing:
            examples = [(key, expected_rows[key][index], actual_rows[key][index]) for key in differing]
            problems.append(
                f"{mart.relation}.{column}: {len(differing)} of {len(shared)} rows differ "
                f"(key, expected, actual), e.g. {examples[:EXAMPLES]}"
            )
    return problems


def values_match(expected: Any, actual: Any) -> bool:
    """One value equal on both engines: numbers within tolerance, anything else exactly."""
    if _is_number(expected) and _is_number(actual):
        left, right = float(expected), float(actual)
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        return math.isclose(left, right, rel_tol=REL_TOLERANCE, abs_tol=ABS_TOLERANCE)
    return type(expected) is type(actual) and expected == actual


def _by_key(mart: Mart, table: Table) -> tuple[dict[tuple[Any, ...], Sequence[Any]], list[str]]:
    positions = [table.columns.index(column) for column in mart.key]
    rows: dict[tuple[Any, ...], Sequence[Any]] = {}
    duplicates = 0
    for row in table.rows:
        key = tuple(row[position] for position in positions)
        duplicates += key in rows
        rows[key] = row
    return rows, [f"{mart.relation}: {duplicates} duplicate keys {mart.key}"] if duplicates else []


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
