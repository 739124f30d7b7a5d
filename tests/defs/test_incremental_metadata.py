"""The metadata of dbt's incremental models counts what their latest change touched."""

import duckdb

from orchestration.defs.transform.incremental_metadata import base_rows_metadata, fact_metadata


def test_a_base_model_reports_live_rows_tombstones_and_its_latest_change():
    with duckdb.connect() as conn:
        conn.execute(
            "create table base as select * from (values (1, false, timestamp '2026-01-01'), "
            "(2, true, timestamp '2026-01-02'), (3, false, timestamp '2026-01-02')) "
            "as rows(_row_id, _is_removed, _changed_at)"
        )
        metadata = base_rows_metadata("base")(conn, {})
    assert metadata == {
        "dagster/row_count": 3,
        "live_rows": 2,
        "tombstones": 1,
        "rows_of_the_latest_change": 2,
        "latest_change_at": "2026-01-02 00:00:00",
    }


def test_a_fact_counts_the_keys_whose_watermarks_are_all_newest():
    with duckdb.connect() as conn:
        conn.execute(
            "create table fact as select * from (values "
            "(timestamp '2026-01-01', timestamp '2026-01-05'), "
            "(timestamp '2026-01-03', timestamp '2026-01-01'), "
            "(timestamp '2026-01-03', timestamp '2026-01-05')) as rows(a, b)"
        )
        assert fact_metadata("fact", "a", "b")(conn, {}) == {
            "dagster/row_count": 3,
            "keys_of_the_latest_change": 1,
        }
        assert fact_metadata("fact", "a")(conn, {})["keys_of_the_latest_change"] == 2
