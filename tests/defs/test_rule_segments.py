"""The rules step before dbt model rule_segments: the rules file, validated and compiled into the var."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.defs.resources import MarketingFilesResource, WarehouseResource
from orchestration.defs.segmentation.rules import compiled_rules


@pytest.fixture
def warehouse_db(tmp_path: Path) -> Path:
    """The three relations rules read, one member each."""
    path = tmp_path / "loyalty.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute("""
            create schema marts; create schema segments;
            create table marts.customer_features as select 'c1' as customer_id, 'O''Brien' as city;
            create table segments.customer_scores as select 'c1' as customer_id, 42.0 as loyalty_score;
            create table segments.customer_segments as select 'c1' as customer_id, 'lost' as rfm_segment;
        """)
    return path


def compile_file(warehouse_db: Path, rules: str) -> dict:
    rules_file = warehouse_db.with_name("segments.yml")
    rules_file.write_text(rules, encoding="utf-8")
    files = MarketingFilesResource(segment_rules=str(rules_file))
    return compiled_rules(dg.build_asset_context(), files, WarehouseResource(database=str(warehouse_db)))


def test_the_rules_file_becomes_var_segment_rules(warehouse_db: Path) -> None:
    var = compile_file(
        warehouse_db,
        "segments:\n"
        '  - {name: irish, conditions: {field: city, op: eq, value: "O\'Brien"}}\n'
        "  - {name: scored, conditions: {all: [{field: loyalty_score, op: gt, value: 40},"
        " {field: rfm_segment, op: eq, value: lost}]}}\n",
    )
    assert var == {
        "segment_rules": [
            {"name": "irish", "predicate": "coalesce(features.city = 'O''Brien', false)"},
            {
                "name": "scored",
                "predicate": "(coalesce(scores.loyalty_score > 40, false)"
                " and coalesce(member_segments.rfm_segment = 'lost', false))",
            },
        ]
    }


def test_a_rule_that_does_not_fit_the_warehouse_fails_without_retries(warehouse_db: Path) -> None:
    with pytest.raises(dg.Failure) as failure:
        compile_file(warehouse_db, "segments:\n  - {name: x, conditions: {field: citty, op: eq, value: a}}\n")
    assert "unknown field 'citty' (did you mean 'city'?)" in str(failure.value.description)
    assert "segments.yml" in str(failure.value.description)
    assert failure.value.allow_retries is False
