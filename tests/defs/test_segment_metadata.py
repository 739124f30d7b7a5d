"""The metadata the UI shows for the dbt-built descriptive segments."""

from __future__ import annotations

import duckdb

from orchestration.defs.transform.segment_model_metadata import descriptive_segments_metadata
from orchestration.lib.segmentation.families import DESCRIPTIVE_FAMILIES


def test_descriptive_metadata_counts_rows_and_every_family():
    conn = duckdb.connect()
    conn.execute("create schema segments")
    columns = ", ".join(f"'unknown' as {family}" for family in DESCRIPTIVE_FAMILIES)
    conn.execute(
        "create table segments.descriptive_segments as"
        f" select 'c' || i as customer_id, {columns} from range(3) as r(i)"
    )
    metadata = descriptive_segments_metadata(conn, {"descriptive_occasional_open_rate": 0.1, "other": 1})
    assert metadata["dagster/row_count"] == 3
    assert metadata["segment_sizes"].data == {family: {"unknown": 3} for family in DESCRIPTIVE_FAMILIES}
    assert metadata["settings"].data == {"descriptive_occasional_open_rate": 0.1}
