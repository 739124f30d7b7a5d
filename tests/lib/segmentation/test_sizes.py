"""Segment sizes counted in the warehouse, for the metadata of dbt-built segment tables."""

from __future__ import annotations

import duckdb

from orchestration.lib.segmentation.families import DESCRIPTIVE_FAMILIES
from orchestration.lib.segmentation.sizes import descriptive_segments_metadata, segment_sizes


def test_sizes_per_family_largest_first_with_nulls_named():
    conn = duckdb.connect()
    conn.execute("create schema s")
    conn.execute(
        "create table s.t as select * from"
        " (values ('c1', 'a', 1), ('c2', 'b', 1), ('c3', 'b', null)) as v(id, x, y)"
    )
    sizes = segment_sizes(conn, "s.t", ["x", "y"])
    assert sizes == {"x": {"b": 2, "a": 1}, "y": {"1": 2, "null": 1}}
    assert list(sizes["x"]) == ["b", "a"]


def test_descriptive_metadata_counts_rows_and_every_family():
    conn = duckdb.connect()
    conn.execute("create schema segments")
    columns = ", ".join(f"'unknown' as {family}" for family in DESCRIPTIVE_FAMILIES)
    conn.execute(
        "create table segments.descriptive_segments as"
        f" select 'c' || i as customer_id, {columns} from range(3) as r(i)"
    )
    metadata = descriptive_segments_metadata(conn)
    assert metadata["dagster/row_count"] == 3
    assert metadata["segment_sizes"] == {family: {"unknown": 3} for family in DESCRIPTIVE_FAMILIES}
