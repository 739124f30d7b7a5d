"""The metadata the UI shows for the dbt-built descriptive and rule segments."""

from __future__ import annotations

import duckdb

from orchestration.defs.transform.segment_model_metadata import (
    descriptive_segments_metadata,
    rule_segments_metadata,
)
from orchestration.lib.dbt_vars import project_vars
from orchestration.lib.segmentation.families import descriptive_families
from orchestration.project import DBT_PROJECT_DIR

DBT_VARS = project_vars(DBT_PROJECT_DIR)


def test_the_descriptive_families_are_the_descriptive_entries_of_var_segment_families():
    assert descriptive_families(DBT_VARS)[:3] == ("age_band", "gender", "country")
    assert "rfm" not in descriptive_families(DBT_VARS) and len(descriptive_families(DBT_VARS)) == 10


def test_descriptive_metadata_counts_rows_and_every_family():
    conn = duckdb.connect()
    conn.execute("create schema segments")
    families = descriptive_families(DBT_VARS)
    columns = ", ".join(f"'unknown' as {family}" for family in families)
    conn.execute(
        "create table segments.descriptive_segments as"
        f" select 'c' || i as customer_id, {columns} from range(3) as r(i)"
    )
    run_vars = {**DBT_VARS, "descriptive_occasional_open_rate": 0.1}
    metadata = descriptive_segments_metadata(conn, run_vars)
    assert metadata["dagster/row_count"] == 3
    assert metadata["segment_sizes"].data == {family: {"unknown": 3} for family in families}
    assert metadata["settings"].data == {
        name: value for name, value in run_vars.items() if name.startswith("descriptive_")
    }
    assert metadata["settings"].data["descriptive_occasional_open_rate"] == 0.1


def test_rule_metadata_counts_members_in_each_rule_in_file_order():
    conn = duckdb.connect()
    conn.execute("create schema segments")
    conn.execute(
        "create table segments.rule_segments as select * from (values"
        " ('a', 'vip', 'rule:vip', 'in'), ('b', 'vip', 'rule:vip', 'out'),"
        " ('a', 'lapsed', 'rule:lapsed', 'out'), ('b', 'lapsed', 'rule:lapsed', 'out'))"
        " as t(customer_id, rule_name, segment_family, segment)"
    )
    rules = [{"name": "lapsed", "predicate": "false"}, {"name": "vip", "predicate": "true"}]
    metadata = rule_segments_metadata(conn, {"segment_rules": rules})
    assert metadata["dagster/row_count"] == 4
    assert list(metadata["members_per_rule"].data.items()) == [("lapsed", 0), ("vip", 1)]
